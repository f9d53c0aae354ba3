// Reads the fields of a SentencePiece ModelProto (sentencepiece_model.proto) that encoding and decoding need,
// with Google.Protobuf's CodedInputStream (no generated classes: the proto is small and stable).
using Google.Protobuf;

namespace NluSharp.Tokenizers.SentencePiece;

internal enum PieceType { Normal = 1, Unknown = 2, Control = 3, UserDefined = 4, Unused = 5, Byte = 6 }

internal enum SentencePieceModelType { Unigram = 1, Bpe = 2, Word = 3, Char = 4 }

internal sealed record SentencePiecePiece(string Piece, float Score, PieceType Type);

internal sealed class SentencePieceModelProto
{
    public List<SentencePiecePiece> Pieces { get; } = new();
    public SentencePieceModelType ModelType { get; private set; } = SentencePieceModelType.Unigram;
    public bool ByteFallback { get; private set; }
    public bool TreatWhitespaceAsSuffix { get; private set; }
    public int UnkId { get; private set; }
    public int BosId { get; private set; } = 1;
    public int EosId { get; private set; } = 2;
    public int PadId { get; private set; } = -1;
    public string? UnkSurface { get; private set; }
    public string NormalizerName { get; private set; } = "";
    public byte[] PrecompiledCharsMap { get; private set; } = [];
    public bool AddDummyPrefix { get; private set; } = true;
    public bool RemoveExtraWhitespaces { get; private set; } = true;
    public bool EscapeWhitespaces { get; private set; } = true;

    public static SentencePieceModelProto Parse(byte[] data, string source)
    {
        var model = new SentencePieceModelProto();
        try
        {
            var input = new CodedInputStream(data);
            uint tag;
            while ((tag = input.ReadTag()) != 0)
            {
                switch (WireFormat.GetTagFieldNumber(tag))
                {
                    case 1: model.Pieces.Add(ReadPiece(input.ReadBytes().ToByteArray())); break;
                    case 2: model.ReadTrainerSpec(input.ReadBytes().ToByteArray()); break;
                    case 3: model.ReadNormalizerSpec(input.ReadBytes().ToByteArray()); break;
                    default: input.SkipLastField(); break;
                }
            }
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{source}: not a SentencePiece model (protobuf ModelProto): {e.Message}", e);
        }
        if (model.Pieces.Count == 0) throw new InvalidDataException($"{source}: SentencePiece model has no pieces (ModelProto field 1)");
        if (model.UnkId < 0 || model.UnkId >= model.Pieces.Count)
            throw new InvalidDataException($"{source}: trainer_spec.unk_id {model.UnkId} is outside the {model.Pieces.Count} pieces");
        return model;
    }

    static SentencePiecePiece ReadPiece(byte[] data)
    {
        var input = new CodedInputStream(data);
        string piece = ""; float score = 0; var type = PieceType.Normal;
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: piece = input.ReadString(); break;
                case 2: score = input.ReadFloat(); break;
                case 3: type = (PieceType)input.ReadEnum(); break;
                default: input.SkipLastField(); break;
            }
        }
        return new SentencePiecePiece(piece, score, type);
    }

    void ReadTrainerSpec(byte[] data)
    {
        var input = new CodedInputStream(data);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 3: ModelType = (SentencePieceModelType)input.ReadEnum(); break;
                case 24: TreatWhitespaceAsSuffix = input.ReadBool(); break;
                case 35: ByteFallback = input.ReadBool(); break;
                case 40: UnkId = input.ReadInt32(); break;
                case 41: BosId = input.ReadInt32(); break;
                case 42: EosId = input.ReadInt32(); break;
                case 43: PadId = input.ReadInt32(); break;
                case 44: UnkSurface = input.ReadString(); break;
                default: input.SkipLastField(); break;
            }
        }
    }

    void ReadNormalizerSpec(byte[] data)
    {
        var input = new CodedInputStream(data);
        uint tag;
        while ((tag = input.ReadTag()) != 0)
        {
            switch (WireFormat.GetTagFieldNumber(tag))
            {
                case 1: NormalizerName = input.ReadString(); break;
                case 2: PrecompiledCharsMap = input.ReadBytes().ToByteArray(); break;
                case 3: AddDummyPrefix = input.ReadBool(); break;
                case 4: RemoveExtraWhitespaces = input.ReadBool(); break;
                case 5: EscapeWhitespaces = input.ReadBool(); break;
                default: input.SkipLastField(); break;
            }
        }
    }
}
