// sentencepiece's encoder and decoder (sentencepiece_processor.cc, unigram_model.cc, bpe_model.cc, v0.1.97):
// its normalizer, Viterbi in float over the pieces (unigram) or score-ordered merges (BPE), byte fallback for unknown
// characters, offsets through norm_to_orig, and its decoding rules. Loaded from a .model (protobuf ModelProto).
using System.Text;
using NluSharp.Tokenizers.Pipeline;

namespace NluSharp.Tokenizers.SentencePiece;

internal sealed class SentencePieceTokenizer : SequenceEncoder
{
    const float UnkPenalty = 10.0f;
    static readonly string SpaceSymbol = "\u2581";

    public SentencePieceModelProto Model { get; }
    readonly SentencePieceNormalizer _normalizer;
    readonly ByteTrie _trie = new();
    readonly Dictionary<string, int> _pieceIds = new(StringComparer.Ordinal);
    readonly int[] _byteIds = new int[256];
    readonly float _minScore, _maxScore;

    public static Tokenizer Load(string path)
    {
        var model = SentencePieceModelProto.Parse(File.ReadAllBytes(path), path);
        if (model.ModelType is not (SentencePieceModelType.Unigram or SentencePieceModelType.Bpe))
            throw new NotSupportedException($"{path}: SentencePiece model type {model.ModelType} is not supported; supported: Unigram, BPE");
        return new Tokenizer(new SentencePieceTokenizer(model, path), null);
    }

    public SentencePieceTokenizer(SentencePieceModelProto model, string source)
    {
        Model = model;
        Array.Fill(_byteIds, -1);
        var userDefined = new List<byte[]>();
        _minScore = float.MaxValue; _maxScore = float.MinValue;
        for (int i = 0; i < model.Pieces.Count; i++)
        {
            var p = model.Pieces[i];
            _pieceIds.TryAdd(p.Piece, i);
            if (p.Type is PieceType.Normal or PieceType.UserDefined or PieceType.Unused)
                _trie.Add(System.Text.Encoding.UTF8.GetBytes(p.Piece), i);
            if (p.Type == PieceType.UserDefined) userDefined.Add(System.Text.Encoding.UTF8.GetBytes(p.Piece));
            if (p.Type == PieceType.Normal) { _minScore = Math.Min(_minScore, p.Score); _maxScore = Math.Max(_maxScore, p.Score); }
            if (p.Type == PieceType.Byte)
            {
                if (p.Piece.Length == 6 && p.Piece.StartsWith("<0x") && byte.TryParse(p.Piece.AsSpan(3, 2), System.Globalization.NumberStyles.HexNumber, null, out byte b))
                    _byteIds[b] = i;
                else throw new InvalidDataException($"{source}: byte piece {i} is '{p.Piece}', expected <0xXX>");
            }
        }
        if (model.ByteFallback && _byteIds.Any(id => id < 0))
            throw new InvalidDataException($"{source}: byte_fallback is set but not all 256 <0xXX> pieces exist");
        var charsMap = model.PrecompiledCharsMap.Length > 0 ? new PrecompiledCharsMap(model.PrecompiledCharsMap, source) : null;
        _normalizer = new SentencePieceNormalizer(model, charsMap, userDefined.OrderByDescending(u => u.Length).ToList());
    }

    bool IsUnknown(int id) => Model.Pieces[id].Type == PieceType.Unknown;
    bool IsControl(int id) => Model.Pieces[id].Type == PieceType.Control;

