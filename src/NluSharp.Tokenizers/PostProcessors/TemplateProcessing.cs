// TemplateProcessing (HF processors/template.rs): templates such as "[CLS] $A:0 [SEP]:0 $B:1 [SEP]:1".
namespace NluSharp.Tokenizers.PostProcessors;

/// <summary>One piece of a template: a sequence (A or B) or a named special token, with its type id.</summary>
internal readonly record struct TemplatePiece(bool IsSequence, string Id, int TypeId);

internal sealed record SpecialTokenEntry(string Id, int[] Ids, string[] Tokens);

internal sealed class TemplateProcessing(IReadOnlyList<TemplatePiece> single, IReadOnlyList<TemplatePiece> pair,
    IReadOnlyDictionary<string, SpecialTokenEntry> specialTokens) : IPostProcessor
{
    public IReadOnlyList<TemplatePiece> Single => single;
    public IReadOnlyList<TemplatePiece> Pair => pair;
    public IReadOnlyDictionary<string, SpecialTokenEntry> Specials => specialTokens;

    readonly Dictionary<(string, int), Encoding> _specialEncodings = (single.Concat(pair)).Where(p => !p.IsSequence)
        .DistinctBy(p => (p.Id, p.TypeId)).ToDictionary(p => (p.Id, p.TypeId), p => SpecialTokens.Make(specialTokens[p.Id].Ids, specialTokens[p.Id].Tokens, p.TypeId));

    public int AddedTokens(bool isPair) =>
        (isPair ? pair : single).Where(p => !p.IsSequence).Sum(p => specialTokens[p.Id].Ids.Length);

    public List<Encoding> Process(List<Encoding> encodings, bool addSpecialTokens)
    {
        var template = encodings.Count > 1 ? pair : single;
        var result = new List<Encoding>();
        foreach (var piece in template)
        {
            if (piece.IsSequence)
            {
                var e = encodings[piece.Id == "A" ? 0 : 1];
                e.SetTypeIds(piece.TypeId);
                result.Add(e);
            }
            else if (addSpecialTokens) result.Add(_specialEncodings[(piece.Id, piece.TypeId)]);
        }
        return result;
    }
}

internal sealed class SequenceProcessing(IReadOnlyList<IPostProcessor> processors) : IPostProcessor
{
    public int AddedTokens(bool isPair) => processors.Sum(p => p.AddedTokens(isPair));

    public List<Encoding> Process(List<Encoding> encodings, bool addSpecialTokens)
    {
        foreach (var p in processors) encodings = p.Process(encodings, addSpecialTokens);
        return encodings;
    }
}
