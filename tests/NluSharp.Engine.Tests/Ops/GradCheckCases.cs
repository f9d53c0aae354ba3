// One or more float64 gradient-check cases per op in OpTable, on odd shapes and on non-contiguous views
// (transposed or sliced leaves), so the view ops' backward is exercised together with each op.
using NluSharp.Engine;
using static NluSharp.Engine.Tests.TestTensors;
using T = NluSharp.Engine.Tensor<double>;

namespace NluSharp.Engine.Tests.Ops;

public sealed record GradCase(string Op, string Variant, Func<T[], T> Build, Func<T[]> Inputs)
{
    public override string ToString() => $"{Op}/{Variant}";
}

public static class GradCheckCases
{
    static T Tr(T x) => x.Transpose(0, 1);                  // non-contiguous view of a leaf
    static T Sl(T x) => x.Slice(-1, 1, x.Size(-1) - 2);     // strided slice of a leaf (drops first and last column)

    static IEnumerable<GradCase> Unary(string op, Func<T, T> f, bool positive = false)
    {
        Func<int, int[], T> make = positive ? Positive : Double;
        yield return new(op, "odd", x => f(x[0]), () => [make(1, [3, 5, 7])]);
        yield return new(op, "transposed", x => f(Tr(x[0])), () => [make(2, [5, 3])]);
    }

    static IEnumerable<GradCase> Binary(string op, Func<T, T, T> f, bool positiveB = false)
    {
        Func<int, int[], T> makeB = positiveB ? Positive : Double;
        yield return new(op, "same", x => f(x[0], x[1]), () => [Double(3, [4, 7]), makeB(4, [4, 7])]);
        yield return new(op, "broadcast", x => f(x[0], x[1]), () => [Double(5, [2, 3, 5]), makeB(6, [3, 1])]);
        yield return new(op, "broadcast-left", x => f(x[0], x[1]), () => [Double(7, [5]), makeB(8, [2, 3, 5])]);
        yield return new(op, "views", x => f(Tr(x[0]), Sl(x[1])), () => [Double(9, [5, 3]), makeB(10, [3, 7])]);
    }

