// Writes a Tokenizer as Hugging Face tokenizer.json (same layout and field names as the `tokenizers` library saves),
// atomically (temp file beside the target, then move). Covers the stages this library loads.
using System.Text.Encodings.Web;
using System.Text.Json;
using NluSharp.Tokenizers.Decoders;
using NluSharp.Tokenizers.Models;
using NluSharp.Tokenizers.Normalizers;
using NluSharp.Tokenizers.Pipeline;
using NluSharp.Tokenizers.PostProcessors;
using NluSharp.Tokenizers.PreTokenizers;

namespace NluSharp.Tokenizers.Serialization;

internal static class TokenizerJsonWriter
{
    public static void Save(Tokenizer tokenizer, string path)
    {
        if (tokenizer.Encoder is not HfPipeline p)
            throw new NotSupportedException("only tokenizer.json-style pipelines can be saved as tokenizer.json (a SentencePiece .model cannot)");
        var full = Path.GetFullPath(path);
        var temp = Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        using (var stream = File.Create(temp))
        using (var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            w.WriteStartObject();
            w.WriteString("version", "1.0");
            w.WriteNull("truncation");
            w.WriteNull("padding");
            w.WriteStartArray("added_tokens");
            foreach (var t in p.AddedVocabulary.Tokens)
            {
                w.WriteStartObject();
                w.WriteNumber("id", t.Id); w.WriteString("content", t.Content); w.WriteBoolean("single_word", t.SingleWord);
                w.WriteBoolean("lstrip", t.LStrip); w.WriteBoolean("rstrip", t.RStrip); w.WriteBoolean("normalized", t.Normalized);
                w.WriteBoolean("special", t.Special);
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WritePropertyName("normalizer"); Normalizer(w, p.Normalizer);
            w.WritePropertyName("pre_tokenizer"); PreTokenizer(w, p.PreTokenizer);
            w.WritePropertyName("post_processor"); PostProcessor(w, tokenizer.PostProcessor);
            w.WritePropertyName("decoder"); Decoder(w, p.Decoder);
            w.WritePropertyName("model"); Model(w, p.Model);
            w.WriteEndObject();
        }
        File.Move(temp, full, overwrite: true);
    }

    static NotSupportedException Unsupported(string stage, object o) => new($"cannot save {stage} {o.GetType().Name} to tokenizer.json");

    static void Normalizer(Utf8JsonWriter w, INormalizer? n)
    {
        switch (n)
        {
            case null: w.WriteNullValue(); return;
            case BertNormalizer b:
                w.WriteStartObject(); w.WriteString("type", "BertNormalizer"); w.WriteBoolean("clean_text", b.CleanText);
                w.WriteBoolean("handle_chinese_chars", b.HandleChineseChars);
                if (b.StripAccents is bool s) w.WriteBoolean("strip_accents", s); else w.WriteNull("strip_accents");
                w.WriteBoolean("lowercase", b.Lowercase); w.WriteEndObject(); return;
            case UnicodeFormNormalizer u:
                w.WriteStartObject(); w.WriteString("type", (u.Compatibility ? "NFK" : "NF") + (u.Compose ? "C" : "D")); w.WriteEndObject(); return;
            case LowercaseNormalizer:
                w.WriteStartObject(); w.WriteString("type", "Lowercase"); w.WriteEndObject(); return;
            default: throw Unsupported("normalizer", n);
        }
    }

    static void PreTokenizer(Utf8JsonWriter w, IPreTokenizer? p)
    {
        switch (p)
        {
            case null: w.WriteNullValue(); return;
            case BertPreTokenizer:
                w.WriteStartObject(); w.WriteString("type", "BertPreTokenizer"); w.WriteEndObject(); return;
            case ByteLevelPreTokenizer b:
                w.WriteStartObject(); w.WriteString("type", "ByteLevel"); w.WriteBoolean("add_prefix_space", b.AddPrefixSpace);
                w.WriteBoolean("trim_offsets", true); w.WriteBoolean("use_regex", b.UseRegex); w.WriteEndObject(); return;
            case MetaspacePreTokenizer m:
                w.WriteStartObject(); w.WriteString("type", "Metaspace"); w.WriteString("replacement", m.Replacement.ToString());
                w.WriteString("prepend_scheme", m.PrependScheme.ToString().ToLowerInvariant()); w.WriteBoolean("split", m.SplitOnReplacement);
                w.WriteEndObject(); return;
            default: throw Unsupported("pre_tokenizer", p);
        }
    }

    static void TokenAndId(Utf8JsonWriter w, string name, (string Token, int Id) t)
    {
        w.WriteStartArray(name); w.WriteStringValue(t.Token); w.WriteNumberValue(t.Id); w.WriteEndArray();
    }

    static void PostProcessor(Utf8JsonWriter w, IPostProcessor? p)
    {
        switch (p)
        {
            case null: w.WriteNullValue(); return;
            case BertProcessing b:
                w.WriteStartObject(); w.WriteString("type", "BertProcessing"); TokenAndId(w, "sep", b.Sep); TokenAndId(w, "cls", b.Cls); w.WriteEndObject(); return;
            case RobertaProcessing r:
                w.WriteStartObject(); w.WriteString("type", "RobertaProcessing"); TokenAndId(w, "sep", r.Sep); TokenAndId(w, "cls", r.Cls);
                w.WriteBoolean("trim_offsets", r.TrimOffsets); w.WriteBoolean("add_prefix_space", r.AddPrefixSpace); w.WriteEndObject(); return;
            case ByteLevelProcessing b:
                w.WriteStartObject(); w.WriteString("type", "ByteLevel"); w.WriteBoolean("add_prefix_space", b.AddPrefixSpace);
                w.WriteBoolean("trim_offsets", b.TrimOffsetsEnabled); w.WriteBoolean("use_regex", true); w.WriteEndObject(); return;
            case TemplateProcessing t:
                w.WriteStartObject(); w.WriteString("type", "TemplateProcessing");
                void Pieces(string name, IReadOnlyList<TemplatePiece> pieces)
                {
                    w.WriteStartArray(name);
                    foreach (var piece in pieces)
                    {
                        w.WriteStartObject(); w.WriteStartObject(piece.IsSequence ? "Sequence" : "SpecialToken");
                        w.WriteString("id", piece.Id); w.WriteNumber("type_id", piece.TypeId); w.WriteEndObject(); w.WriteEndObject();
                    }
                    w.WriteEndArray();
                }
                Pieces("single", t.Single); Pieces("pair", t.Pair);
                w.WriteStartObject("special_tokens");
                foreach (var (name, entry) in t.Specials)
                {
                    w.WriteStartObject(name); w.WriteString("id", entry.Id);
                    w.WriteStartArray("ids"); foreach (var i in entry.Ids) w.WriteNumberValue(i); w.WriteEndArray();
                    w.WriteStartArray("tokens"); foreach (var tok in entry.Tokens) w.WriteStringValue(tok); w.WriteEndArray();
                    w.WriteEndObject();
                }
                w.WriteEndObject(); w.WriteEndObject(); return;
            default: throw Unsupported("post_processor", p);
        }
    }

    static void Decoder(Utf8JsonWriter w, IDecoder? d)
    {
        switch (d)
        {
            case null: w.WriteNullValue(); return;
            case WordPieceDecoder wp:
                w.WriteStartObject(); w.WriteString("type", "WordPiece"); w.WriteString("prefix", wp.Prefix); w.WriteBoolean("cleanup", wp.Cleanup); w.WriteEndObject(); return;
            case ByteLevelDecoder:
                w.WriteStartObject(); w.WriteString("type", "ByteLevel"); w.WriteBoolean("add_prefix_space", true); w.WriteBoolean("trim_offsets", true);
                w.WriteBoolean("use_regex", true); w.WriteEndObject(); return;
            case MetaspaceDecoder m:
                w.WriteStartObject(); w.WriteString("type", "Metaspace"); w.WriteString("replacement", m.Replacement.ToString());
                w.WriteString("prepend_scheme", m.PrependScheme.ToString().ToLowerInvariant()); w.WriteBoolean("split", true); w.WriteEndObject(); return;
            default: throw Unsupported("decoder", d);
        }
    }

    static void Vocab(Utf8JsonWriter w, Vocabulary vocab)
    {
        w.WriteStartObject("vocab");
        foreach (var (token, id) in vocab.Entries.OrderBy(e => e.Value)) w.WriteNumber(token, id);
        w.WriteEndObject();
    }

    static void Model(Utf8JsonWriter w, ITokenizerModel m)
    {
        w.WriteStartObject();
        switch (m)
        {
            case WordPieceModel wp:
                w.WriteString("type", "WordPiece"); w.WriteString("unk_token", wp.UnkToken); w.WriteString("continuing_subword_prefix", wp.ContinuingSubwordPrefix);
                w.WriteNumber("max_input_chars_per_word", wp.MaxInputCharsPerWord); Vocab(w, wp.Vocab);
                break;
            case BpeModel b:
                w.WriteString("type", "BPE"); w.WriteNull("dropout");
                if (b.UnkToken != null) w.WriteString("unk_token", b.UnkToken); else w.WriteNull("unk_token");
                if (b.ContinuingSubwordPrefix != null) w.WriteString("continuing_subword_prefix", b.ContinuingSubwordPrefix); else w.WriteNull("continuing_subword_prefix");
                if (b.EndOfWordSuffix != null) w.WriteString("end_of_word_suffix", b.EndOfWordSuffix); else w.WriteNull("end_of_word_suffix");
                w.WriteBoolean("fuse_unk", b.FuseUnk); w.WriteBoolean("byte_fallback", b.ByteFallback); w.WriteBoolean("ignore_merges", b.IgnoreMerges);
                Vocab(w, b.Vocab);
                w.WriteStartArray("merges");
                foreach (var (l, r) in b.Merges) { w.WriteStartArray(); w.WriteStringValue(l); w.WriteStringValue(r); w.WriteEndArray(); }
                w.WriteEndArray();
                break;
            case UnigramModel u:
                w.WriteString("type", "Unigram");
                if (u.UnkId is int unk) w.WriteNumber("unk_id", unk); else w.WriteNull("unk_id");
                w.WriteStartArray("vocab");
                foreach (var (piece, score) in u.Pieces) { w.WriteStartArray(); w.WriteStringValue(piece); w.WriteNumberValue(score); w.WriteEndArray(); }
                w.WriteEndArray();
                w.WriteBoolean("byte_fallback", u.ByteFallback);
                break;
            default: throw Unsupported("model", m);
        }
        w.WriteEndObject();
    }
}
