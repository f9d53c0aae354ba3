// A token produced by a model (or an added token): id, text, and [Start, End) in UTF-16 units of its piece.
namespace NluSharp.Tokenizers.Pipeline;

internal readonly record struct Token(int Id, string Value, int Start, int End);
