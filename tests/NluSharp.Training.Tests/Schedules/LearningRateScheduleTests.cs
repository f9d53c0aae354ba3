// Schedules against Hugging Face's lr_lambda formulas: values from transformers/optimization.py evaluated in Python
// (base 3e-5, 10 steps, warmup 3; polynomial power 2, end 1e-7), compared for exact double equality.
using NluSharp.Training.Schedules;

namespace NluSharp.Training.Tests.Schedules;

public class LearningRateScheduleTests
{
    static void AssertExact(double[] expected, LearningRateSchedule schedule)
    {
        for (int s = 0; s < expected.Length; s++)
            Assert.True(BitConverter.DoubleToInt64Bits(expected[s]) == BitConverter.DoubleToInt64Bits(schedule.LearningRateAt(s)),
                $"{schedule.Kind} step {s}: expected {expected[s]:R}, got {schedule.LearningRateAt(s):R}");
    }

    [Fact]
    public void LinearMatchesHuggingFace() => AssertExact(
        [0.0, 9.999999999999999e-06, 1.9999999999999998e-05, 3e-05, 2.5714285714285714e-05, 2.1428571428571428e-05,
         1.7142857142857142e-05, 1.2857142857142857e-05, 8.571428571428571e-06, 4.2857142857142855e-06, 0.0, 0.0],
        new LearningRateSchedule(ScheduleKind.Linear, 3e-5, 10, new Warmup(Steps: 3)));

    [Fact]
    public void CosineMatchesHuggingFace() => AssertExact(
        [0.0, 9.999999999999999e-06, 1.9999999999999998e-05, 3e-05, 2.8514533018536286e-05, 2.4352347027881003e-05,
         1.8337814009344716e-05, 1.1662185990655285e-05, 5.647652972118998e-06, 1.4854669814637145e-06, 0.0,
         1.4854669814637128e-06],   // HF's cosine rises again after the last step; kept as is
        new LearningRateSchedule(ScheduleKind.Cosine, 3e-5, 10, new Warmup(Steps: 3)));

    [Fact]
    public void PolynomialMatchesHuggingFace() => AssertExact(
        [0.0, 9.999999999999999e-06, 1.9999999999999998e-05, 3e-05, 2.2067346938775517e-05, 1.535510204081633e-05,
         9.863265306122449e-06, 5.591836734693879e-06, 2.540816326530612e-06, 7.102040816326534e-07, 1e-07, 1e-07],
        new LearningRateSchedule(ScheduleKind.Polynomial, 3e-5, 10, new Warmup(Steps: 3), endLearningRate: 1e-7, power: 2.0));

    [Fact]
    public void ConstantWithWarmupMatchesHuggingFace() => AssertExact(
        [0.0, 9.999999999999999e-06, 1.9999999999999998e-05, 3e-05, 3e-05, 3e-05, 3e-05, 3e-05, 3e-05, 3e-05, 3e-05, 3e-05],
        new LearningRateSchedule(ScheduleKind.ConstantWithWarmup, 3e-5, 10, new Warmup(Steps: 3)));

    [Fact]
    public void ConstantIgnoresWarmup()
    {
        var s = new LearningRateSchedule(ScheduleKind.Constant, 0.1, 10, new Warmup(Steps: 3));
        Assert.All(Enumerable.Range(0, 12), i => Assert.Equal(0.1, s.LearningRateAt(i)));
    }

    [Fact]
    public void WarmupRatioRoundsUpAndStepsWin()
    {
        Assert.Equal(2, new Warmup(Ratio: 0.15).Resolve(10));          // ceil(1.5)
        Assert.Equal(0, new Warmup(Ratio: 0.0).Resolve(10));
        Assert.Equal(4, new Warmup(Steps: 4, Ratio: 0.5).Resolve(10)); // HF: warmup_steps > 0 takes precedence
        Assert.Equal(2, new LearningRateSchedule(ScheduleKind.Linear, 1e-3, 10, new Warmup(Ratio: 0.15)).WarmupSteps);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Warmup(Ratio: 1.5).Resolve(10));
    }

    [Fact]
    public void CosineMidpointAndEndByHand()
    {
        var s = new LearningRateSchedule(ScheduleKind.Cosine, 1.0, 10);
        Assert.Equal(1.0, s.Multiplier(0));
        Assert.Equal(0.5, s.Multiplier(5), 15);
        Assert.Equal(0.0, s.Multiplier(10), 15);
    }

    [Fact]
    public void PolynomialNeedsEndBelowBase() =>
        Assert.Throws<ArgumentException>(() => new LearningRateSchedule(ScheduleKind.Polynomial, 1e-7, 10));
}
