// BertProcessing (HF processors/bert.rs): [CLS] A [SEP] (B [SEP]); A keeps type 0, B and its [SEP] type 1.
namespace NluSharp.Tokenizers.PostProcessors;

internal sealed class BertProcessing((string Token, int Id) sep, (string Token, int Id) cls) : IPostProcessor
{
    public (string Token, int Id) Sep => sep;
    public (string Token, int Id) Cls => cls;

    public int AddedTokens(bool isPair) => isPair ? 3 : 2;

    readonly Encoding _cls = SpecialTokens.Make([cls.Id], [cls.Token], 0);
    readonly Encoding _sep0 = SpecialTokens.Make([sep.Id], [sep.Token], 0);
    readonly Encoding _sep1 = SpecialTokens.Make([sep.Id], [sep.Token], 1);

    public List<Encoding> Process(List<Encoding> encodings, bool addSpecialTokens)
    {
        if (!addSpecialTokens) return encodings;
        var result = new List<Encoding>(5) { _cls, encodings[0], _sep0 };
        if (encodings.Count > 1) { result.Add(encodings[1]); result.Add(_sep1); }
        return result;
    }
}
