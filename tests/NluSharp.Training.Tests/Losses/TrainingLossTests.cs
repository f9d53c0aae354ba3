// The trainer's losses against torch 1.13 (functional cross_entropy with and without label smoothing,
// binary_cross_entropy_with_logits, mse_loss) on logits that include large magnitudes, values printed by torch.
using NluSharp.Engine;
using NluSharp.Training.Data;
using NluSharp.Training.Losses;

namespace NluSharp.Training.Tests.Losses;

public class TrainingLossTests
{
    static readonly float[] Logits = [2.5f, -1.0f, 0.25f, -30.0f, 40.0f, 0.0f, 0.5f, 0.5f, -0.75f, 15.0f, -2.0f, 3.0f];

    static Batch BatchWith(Tensor<int>? labels = null, Tensor<float>? targets = null) => new()
    {
        InputIds = Tensor<int>.Zeros(4, 1), AttentionMask = Tensor<int>.Full(1, 4, 1), Labels = labels, Targets = targets,
        ExampleIndices = [0, 1, 2, 3], RealTokens = 4,
    };

    static void Close(uint torchBits, Tensor<float> loss) =>
        Assert.Equal(BitConverter.UInt32BitsToSingle(torchBits), loss.ToScalar(), 1e-6f * Math.Max(1f, Math.Abs(BitConverter.UInt32BitsToSingle(torchBits))));

    [Fact]
    public void CrossEntropyMatchesTorch()
    {
        var batch = BatchWith(labels: Tensor<int>.FromArray([0, 2, 1, 0], 4));
        var logits = Tensor<float>.FromArray(Logits, 4, 3);
        Close(0x4123d117, TrainingLoss.CrossEntropy().Compute(logits, batch));
        Close(0x4127488e, TrainingLoss.CrossEntropy(0.1).Compute(logits, batch));
    }

    [Fact]
    public void BinaryCrossEntropyWithLogitsMatchesTorch()
    {
        var y = Tensor<float>.FromArray([1f, 0, 1, 0, 1, 0, 1, 1, 0, 0, 0, 1], 4, 3);
        Close(0x3fc1d514, TrainingLoss.BinaryCrossEntropyWithLogits().Compute(Tensor<float>.FromArray(Logits, 4, 3), BatchWith(targets: y)));
    }

    [Fact]
    public void MeanSquaredErrorSqueezesLikeHuggingFace()
    {
        var logits = Tensor<float>.FromArray([2.5f, -30.0f, 0.5f, 15.0f], 4, 1);   // (B, 1) regression head
        Close(0x437b7400, TrainingLoss.MeanSquaredError().Compute(logits, BatchWith(targets: Tensor<float>.FromArray([0.5f, -1.25f, 3.0f, 2.0f], 4, 1))));
    }

    [Fact]
    public void BinaryCrossEntropyGradientIsSigmoidMinusTargetOverCount()
    {
        var x = Tensor<float>.FromArray([0.3f, -2f], 1, 2);
        x.RequiresGrad = true;
        TrainingLoss.BinaryCrossEntropyWithLogits().Compute(x, BatchWith(targets: Tensor<float>.FromArray([1f, 0f], 1, 2))).Backward();
        var g = x.Grad!.ToArray();
        Assert.Equal((1 / (1 + Math.Exp(-0.3)) - 1) / 2, g[0], 6);
        Assert.Equal(1 / (1 + Math.Exp(2)) / 2, g[1], 6);
    }

    [Fact]
    public void WrongTargetKindIsExplained()
    {
        var logits = Tensor<float>.FromArray(Logits, 4, 3);
        Assert.Contains("class labels", Assert.Throws<InvalidOperationException>(() => TrainingLoss.CrossEntropy().Compute(logits, BatchWith(targets: Tensor<float>.Zeros(4, 1)))).Message);
        Assert.Contains("float targets", Assert.Throws<InvalidOperationException>(() => TrainingLoss.MeanSquaredError().Compute(logits, BatchWith(labels: Tensor<int>.Zeros(4)))).Message);
    }
}
