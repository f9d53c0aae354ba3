// Reference tests: each op run in float32 (the fast kernels) against an independent scalar float64
// implementation written here from the op's definition (PyTorch semantics), on odd shapes and views.
using NluSharp.Engine;
using static NluSharp.Engine.Tests.TestTensors;
using F = NluSharp.Engine.Tensor<float>;

namespace NluSharp.Engine.Tests.Ops;

public sealed record ReferenceCase(string Op, string Variant, Action Run)
{
    public override string ToString() => $"{Op}/{Variant}";
}

public static class ReferenceCases
{
    const double Tol = 2e-5;

    /// <summary>Asserts |actual − expected| ≤ tol·(1 + |expected|) elementwise and equal shapes.</summary>
    public static void Close(F actual, int[] expectedShape, double[] expected, double tol = Tol)
    {
        Assert.Equal(expectedShape, actual.Shape.ToArray());
        var a = actual.ToArray();
        Assert.Equal(expected.Length, a.Length);
        for (int i = 0; i < a.Length; i++)
            Assert.True(Math.Abs(a[i] - expected[i]) <= tol * (1 + Math.Abs(expected[i])) || (double.IsNaN(a[i]) && double.IsNaN(expected[i])),
                $"element {i}: {a[i]:R} vs reference {expected[i]:R}");
    }

    static double[] D(F t) => t.ToArray().Select(v => (double)v).ToArray();

    // Row-major index helpers for references written with plain loops.
    static int[] Unravel(int flat, int[] shape)
    {
        var idx = new int[shape.Length];
        for (int d = shape.Length - 1; d >= 0; d--) { idx[d] = flat % shape[d]; flat /= shape[d]; }
        return idx;
    }
    static int Ravel(int[] idx, int[] shape) { int f = 0; for (int d = 0; d < shape.Length; d++) f = f * shape[d] + idx[d]; return f; }
    static double At(double[] data, int[] shape, int[] outIdx)
    {
        // Broadcast read: align right, size-1 dims read index 0.
        var idx = new int[shape.Length];
        for (int d = 0; d < shape.Length; d++) { int od = outIdx[outIdx.Length - shape.Length + d]; idx[d] = shape[d] == 1 ? 0 : od; }
        return data[Ravel(idx, shape)];
    }

    static ReferenceCase Unary(string op, Func<F, F> f, Func<double, double> r, bool positive = false) => new(op, "transposed-odd", () =>
    {
        var baseT = positive ? Positive(1, 7, 3).ToFloat() : Float(1, 7, 3);
        var x = baseT.Transpose(0, 1);
        Close(f(x), [3, 7], D(x).Select(r).ToArray());
    });

    static ReferenceCase Binary(string op, Func<F, F, F> f, Func<double, double, double> r) => new(op, "broadcast-views", () =>
    {
        var a = Float(2, 5, 3).Transpose(0, 1);          // [3, 5] view
        var b = Positive(3, 2, 1, 5).ToFloat();           // [2, 1, 5]
        int[] shape = [2, 3, 5];
        double[] ad = D(a), bd = D(b);
        var expected = Enumerable.Range(0, 30).Select(i => { var o = Unravel(i, shape); return r(At(ad, [3, 5], o), At(bd, [2, 1, 5], o)); }).ToArray();
        Close(f(a, b), shape, expected);
    });

    static double Erf(double x) => NluSharp.Engine.Kernels.SpecialFunctions.Erf(x);

