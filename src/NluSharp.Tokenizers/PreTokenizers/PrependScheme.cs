// When Metaspace prepends its replacement character (HF PrependScheme).

namespace NluSharp.Tokenizers.PreTokenizers;

internal enum PrependScheme { Always, First, Never }
