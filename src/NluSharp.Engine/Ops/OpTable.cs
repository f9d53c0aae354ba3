// The one list of differentiable ops. Tests check that every name here has a central-difference gradient check
// and a reference test (tests/NluSharp.Engine.Tests/Ops/OpCoverageTests.cs).
namespace NluSharp.Engine;

public static class OpTable
{
    /// <summary>Op name → the Ops method(s) implementing it.</summary>
    public static readonly IReadOnlyDictionary<string, string> All = new Dictionary<string, string>
    {
        // elementwise, broadcasting
        ["add"] = nameof(Ops.Add), ["sub"] = nameof(Ops.Sub), ["mul"] = nameof(Ops.Mul), ["div"] = nameof(Ops.Div),
        ["add_scalar"] = nameof(Ops.AddScalar), ["mul_scalar"] = nameof(Ops.MulScalar),
        // elementwise, unary
        ["neg"] = nameof(Ops.Neg), ["exp"] = nameof(Ops.Exp), ["log"] = nameof(Ops.Log), ["sqrt"] = nameof(Ops.Sqrt),
        ["rsqrt"] = nameof(Ops.Rsqrt), ["pow"] = nameof(Ops.Pow), ["tanh"] = nameof(Ops.Tanh), ["sigmoid"] = nameof(Ops.Sigmoid),
        ["relu"] = nameof(Ops.Relu), ["gelu"] = nameof(Ops.Gelu), ["gelu_tanh"] = nameof(Ops.Gelu), ["silu"] = nameof(Ops.Silu),
        // linear algebra
        ["matmul"] = nameof(Ops.MatMul), ["linear"] = nameof(Ops.Linear),
        // reductions and normalization
        ["sum"] = nameof(Ops.Sum), ["mean"] = nameof(Ops.Mean), ["max"] = nameof(Ops.Max),
        ["softmax"] = nameof(Ops.Softmax), ["log_softmax"] = nameof(Ops.LogSoftmax),
        ["layer_norm"] = nameof(Ops.LayerNorm), ["rms_norm"] = nameof(Ops.RmsNorm),
        // indexing, masking, regularization
        ["embedding"] = nameof(Ops.Embedding), ["dropout"] = nameof(Ops.Dropout), ["masked_fill"] = nameof(Ops.MaskedFill),
        ["where"] = nameof(Ops.Where), ["gather"] = nameof(Ops.Gather),
        // shape
        ["concat"] = nameof(Ops.Concat), ["split"] = nameof(Ops.Split), ["stack"] = nameof(Ops.Stack),
        ["reshape"] = nameof(Ops.Reshape), ["transpose"] = nameof(Ops.Transpose), ["permute"] = nameof(Ops.Permute),
        ["slice"] = nameof(Ops.Slice), ["expand"] = nameof(Ops.Expand), ["contiguous"] = nameof(Ops.Contiguous),
        // losses
        ["cross_entropy"] = nameof(Ops.CrossEntropy), ["mse_loss"] = nameof(Ops.MseLoss),
    };
}
