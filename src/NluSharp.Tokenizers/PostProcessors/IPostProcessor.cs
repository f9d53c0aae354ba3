// A post-processor stage (HF `post_processor`): adds special tokens around the sequences and sets type ids.
namespace NluSharp.Tokenizers.PostProcessors;

internal interface IPostProcessor
{
    /// <summary>How many special tokens are added for a single sequence or a pair (truncation leaves room for them).</summary>
    int AddedTokens(bool isPair);

    /// <summary>HF process_encodings: turns [A] or [A, B] into the encodings to concatenate.</summary>
    List<Encoding> Process(List<Encoding> encodings, bool addSpecialTokens);
}

internal static class SpecialTokens
{
    /// <summary>
    /// An encoding made only of post-processor special tokens (offsets [0,0), special mask 1, no overflowing). The
    /// processors build each one once and share it: merging only reads it.
    /// </summary>
    public static Encoding Make(IReadOnlyList<int> ids, IReadOnlyList<string> tokens, int typeId)
    {
        var e = new Encoding(ids.Count);
        for (int i = 0; i < ids.Count; i++) e.Add(ids[i], tokens[i], typeId, new TokenOffsets(0, 0), 1, null, null);
        return e;
    }
}