    public static IEnumerable<GradCase> All()
    {
        foreach (var c in Binary("add", (a, b) => a.Add(b))) yield return c;
        foreach (var c in Binary("sub", (a, b) => a.Sub(b))) yield return c;
        foreach (var c in Binary("mul", (a, b) => a.Mul(b))) yield return c;
        foreach (var c in Binary("div", (a, b) => a.Div(b), positiveB: true)) yield return c;
        foreach (var c in Unary("add_scalar", x => x.AddScalar(0.75))) yield return c;
        foreach (var c in Unary("mul_scalar", x => x.MulScalar(-1.5))) yield return c;
        foreach (var c in Unary("neg", x => x.Neg())) yield return c;
        foreach (var c in Unary("exp", x => x.Exp())) yield return c;
        foreach (var c in Unary("log", x => x.Log(), positive: true)) yield return c;
        foreach (var c in Unary("sqrt", x => x.Sqrt(), positive: true)) yield return c;
        foreach (var c in Unary("rsqrt", x => x.Rsqrt(), positive: true)) yield return c;
        foreach (var c in Unary("pow", x => x.Pow(2.5), positive: true)) yield return c;
        foreach (var c in Unary("tanh", x => x.Tanh())) yield return c;
        foreach (var c in Unary("sigmoid", x => x.Sigmoid())) yield return c;
        foreach (var c in Unary("relu", x => x.Relu())) yield return c;
        foreach (var c in Unary("gelu", x => x.Gelu())) yield return c;
        foreach (var c in Unary("gelu_tanh", x => x.Gelu(tanhApproximation: true))) yield return c;
        foreach (var c in Unary("silu", x => x.Silu())) yield return c;

        yield return new("matmul", "2d", x => x[0].MatMul(x[1]), () => [Double(11, [5, 7]), Double(12, [7, 3])]);
        yield return new("matmul", "batched", x => x[0].MatMul(x[1]), () => [Double(13, [2, 3, 4, 5]), Double(14, [2, 3, 5, 3])]);
        yield return new("matmul", "transposed-views", x => x[0].Transpose(-1, -2).MatMul(x[1].Transpose(-1, -2)), () => [Double(15, [2, 5, 3]), Double(16, [2, 4, 5])]);
        yield return new("matmul", "shared-rhs", x => x[0].MatMul(x[1]), () => [Double(17, [2, 3, 5]), Double(18, [5, 4])]);
        yield return new("matmul", "sliced", x => Sl(x[0]).MatMul(x[1]), () => [Double(19, [3, 7]), Double(20, [5, 2])]);
        yield return new("linear", "bias", x => x[0].Linear(x[1], x[2]), () => [Double(21, [2, 3, 5]), Double(22, [4, 5]), Double(23, [4])]);
        yield return new("linear", "no-bias-view", x => Tr(x[0]).Linear(x[1]), () => [Double(24, [5, 3]), Double(25, [7, 5])]);

        yield return new("sum", "all", x => x[0].Sum(), () => [Double(26, [3, 4, 5])]);
        yield return new("sum", "axes-keepdim", x => x[0].Sum([0, 2], keepDim: true), () => [Double(27, [3, 4, 5])]);
        yield return new("sum", "view", x => Tr(x[0]).Sum([1]), () => [Double(28, [5, 3])]);
        yield return new("mean", "axis", x => x[0].Mean([-1]), () => [Double(29, [3, 7])]);
        yield return new("mean", "view-all", x => Sl(x[0]).Mean(), () => [Double(30, [3, 7])]);
        yield return new("max", "last", x => x[0].Max(-1), () => [Double(31, [3, 7])]);
        yield return new("max", "middle-view", x => Tr(x[0]).Max(0, keepDim: true), () => [Double(32, [5, 3])]);

        yield return new("softmax", "odd", x => x[0].Softmax(), () => [Double(33, [3, 2, 7])]);
        yield return new("softmax", "view", x => Tr(x[0]).Softmax(), () => [Double(34, [5, 3])]);
        yield return new("log_softmax", "odd", x => x[0].LogSoftmax(), () => [Double(35, [3, 7])]);
        yield return new("log_softmax", "view", x => Sl(x[0]).LogSoftmax(), () => [Double(36, [3, 9])]);
        yield return new("layer_norm", "affine", x => x[0].LayerNorm(x[1], x[2], 1e-5), () => [Double(37, [2, 3, 7]), Double(38, [7]), Double(39, [7])]);
        yield return new("layer_norm", "view-no-bias", x => Tr(x[0]).LayerNorm(x[1], null, 1e-12), () => [Double(40, [5, 3]), Double(41, [5])]);
        yield return new("rms_norm", "odd", x => x[0].RmsNorm(x[1], 1e-6), () => [Double(42, [3, 7]), Double(43, [7])]);
        yield return new("rms_norm", "view", x => Tr(x[0]).RmsNorm(x[1], 1e-6), () => [Double(44, [5, 3]), Double(45, [5])]);

        var ids = Tensor<int>.FromArray([3, 0, 3, 5, 1, 3], 2, 3);   // repeated ids: the backward must add, not overwrite
        yield return new("embedding", "repeated-ids", x => ids.Embedding(x[0]), () => [Double(46, [6, 5])]);
        yield return new("embedding", "view-weight", x => ids.Embedding(Tr(x[0])), () => [Double(47, [5, 6])]);
        var key = new DropoutKey(7, 3, 1);
        yield return new("dropout", "p0.3", x => x[0].Dropout(0.3, key), () => [Double(48, [4, 9])]);
        yield return new("dropout", "view", x => Tr(x[0]).Dropout(0.5, key), () => [Double(49, [9, 4])]);
        var mask = Bools(50, 3, 1, 5);
        yield return new("masked_fill", "broadcast-mask", x => x[0].MaskedFill(mask, -3.0), () => [Double(51, [3, 4, 5])]);
        yield return new("masked_fill", "view", x => Tr(x[0]).MaskedFill(Bools(52, 5, 3), 0.0), () => [Double(53, [3, 5])]);
        var cond = Bools(54, 4, 1);
        yield return new("where", "broadcast", x => NluSharp.Engine.Ops.Where(cond, x[0], x[1]), () => [Double(55, [4, 5]), Double(56, [5])]);
        yield return new("where", "views", x => NluSharp.Engine.Ops.Where(Bools(57, 3, 5), Tr(x[0]), Sl(x[1])), () => [Double(58, [5, 3]), Double(59, [3, 7])]);
        var index = Tensor<int>.FromArray([2, 0, 2, 1, 1, 1], 2, 3);
        yield return new("gather", "axis1", x => x[0].Gather(1, index), () => [Double(60, [2, 4])]);
        yield return new("gather", "axis0-view", x => Tr(x[0]).Gather(0, Tensor<int>.FromArray([1, 0, 1, 1, 0, 0], 2, 3)), () => [Double(61, [3, 2])]);

        yield return new("concat", "axis1", x => NluSharp.Engine.Ops.Concat([x[0], x[1], x[2]], 1), () => [Double(62, [2, 3]), Double(63, [2, 1]), Double(64, [2, 4])]);
        yield return new("concat", "views-axis0", x => NluSharp.Engine.Ops.Concat([Tr(x[0]), Sl(x[1])], 0), () => [Double(65, [3, 2]), Double(66, [5, 5])]);
        yield return new("split", "three", x => { var p = x[0].Split([1, 3, 2], 1); return p[0].Sum().Add(p[1].Exp().Sum()).Add(p[2].Mul(p[2]).Sum()); }, () => [Double(67, [3, 6])]);
        yield return new("stack", "axis1", x => NluSharp.Engine.Ops.Stack([x[0], Tr(x[1])], 1), () => [Double(68, [2, 3]), Double(69, [3, 2])]);
        yield return new("reshape", "dense", x => x[0].Reshape(5, -1).Exp(), () => [Double(70, [3, 5, 2])]);
        yield return new("reshape", "of-view", x => Tr(x[0]).Reshape(-1).Tanh(), () => [Double(71, [3, 5])]);
        yield return new("transpose", "3d", x => x[0].Transpose(0, 2).Exp(), () => [Double(72, [2, 3, 4])]);
        yield return new("permute", "3d", x => x[0].Permute(2, 0, 1).Softmax(), () => [Double(73, [2, 3, 4])]);
        yield return new("slice", "middle", x => x[0].Slice(1, 1, 2).Exp(), () => [Double(74, [3, 4, 2])]);
        yield return new("expand", "broadcast", x => x[0].Expand(3, 4, 5).Mul(Double(75, [3, 4, 5])), () => [Double(76, [4, 1])]);
        yield return new("contiguous", "of-transpose", x => Tr(x[0]).Contiguous().Mul(Double(77, [4, 3])), () => [Double(78, [3, 4])]);

        var targets = Tensor<int>.FromArray([2, -100, 0, 4, 1], 5);
        yield return new("cross_entropy", "plain", x => x[0].CrossEntropy(Tensor<int>.FromArray([2, 1, 0, 4, 1], 5)), () => [Double(79, [5, 5])]);
        yield return new("cross_entropy", "ignore-smoothing", x => x[0].CrossEntropy(targets, labelSmoothing: 0.1), () => [Double(80, [5, 5])]);
        yield return new("cross_entropy", "view", x => Tr(x[0]).CrossEntropy(Tensor<int>.FromArray([1, 0, 2], 3), labelSmoothing: 0.2), () => [Double(81, [3, 3])]);
        yield return new("mse_loss", "both", x => x[0].MseLoss(x[1]), () => [Double(82, [3, 5]), Double(83, [3, 5])]);
        yield return new("mse_loss", "views", x => Tr(x[0]).MseLoss(Sl(x[1])), () => [Double(84, [3, 2]), Double(85, [2, 5])]);
    }
}

public class GradCheckTests
{
    public static IEnumerable<object[]> Cases() => GradCheckCases.All().Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(Cases))]
    public void CentralDifferenceMatchesBackward(GradCase c) => GradCheck.Check(c.Build, c.Inputs());
}
