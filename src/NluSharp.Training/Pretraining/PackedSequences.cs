// Full-length training sequences cut from the token stream: chunk i is tokens [i·L, (i+1)·L) with L = T − 2, framed as
// [CLS] chunk [SEP] (run_mlm.py's group_texts / RoBERTa FULL-SENTENCES packing; the final partial chunk is dropped, as
// group_texts does). Every hundredth block of chunks gives its first p chunks to the held-out split, so validation
// text is spread over all corpus parts. Examples are read from disk on demand: nothing but the index is in memory.
using NluSharp.Training.Data;

namespace NluSharp.Training.Pretraining;

/// <summary>Which chunks a <see cref="PackedSequences"/> view holds.</summary>
public enum CorpusSplit
{
    /// <summary>The chunks not held out.</summary>
    Train,
    /// <summary>The held-out chunks.</summary>
    Validation,
}

/// <summary>The packed sequences of one split, as a read-only list the trainer batches from.</summary>
public sealed class PackedSequences : IReadOnlyList<TrainingExample>, IDataFingerprint
{
    readonly TokenizedCorpus corpus;
    readonly int chunkLength, clsId, sepId, validationPercentage;
    readonly long chunks;
    readonly CorpusSplit split;

    /// <summary>Sequences of <paramref name="sequenceLength"/> tokens (including [CLS] and [SEP]) of one split.</summary>
    public PackedSequences(TokenizedCorpus corpus, int sequenceLength, int clsId, int sepId, int validationPercentage, CorpusSplit split)
    {
        if (sequenceLength < 3) throw new ArgumentException($"--max-seq-length must be at least 3 for pretraining, got {sequenceLength}");
        if (validationPercentage is < 0 or > 50) throw new ArgumentException($"--validation-split-percentage must be in [0, 50], got {validationPercentage}");
        (this.corpus, this.clsId, this.sepId, this.validationPercentage, this.split) = (corpus, clsId, sepId, validationPercentage, split);
        chunkLength = sequenceLength - 2;
        chunks = corpus.TokenCount / chunkLength;
        long validation = chunks / 100 * validationPercentage + Math.Min(chunks % 100, validationPercentage);
        long count = split == CorpusSplit.Validation ? validation : chunks - validation;
        if (count > int.MaxValue) throw new ArgumentException($"{count} sequences is more than supported; use a longer --max-seq-length");
        Count = (int)count;
        SequenceLength = sequenceLength;
    }

    /// <summary>Tokens per sequence.</summary>
    public int SequenceLength { get; }

    /// <inheritdoc />
    public int Count { get; }

    /// <summary>The corpus chunk index of example <paramref name="index"/> of this split.</summary>
    public long ChunkOf(int index)
    {
        int p = validationPercentage;
        return split == CorpusSplit.Validation ? (long)(index / p) * 100 + index % p
            : (long)(index / (100 - p)) * 100 + p + index % (100 - p);
    }

    /// <inheritdoc />
    public TrainingExample this[int index]
    {
        get
        {
            if ((uint)index >= (uint)Count) throw new ArgumentOutOfRangeException(nameof(index), index, $"the {split} split has {Count} sequences");
            var ids = new int[SequenceLength];
            ids[0] = clsId;
            corpus.ReadTokens(ChunkOf(index) * chunkLength, ids.AsSpan(1, chunkLength));
            ids[^1] = sepId;
            return new TrainingExample(ids);
        }
    }

    /// <inheritdoc />
    public string Fingerprint => $"{corpus.Fingerprint}:T{SequenceLength}:val{validationPercentage}:{split}";

    /// <inheritdoc />
    public IEnumerator<TrainingExample> GetEnumerator()
    {
        for (int i = 0; i < Count; i++) yield return this[i];
    }

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
