// HF NFC / NFD / NFKC / NFKD normalizers (normalizers/unicode.rs), on the generated Unicode tables.
using NluSharp.Tokenizers.Pipeline;

namespace NluSharp.Tokenizers.Normalizers;

internal sealed class UnicodeFormNormalizer(bool compose, bool compatibility) : INormalizer
{
    public bool Compose => compose;
    public bool Compatibility => compatibility;

    public void Normalize(NormalizedString text) => text.NormalizeUnicode(compose, compatibility);
}
