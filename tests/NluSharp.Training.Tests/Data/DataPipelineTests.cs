// Batching with dynamic padding, seeded orders (a function of seed and epoch only), length grouping, and resumable streams.
using NluSharp.Training.Data;

namespace NluSharp.Training.Tests.Data;

public class DataPipelineTests
{
    static readonly List<TrainingExample> Pairs =
    [
        new([101, 7, 102], [0, 0, 0], Label: 1),
        new([101, 5, 6, 102, 8, 102], [0, 0, 0, 0, 1, 1], Label: 0),
        new([101, 102], [0, 0], Label: 2),
    ];

    [Fact]
    public void PadsToTheLongestInTheBatch()
    {
        var batch = new DynamicPadding(PadId: 0).Collate(Pairs, [2, 0]);
        Assert.Equal((2, 3), (batch.Size, batch.Length));
        Assert.Equal(new[] { 101, 102, 0, 101, 7, 102 }, batch.InputIds.ToArray());
        Assert.Equal(new[] { 1, 1, 0, 1, 1, 1 }, batch.AttentionMask.ToArray());
        Assert.Equal(new[] { 2, 1 }, batch.Labels!.ToArray());
        Assert.Equal(new[] { 2, 0 }, batch.ExampleIndices);
        Assert.Equal(5, batch.RealTokens);
        Assert.Equal(new[] { true, true, false, true, true, true }, batch.PaddingMask().ToArray());

        var all = new DynamicPadding(PadId: 1, PadToMultipleOf: 4).Collate(Pairs, [0, 1, 2]);
        Assert.Equal(8, all.Length);
        Assert.Equal(new[] { 101, 7, 102, 1, 1, 1, 1, 1 }, all.InputIds.ToArray()[..8]);
        Assert.Equal(new[] { 0, 0, 0, 0, 1, 1, 0, 0 }, all.TokenTypeIds!.ToArray()[8..16]);
    }

    [Fact]
    public void FloatTargetsBecomeABxKTensor()
    {
        List<TrainingExample> rows = [new([1, 2], Targets: [0.5f]), new([3], Targets: [4.25f])];
        var batch = new DynamicPadding().Collate(rows, [0, 1]);
        Assert.Null(batch.Labels);
        Assert.Equal(new[] { 2, 1 }, batch.Targets!.Shape.ToArray());
        Assert.Equal(new[] { 0.5f, 4.25f }, batch.Targets.ToArray());
    }

    [Fact]
    public void MixedBatchesAreRejectedNamingTheExample()
    {
        List<TrainingExample> rows = [new([1, 2], Label: 0), new([3], Targets: [1f])];
        Assert.Contains("example 1", Assert.Throws<InvalidDataException>(() => new DynamicPadding().Collate(rows, [0, 1])).Message);
        List<TrainingExample> badTypes = [new([1, 2], [0], Label: 0)];
        Assert.Contains("token type ids", Assert.Throws<InvalidDataException>(() => new DynamicPadding().Collate(badTypes, [0])).Message);
    }

    [Fact]
    public void PermutationDependsOnlyOnSeedAndEpoch()
    {
        var a = SeededPermutation.For(1000, 42, 3);
        Assert.Equal(Enumerable.Range(0, 1000), a.Order());
        Assert.Equal(a, SeededPermutation.For(1000, 42, 3));
        Assert.NotEqual(a, SeededPermutation.For(1000, 42, 4));
        Assert.NotEqual(a, SeededPermutation.For(1000, 43, 3));
        Assert.Empty(SeededPermutation.For(0, 1, 0));
        Assert.Equal(new[] { 0 }, SeededPermutation.For(1, 1, 0));
    }

    [Fact]
    public void PermutationIsRoughlyUniform()
    {
        // Where element 0 lands over 6000 (seed, epoch) pairs of a 6-permutation: each position ≈ 1000 (σ ≈ 29).
        var counts = new int[6];
        for (int s = 0; s < 6000; s++) counts[Array.IndexOf(SeededPermutation.For(6, (ulong)s, s % 7), 0)]++;
        Assert.All(counts, c => Assert.InRange(c, 850, 1150));
    }

    [Fact]
    public void LengthGroupingPutsTheLongestFirstAndGroupsSimilarLengths()
    {
        var rng = new Random(1);
        var lengths = Enumerable.Range(0, 400).Select(_ => 2 + rng.Next(120)).ToList();
        var order = LengthGroupedOrder.For(lengths, batchSize: 8, seed: 9, epoch: 0);
        Assert.Equal(Enumerable.Range(0, 400), order.Order());
        Assert.Equal(lengths.Max(), lengths[order[0]]);
        Assert.Equal(order, LengthGroupedOrder.For(lengths, 8, 9, 0));
        Assert.NotEqual(order, LengthGroupedOrder.For(lengths, 8, 9, 1));
        long Padded(int[] o) => o.Chunk(8).Sum(b => (long)b.Length * b.Max(i => lengths[i]));
        Assert.True(Padded(order) < 0.8 * Padded(SeededPermutation.For(400, 9, 0)), "length grouping should cut padding clearly");
        // Mega-batches of min(400 / 32, 50) = 12 batches are sorted longest first (except the swapped head).
        var mega = order.Skip(96).Take(96).Select(i => lengths[i]).ToArray();
        Assert.Equal(mega.OrderByDescending(l => l), mega);
    }

    [Fact]
    public void StreamResumesAtAnyPosition()
    {
        var plan = new BatchPlan(23, 4, DataSeed: 3);                // 6 batches per epoch, the last of 3 examples
        Assert.Equal(6, plan.BatchesPerEpoch);
        Assert.Equal(5, (plan with { DropLast = true }).BatchesPerEpoch);
        var full = new DataStream(plan);
        Assert.Equal(3, full.StepsPerEpoch(2));
        var steps = Enumerable.Range(0, 10).Select(_ => full.NextStep(4)).ToList();   // 4 + 2 batches per epoch
        Assert.Equal(new[] { 4, 2, 4, 2 }, steps.Take(4).Select(s => s.Count));
        Assert.Equal(23, steps[0].Concat(steps[1]).SelectMany(b => b).Distinct().Count());   // an epoch sees every example once

        var again = new DataStream(plan);
        for (int i = 0; i < 3; i++) again.NextStep(4);
        var resumed = new DataStream(plan, again.Position);
        Assert.Equal(new DataPosition(1, 4), again.Position);
        for (int i = 3; i < 10; i++) Assert.Equal(steps[i], resumed.NextStep(4));
        Assert.Throws<ArgumentException>(() => new DataStream(plan, new DataPosition(0, 7)));
    }

    [Fact]
    public void EvaluationPlanKeepsDatasetOrder()
    {
        var plan = new BatchPlan(5, 2, 0, Shuffle: false);
        Assert.Equal(new[] { new[] { 0, 1 }, new[] { 2, 3 }, new[] { 4 } }, plan.Batches(0).ToArray());
        Assert.Equal(new[] { new[] { 4 } }, plan.Batches(7, skipBatches: 2).ToArray());
    }
}
