// A pre-tokenizer stage (HF `pre_tokenizer`): cuts the normalized text into words the model tokenizes separately.
using NluSharp.Tokenizers.Pipeline;

namespace NluSharp.Tokenizers.PreTokenizers;

internal interface IPreTokenizer
{
    void PreTokenize(PreTokenizedString text);
}
