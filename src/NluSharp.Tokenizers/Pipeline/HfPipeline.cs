// The Hugging Face tokenizers pipeline for one text: added tokens → normalizer → pre-tokenizer → model
// (Tokenizer::encode_single_sequence / PreTokenizedString::into_encoding), and decode through the decoder.
using NluSharp.Tokenizers.Decoders;
using NluSharp.Tokenizers.Models;
using NluSharp.Tokenizers.Normalizers;
using NluSharp.Tokenizers.PreTokenizers;

namespace NluSharp.Tokenizers.Pipeline;

internal sealed class HfPipeline(INormalizer? normalizer, IPreTokenizer? preTokenizer, ITokenizerModel model,
    AddedVocabulary addedVocabulary, IDecoder? decoder) : SequenceEncoder
{
    public INormalizer? Normalizer => normalizer;
    public IPreTokenizer? PreTokenizer => preTokenizer;
    public ITokenizerModel Model => model;
    public AddedVocabulary AddedVocabulary => addedVocabulary;
    public IDecoder? Decoder => decoder;

    public override Encoding EncodeSequence(string text, int typeId)
    {
        var pts = new PreTokenizedString(text);
        addedVocabulary.ExtractAndNormalize(pts, normalizer);
        preTokenizer?.PreTokenize(pts);
        var encoding = new Encoding(text.Length / 3 + 4) { SourceText = text };
        var tokens = new List<Token>();
        for (int wordIndex = 0; wordIndex < pts.Splits.Count; wordIndex++)
        {
            var split = pts.Splits[wordIndex];
            var ns = split.Normalized;
            List<Token> splitTokens;
            if (split.Tokens != null) splitTokens = split.Tokens;
            else
            {
                tokens.Clear();
                model.Tokenize(ns.Text, tokens);
                splitTokens = tokens;
            }
            foreach (var t in splitTokens)
            {
                var (start, end) = ns.OriginalRange(t.Start, t.End);
                encoding.Add(t.Id, t.Value, typeId, new TokenOffsets(start, end), 0, wordIndex, null);
            }
        }
        return encoding;
    }

    /// <summary>The words a trainer counts: the text normalized and pre-tokenized (HF TokenizerImpl::word_count).</summary>
    public IEnumerable<string> Words(string text)
    {
        var pts = new PreTokenizedString(text);
        pts.Normalize(ns => normalizer?.Normalize(ns));
        preTokenizer?.PreTokenize(pts);
        foreach (var split in pts.Splits) yield return split.Normalized.Text;
    }

    public override string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens)
    {
        var tokens = new List<string>(ids.Count);
        foreach (var id in ids)
        {
            var token = addedVocabulary.IdToToken(id) ?? model.IdToToken(id);
            if (token == null) continue;
            if (skipSpecialTokens && addedVocabulary.IsSpecial(id)) continue;
            tokens.Add(token);
        }
        return decoder == null ? string.Join(" ", tokens) : string.Concat(decoder.DecodeChain(tokens));
    }

    public override int? TokenToId(string token) => addedVocabulary.TokenToId(token) ?? model.TokenToId(token);

    public override string? IdToToken(int id) => addedVocabulary.IdToToken(id) ?? model.IdToToken(id);

    public override int VocabSize => model.VocabSize + addedVocabulary.Tokens.Count(t => model.IdToToken(t.Id) == null);
}
