// Length-grouped data order, the idea of Hugging Face's LengthGroupedSampler (trainer_pt_utils.get_length_grouped_indices):
// shuffle, cut into mega-batches of mega_batch_mult·batch_size, sort each mega-batch by length (longest first, stable),
// and move the longest sequence into the very first batch so an out-of-memory shows up immediately.
// Batches then hold similar lengths, so dynamic padding wastes little.
namespace NluSharp.Training.Data;

/// <summary>Seeded, length-grouped order of dataset indices.</summary>
public static class LengthGroupedOrder
{
    /// <summary>The order for one epoch; a pure function of the lengths, batch size, seed and epoch.</summary>
    /// <param name="lengths">Length of every example.</param>
    /// <param name="batchSize">Micro-batch size.</param>
    /// <param name="seed">Data seed.</param>
    /// <param name="epoch">Epoch number.</param>
    /// <param name="megaBatchMultiplier">Mega-batch size in batches; HF's default min(n / (4·batch), 50), at least 1, when null.</param>
    public static int[] For(IReadOnlyList<int> lengths, int batchSize, ulong seed, int epoch, int? megaBatchMultiplier = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        int n = lengths.Count;
        int mult = megaBatchMultiplier ?? Math.Max(1, Math.Min(n / (batchSize * 4), 50));
        var shuffled = SeededPermutation.For(n, seed, epoch);
        int megaSize = mult * batchSize;
        var megaBatches = new List<int[]>();
        for (int start = 0; start < n; start += megaSize)
            megaBatches.Add(shuffled.Skip(start).Take(megaSize).OrderByDescending(i => lengths[i]).ToArray());   // LINQ OrderBy is stable, like Python's sorted
        if (megaBatches.Count == 0) return [];
        // The longest mega-batch head goes first (HF swaps the first element of the first and the longest mega-batch).
        int longest = 0;
        for (int m = 1; m < megaBatches.Count; m++)
            if (lengths[megaBatches[m][0]] > lengths[megaBatches[longest][0]]) longest = m;
        (megaBatches[0][0], megaBatches[longest][0]) = (megaBatches[longest][0], megaBatches[0][0]);
        return megaBatches.SelectMany(m => m).ToArray();
    }
}