    public static IEnumerable<ReferenceCase> All()
    {
        yield return Binary("add", (a, b) => a.Add(b), (x, y) => x + y);
        yield return Binary("sub", (a, b) => a.Sub(b), (x, y) => x - y);
        yield return Binary("mul", (a, b) => a.Mul(b), (x, y) => x * y);
        yield return Binary("div", (a, b) => a.Div(b), (x, y) => x / y);
        yield return Unary("add_scalar", x => x.AddScalar(2.5f), v => v + 2.5);
        yield return Unary("mul_scalar", x => x.MulScalar(-0.5f), v => v * -0.5);
        yield return Unary("neg", x => x.Neg(), v => -v);
        yield return Unary("exp", x => x.Exp(), Math.Exp);
        yield return Unary("log", x => x.Log(), Math.Log, positive: true);
        yield return Unary("sqrt", x => x.Sqrt(), Math.Sqrt, positive: true);
        yield return Unary("rsqrt", x => x.Rsqrt(), v => 1 / Math.Sqrt(v), positive: true);
        yield return Unary("pow", x => x.Pow(1.7f), v => Math.Pow(v, 1.7), positive: true);
        yield return Unary("tanh", x => x.Tanh(), Math.Tanh);
        yield return Unary("sigmoid", x => x.Sigmoid(), v => 1 / (1 + Math.Exp(-v)));
        yield return Unary("relu", x => x.Relu(), v => Math.Max(v, 0));
        yield return Unary("gelu", x => x.Gelu(), v => 0.5 * v * (1 + Erf(v / Math.Sqrt(2))));
        yield return Unary("gelu_tanh", x => x.Gelu(true), v => 0.5 * v * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (v + 0.044715 * v * v * v))));
        yield return Unary("silu", x => x.Silu(), v => v / (1 + Math.Exp(-v)));

        yield return new("matmul", "batched-transposed-rhs", () =>
        {
            var a = Float(4, 2, 17, 33); var bt = Float(5, 2, 9, 33);
            var y = a.MatMul(bt.Transpose(-1, -2));
            double[] ad = D(a), bd = D(bt);
            var e = new double[2 * 17 * 9];
            for (int z = 0; z < 2; z++) for (int i = 0; i < 17; i++) for (int j = 0; j < 9; j++)
                    { double s = 0; for (int p = 0; p < 33; p++) s += ad[(z * 17 + i) * 33 + p] * bd[(z * 9 + j) * 33 + p]; e[(z * 17 + i) * 9 + j] = s; }
            Close(y, [2, 17, 9], e, 1e-4);
        });
        yield return new("linear", "bias", () =>
        {
            var x = Float(6, 3, 5, 19); var w = Float(7, 11, 19); var b = Float(8, 11);
            double[] xd = D(x), wd = D(w), bd = D(b);
            var e = new double[15 * 11];
            for (int r = 0; r < 15; r++) for (int o = 0; o < 11; o++)
                { double s = bd[o]; for (int p = 0; p < 19; p++) s += xd[r * 19 + p] * wd[o * 19 + p]; e[r * 11 + o] = s; }
            Close(x.Linear(w, b), [3, 5, 11], e, 1e-4);
        });
        yield return new("sum", "axes", () =>
        {
            var x = Float(9, 3, 4, 5); var xd = D(x);
            var e = new double[4];
            for (int i = 0; i < 60; i++) e[Unravel(i, [3, 4, 5])[1]] += xd[i];
            Close(x.Sum([0, 2]), [4], e);
        });
        yield return new("mean", "view", () =>
        {
            var x = Float(10, 5, 3).Transpose(0, 1); var xd = D(x);
            Close(x.Mean([1], keepDim: true), [3, 1], Enumerable.Range(0, 3).Select(r => xd.Skip(r * 5).Take(5).Average()).ToArray());
        });
        yield return new("max", "axis0", () =>
        {
            var x = Float(11, 4, 6); var xd = D(x);
            Close(x.Max(0), [6], Enumerable.Range(0, 6).Select(c => Enumerable.Range(0, 4).Max(r => xd[r * 6 + c])).ToArray());
        });
        Func<double[], double[]> softmax = row => { double m = row.Max(); var e = row.Select(v => Math.Exp(v - m)).ToArray(); double s = e.Sum(); return e.Select(v => v / s).ToArray(); };
        yield return new("softmax", "rows", () =>
        {
            var x = Float(12, 4, 37).MulScalar(5f); var xd = D(x);
            Close(x.Softmax(), [4, 37], Enumerable.Range(0, 4).SelectMany(r => softmax(xd.Skip(r * 37).Take(37).ToArray())).ToArray());
        });
        yield return new("log_softmax", "rows", () =>
        {
            var x = Float(13, 3, 29).MulScalar(5f); var xd = D(x);
            Close(x.LogSoftmax(), [3, 29], Enumerable.Range(0, 3).SelectMany(r => softmax(xd.Skip(r * 29).Take(29).ToArray()).Select(v => Math.Log(v))).ToArray());
        });
        yield return new("layer_norm", "affine", () =>
        {
            var x = Float(14, 5, 23); var g = Float(15, 23); var b = Float(16, 23);
            double[] xd = D(x), gd = D(g), bd = D(b);
            var e = new double[5 * 23];
            for (int r = 0; r < 5; r++)
            {
                var row = xd.Skip(r * 23).Take(23).ToArray(); double m = row.Average(), v = row.Select(t => (t - m) * (t - m)).Average();
                for (int c = 0; c < 23; c++) e[r * 23 + c] = (row[c] - m) / Math.Sqrt(v + 1e-12) * gd[c] + bd[c];
            }
            Close(x.LayerNorm(g, b, 1e-12), [5, 23], e, 1e-4);
        });
        yield return new("rms_norm", "rows", () =>
        {
            var x = Float(17, 4, 21); var g = Float(18, 21);
            double[] xd = D(x), gd = D(g);
            var e = new double[4 * 21];
            for (int r = 0; r < 4; r++)
            {
                var row = xd.Skip(r * 21).Take(21).ToArray(); double s = 1 / Math.Sqrt(row.Select(t => t * t).Average() + 1e-6);
                for (int c = 0; c < 21; c++) e[r * 21 + c] = row[c] * s * gd[c];
            }
            Close(x.RmsNorm(g, 1e-6), [4, 21], e, 1e-4);
        });
        yield return new("embedding", "rows", () =>
        {
            var w = Float(19, 7, 5); var wd = D(w); int[] ids = [6, 0, 6, 2];
            Close(Tensor<int>.FromArray(ids, 2, 2).Embedding(w), [2, 2, 5], ids.SelectMany(i => wd.Skip(i * 5).Take(5)).ToArray());
        });
        yield return new("embedding", "padding-index-gets-no-gradient", () =>
        {
            // torch.nn.Embedding(padding_idx=6): the padding row is read but its gradient stays exactly 0.
            var w = Float(20, 7, 5); w.RequiresGrad = true; int[] ids = [6, 0, 6, 2];
            var y = Tensor<int>.FromArray(ids, 2, 2).Embedding(w, paddingIndex: 6);
            Close(y, [2, 2, 5], ids.SelectMany(i => D(w).Skip(i * 5).Take(5)).ToArray());
            y.Sum().Backward();
            var g = w.Grad!.ToArray();
            var e = new double[35];
            for (int c = 0; c < 5; c++) { e[0 * 5 + c] = 1; e[2 * 5 + c] = 1; }
            Assert.Equal(e, g.Select(v => (double)v).ToArray());
        });
        yield return new("dropout", "rate-and-scale", () =>
        {
            // Inverted dropout: kept elements are x/(1−p); the kept fraction is close to 1−p; same key, same mask.
            var x = F.Full(1f, 200, 500);
            var y1 = x.Dropout(0.25, new DropoutKey(1, 2, 3)).ToArray();
            var y2 = x.Dropout(0.25, new DropoutKey(1, 2, 3)).ToArray();
            var y3 = x.Dropout(0.25, new DropoutKey(1, 3, 3)).ToArray();
            Assert.Equal(y1, y2);
            Assert.NotEqual(y1, y3);
            Assert.All(y1, v => Assert.True(v == 0f || Math.Abs(v - 1 / 0.75f) < 1e-6));
            double kept = y1.Count(v => v != 0) / (double)y1.Length;
            Assert.InRange(kept, 0.745, 0.755);
            Assert.Same(x, x.Dropout(0.25, new DropoutKey(1, 2, 3), training: false));
        });
        yield return new("masked_fill", "broadcast", () =>
        {
            var x = Float(20, 2, 3, 4); var m = Bools(21, 2, 1, 4); var xd = D(x); var md = m.ToArray();
            Close(x.MaskedFill(m, -7f), [2, 3, 4], Enumerable.Range(0, 24).Select(i => { var o = Unravel(i, [2, 3, 4]); return md[o[0] * 4 + o[2]] ? -7 : xd[i]; }).ToArray());
        });
        yield return new("where", "broadcast", () =>
        {
            var c = Bools(22, 3, 1); var a = Float(23, 3, 4); var b = Float(24, 4); var cd = c.ToArray(); double[] ad = D(a), bd = D(b);
            Close(NluSharp.Engine.Ops.Where(c, a, b), [3, 4], Enumerable.Range(0, 12).Select(i => cd[i / 4] ? ad[i] : bd[i % 4]).ToArray());
        });
        yield return new("gather", "axis1", () =>
        {
            var x = Float(25, 3, 5); var xd = D(x); int[] idx = [4, 0, 1, 1, 3, 2];
            Close(x.Gather(1, Tensor<int>.FromArray(idx, 3, 2)), [3, 2], Enumerable.Range(0, 6).Select(i => xd[(i / 2) * 5 + idx[i]]).ToArray());
        });
        yield return new("concat", "axis0", () =>
        {
            var a = Float(26, 2, 3); var b = Float(27, 1, 3);
            Close(NluSharp.Engine.Ops.Concat([a, b], 0), [3, 3], D(a).Concat(D(b)).ToArray());
        });
        yield return new("split", "axis1", () =>
        {
            var x = Float(28, 2, 5); var xd = D(x); var p = x.Split([2, 3], 1);
            Close(p[0], [2, 2], [xd[0], xd[1], xd[5], xd[6]]);
            Close(p[1], [2, 3], [xd[2], xd[3], xd[4], xd[7], xd[8], xd[9]]);
        });
        yield return new("stack", "axis0", () =>
        {
            var a = Float(29, 2, 3); var b = Float(30, 2, 3);
            Close(NluSharp.Engine.Ops.Stack([a, b], 0), [2, 2, 3], D(a).Concat(D(b)).ToArray());
        });
        yield return new("reshape", "infer", () => { var x = Float(31, 2, 6); Close(x.Reshape(3, -1), [3, 4], D(x)); });
        yield return new("transpose", "values", () =>
        {
            var x = Float(32, 2, 3); var xd = D(x);
            Close(x.Transpose(0, 1), [3, 2], [xd[0], xd[3], xd[1], xd[4], xd[2], xd[5]]);
        });
        yield return new("permute", "values", () =>
        {
            var x = Float(33, 2, 3, 4); var xd = D(x);
            Close(x.Permute(2, 0, 1), [4, 2, 3], Enumerable.Range(0, 24).Select(i => { var o = Unravel(i, [4, 2, 3]); return xd[Ravel([o[1], o[2], o[0]], [2, 3, 4])]; }).ToArray());
        });
        yield return new("slice", "values", () => { var x = Float(34, 3, 4); var xd = D(x); Close(x.Slice(0, 1, 2), [2, 4], xd.Skip(4).Take(8).ToArray()); });
        yield return new("expand", "values", () => { var x = Float(35, 3, 1); var xd = D(x); Close(x.Expand(2, 3, 2), [2, 3, 2], [xd[0], xd[0], xd[1], xd[1], xd[2], xd[2], xd[0], xd[0], xd[1], xd[1], xd[2], xd[2]]); });
        yield return new("contiguous", "values", () => { var x = Float(36, 3, 2).Transpose(0, 1); var c = x.Contiguous(); Assert.True(c.IsContiguous); Close(c, [2, 3], D(x)); });
        yield return new("cross_entropy", "ignore-smoothing", () =>
        {
            var x = Float(37, 6, 11); var xd = D(x); int[] t = [3, -100, 0, 10, 5, -100]; double eps = 0.1;
            double total = 0; int count = 0;
            for (int r = 0; r < 6; r++)
            {
                if (t[r] == -100) continue;
                var lp = softmax(xd.Skip(r * 11).Take(11).ToArray()).Select(v => Math.Log(v)).ToArray();
                total += (1 - eps) * -lp[t[r]] + eps * -lp.Average(); count++;
            }
            Close(x.CrossEntropy(Tensor<int>.FromArray(t, 6), labelSmoothing: eps), [], [total / count]);
            Assert.True(float.IsNaN(x.CrossEntropy(Tensor<int>.Full(-100, 6)).ToScalar()), "all targets ignored gives NaN, as PyTorch");
        });
        yield return new("mse_loss", "mean", () =>
        {
            var p = Float(38, 4, 3); var t = Float(39, 4, 3); double[] pd = D(p), td = D(t);
            Close(p.MseLoss(t), [], [pd.Zip(td, (a, b) => (a - b) * (a - b)).Average()]);
        });
    }
}

public class ReferenceTests
{
    public static IEnumerable<object[]> Cases() => ReferenceCases.All().Select(c => new object[] { c });

    [Theory]
    [MemberData(nameof(Cases))]
    public void Float32MatchesScalarReference(ReferenceCase c) => c.Run();
}

public class OpCoverageTests
{
    [Fact]
    public void EveryOpInTheTableHasAGradientCheckAndAReferenceTest()
    {
        var graded = GradCheckCases.All().Select(c => c.Op).ToHashSet();
        var referenced = ReferenceCases.All().Select(c => c.Op).ToHashSet();
        var missingGrad = OpTable.All.Keys.Where(k => !graded.Contains(k)).ToList();
        var missingRef = OpTable.All.Keys.Where(k => !referenced.Contains(k)).ToList();
        Assert.True(missingGrad.Count == 0, "ops without a gradient check: " + string.Join(", ", missingGrad));
        Assert.True(missingRef.Count == 0, "ops without a reference test: " + string.Join(", ", missingRef));
        var unknown = graded.Concat(referenced).Where(k => !OpTable.All.ContainsKey(k)).Distinct().ToList();
        Assert.True(unknown.Count == 0, "test cases for ops missing from OpTable: " + string.Join(", ", unknown));
    }
}
