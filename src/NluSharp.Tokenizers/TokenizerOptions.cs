// Truncation and padding settings (HF TruncationParams / PaddingParams).
namespace NluSharp.Tokenizers;

public enum TruncationStrategy { LongestFirst, OnlyFirst, OnlySecond }

public enum TruncationDirection { Right, Left }

public enum PaddingDirection { Right, Left }

/// <summary>Truncation to <see cref="MaxLength"/> ids, special tokens included; <see cref="Stride"/> overlapping tokens between overflowing windows.</summary>
public sealed record TruncationOptions(int MaxLength, TruncationStrategy Strategy = TruncationStrategy.LongestFirst, int Stride = 0,
    TruncationDirection Direction = TruncationDirection.Right);

/// <summary>Padding to a fixed length, or to the longest sequence of a batch when <see cref="Length"/> is null; rounded up to <see cref="PadToMultipleOf"/>.</summary>
public sealed record PaddingOptions(int? Length = null, int? PadToMultipleOf = null, PaddingDirection Direction = PaddingDirection.Right,
    int PadId = 0, int PadTypeId = 0, string PadToken = "[PAD]");