    public override Encoding EncodeSequence(string text, int typeId)
    {
        var input = System.Text.Encoding.UTF8.GetBytes(text);
        var (normalized, normToOrig) = _normalizer.Normalize(input);
        var pieces = Model.ModelType == SentencePieceModelType.Bpe ? EncodeBpe(normalized) : EncodeUnigram(normalized);
        var byteToUtf16 = ByteToUtf16(text, input.Length);
        var encoding = new Encoding();
        int consumed = 0;
        bool previousUnknown = false;
        foreach (var (length, id) in pieces)
        {
            int begin = consumed, end = consumed + length;
            int origBegin = normToOrig[begin], origEnd = normToOrig[end];
            var offsets = new TokenOffsets(byteToUtf16[origBegin], byteToUtf16[origEnd]);
            bool unknown = IsUnknown(id);
            if (IsControl(id))
            {
                encoding.Add(id, Model.Pieces[id].Piece, typeId, new TokenOffsets(offsets.Start, offsets.Start), 0, null, null);
                previousUnknown = false;
                continue;
            }
            if (unknown && Model.ByteFallback)
            {
                // One <0xXX> piece per byte; only the last covers the original character (sentencepiece's surfaces).
                for (int k = 0; k < length; k++)
                {
                    int byteId = _byteIds[normalized[begin + k]];
                    var o = k == length - 1 ? offsets : new TokenOffsets(offsets.Start, offsets.Start);
                    encoding.Add(byteId, Model.Pieces[byteId].Piece, typeId, o, 0, null, null);
                }
                consumed = end;
                previousUnknown = false;
                continue;
            }
            if (unknown && previousUnknown)
            {
                // Runs of unknown pieces are merged into one.
                int last = encoding.Count - 1;
                encoding.SetOffset(last, new TokenOffsets(encoding.Offsets[last].Start, offsets.End));
            }
            else encoding.Add(id, Model.Pieces[id].Piece, typeId, offsets, 0, null, null);
            consumed = end;
            previousUnknown = unknown;
        }
        return encoding;
    }

    // Original UTF-8 byte offset → UTF-16 index of the character holding that byte (end of text → text length).
    static int[] ByteToUtf16(string text, int byteLength)
    {
        var map = new int[byteLength + 1];
        int b = 0;
        for (int i = 0; i < text.Length;)
        {
            int cp = Unicode.CharClasses.CodePointAt(text, i, out int len);
            int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
            for (int k = 0; k < n && b + k < map.Length; k++) map[b + k] = i;
            b += n;
            i += len;
        }
        for (; b <= byteLength; b++) map[b] = text.Length;
        return map;
    }

    /// <summary>unigram_model.cc Model::EncodeOptimized: best path ending at each byte position, scores in float.</summary>
    List<(int Length, int Id)> EncodeUnigram(byte[] s)
    {
        int size = s.Length;
        var score = new float[size + 1];
        var startsAt = new int[size + 1];
        var ids = new int[size + 1];
        Array.Fill(startsAt, -1);
        float unkScore = _minScore - UnkPenalty;
        for (int start = 0; start < size;)
        {
            float here = score[start];
            bool hasSingle = false;
            int charLength = Math.Min(Math.Max(1, OneCharLen(s[start])), size - start);
            int node = 0;
            for (int pos = start; pos < size;)
            {
                node = _trie.Step(node, s[pos]);
                pos++;
                if (node < 0) break;
                int id = _trie.Value(node);
                if (id < 0 || Model.Pieces[id].Type == PieceType.Unused) continue;
                int length = pos - start;
                float pieceScore = Model.Pieces[id].Type == PieceType.UserDefined ? length * _maxScore - 0.1f : Model.Pieces[id].Score;
                float candidate = pieceScore + here;
                if (startsAt[pos] == -1 || candidate > score[pos]) { score[pos] = candidate; startsAt[pos] = start; ids[pos] = id; }
                if (length == charLength) hasSingle = true;
            }
            if (!hasSingle)
            {
                int end = start + charLength;
                float candidate = unkScore + here;
                if (startsAt[end] == -1 || candidate > score[end]) { score[end] = candidate; startsAt[end] = start; ids[end] = Model.UnkId; }
            }
            start += charLength;
        }
        var result = new List<(int, int)>();
        for (int end = size; end > 0; end = startsAt[end]) result.Add((end - startsAt[end], ids[end]));
        result.Reverse();
        return result;
    }

    static int OneCharLen(byte b) => "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x02\x02\x03\x04"[b >> 4];

