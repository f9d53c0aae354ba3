// RobertaProcessing (HF processors/roberta.rs): <s> A </s> (</s> B </s>), every type id 0; optionally trims the
// byte-level offsets first (leading/trailing spaces are not part of a token's span).
namespace NluSharp.Tokenizers.PostProcessors;

internal sealed class RobertaProcessing((string Token, int Id) sep, (string Token, int Id) cls, bool trimOffsets, bool addPrefixSpace) : IPostProcessor
{
    public (string Token, int Id) Sep => sep;
    public (string Token, int Id) Cls => cls;
    public bool TrimOffsets => trimOffsets;
    public bool AddPrefixSpace => addPrefixSpace;

    public int AddedTokens(bool isPair) => isPair ? 4 : 2;

    readonly Encoding _cls = SpecialTokens.Make([cls.Id], [cls.Token], 0);
    readonly Encoding _sep = SpecialTokens.Make([sep.Id], [sep.Token], 0);

    public List<Encoding> Process(List<Encoding> encodings, bool addSpecialTokens)
    {
        if (trimOffsets)
            foreach (var e in encodings) ByteLevelProcessing.TrimOffsets(e, addPrefixSpace);
        if (!addSpecialTokens) return encodings;
        foreach (var e in encodings) e.SetTypeIds(0);
        var result = new List<Encoding>(6) { _cls, encodings[0], _sep };
        if (encodings.Count > 1) { result.Add(_sep); result.Add(encodings[1]); result.Add(_sep); }
        return result;
    }
}