    /// <summary>bpe_model.cc Model::SampleEncode without sampling: merge the adjacent pair whose concatenation is the best-scoring piece, leftmost on ties.</summary>
    List<(int Length, int Id)> EncodeBpe(byte[] s)
    {
        var symbols = new List<(int Start, int Length, int Prev, int Next)>();
        for (int i = 0; i < s.Length;)
        {
            int n = Math.Min(Math.Max(1, OneCharLen(s[i])), s.Length - i);
            symbols.Add((i, n, symbols.Count - 1, symbols.Count + 1));
            i += n;
        }
        if (symbols.Count > 0) symbols[^1] = symbols[^1] with { Next = -1 };
        var queue = new PriorityQueue<(int Left, int Right, int Size), (float NegScore, int Left)>();
        void TryAdd(int left, int right)
        {
            if (left < 0 || right < 0) return;
            var piece = System.Text.Encoding.UTF8.GetString(s, symbols[left].Start, symbols[left].Length + symbols[right].Length);
            if (!_pieceIds.TryGetValue(piece, out int id) || Model.Pieces[id].Type is not (PieceType.Normal or PieceType.UserDefined)) return;
            queue.Enqueue((left, right, piece.Length), (-Model.Pieces[id].Score, left));
        }
        for (int i = 1; i < symbols.Count; i++) TryAdd(i - 1, i);
        while (queue.TryDequeue(out var top, out _))
        {
            var l = symbols[top.Left]; var r = symbols[top.Right];
            if (l.Length == 0 || r.Length == 0 || l.Next != top.Right) continue;
            if (System.Text.Encoding.UTF8.GetCharCount(s, l.Start, l.Length + r.Length) != top.Size) continue;
            symbols[top.Left] = l with { Length = l.Length + r.Length, Next = r.Next };
            if (r.Next >= 0) symbols[r.Next] = symbols[r.Next] with { Prev = top.Left };
            symbols[top.Right] = r with { Length = 0 };
            TryAdd(symbols[top.Left].Prev, top.Left);
            TryAdd(top.Left, symbols[top.Left].Next);
        }
        var result = new List<(int, int)>();
        for (int i = symbols.Count > 0 ? 0 : -1; i >= 0; i = symbols[i].Next)
        {
            var piece = System.Text.Encoding.UTF8.GetString(s, symbols[i].Start, symbols[i].Length);
            result.Add((symbols[i].Length, _pieceIds.TryGetValue(piece, out int id) && !IsUnknown(id) && Model.Pieces[id].Type != PieceType.Control ? id : Model.UnkId));
        }
        return result;
    }

    public override string Decode(IReadOnlyList<int> ids, bool skipSpecialTokens)
    {
        var text = new StringBuilder();
        var bytes = new List<byte>();
        bool isBosWs = true;
        void Append(string surface)
        {
            text.Append(surface);
            if (surface.Length > 0) isBosWs = false;
        }
        void Flush()
        {
            if (bytes.Count == 0) return;
            Append(Utf8.DecodeLossyPerByte(bytes.ToArray()));
            bytes.Clear();
        }
        foreach (var id in ids)
        {
            if (id < 0 || id >= Model.Pieces.Count) continue;
            var p = Model.Pieces[id];
            if (p.Type == PieceType.Byte) { bytes.Add((byte)Array.IndexOf(_byteIds, id)); continue; }
            Flush();
            if (p.Type == PieceType.Control) continue;
            if (p.Type == PieceType.Unknown) { Append(Model.UnkSurface ?? " \u2047 "); continue; }
            var piece = p.Piece;
            if (isBosWs && (Model.AddDummyPrefix || Model.RemoveExtraWhitespaces) && piece.StartsWith(SpaceSymbol, StringComparison.Ordinal))
                piece = piece[SpaceSymbol.Length..];
            Append(piece.Replace(SpaceSymbol, " "));
        }
        Flush();
        return text.ToString();
    }

    public override int? TokenToId(string token) => _pieceIds.TryGetValue(token, out int id) ? id : null;

    public override string? IdToToken(int id) => id >= 0 && id < Model.Pieces.Count ? Model.Pieces[id].Piece : null;

    public override int VocabSize => Model.Pieces.Count;
}
