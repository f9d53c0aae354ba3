// Reverse-mode automatic differentiation on a tape: every op whose inputs require grad appends its backward
// closure; Backward() walks the tape in reverse (a valid reverse topological order, since ops are recorded in
// execution order), then frees the graph. Parameters (leaves) keep and accumulate their .Grad.
using System.Numerics;

namespace NluSharp.Engine;

public static class Autograd
{
    readonly record struct Entry(ITensor Output, Action Backward);

    [ThreadStatic] static List<Entry>? tape;
    [ThreadStatic] static int noGradDepth;

    static List<Entry> Tape => tape ??= new List<Entry>(256);

    /// <summary>False inside a NoGrad scope: ops then record nothing.</summary>
    public static bool IsRecording => noGradDepth == 0;

    internal static int TapeLength => tape?.Count ?? 0;

    /// <summary>Disables recording until the returned scope is disposed (evaluation, optimizer updates).</summary>
    public static NoGradScope NoGrad() { noGradDepth++; return new NoGradScope(); }

    public readonly struct NoGradScope : IDisposable
    {
        public void Dispose() => noGradDepth--;
    }

    internal static bool ShouldRecord<T>(Tensor<T> a) where T : unmanaged => noGradDepth == 0 && a.RequiresGrad;
    internal static bool ShouldRecord<T>(Tensor<T> a, Tensor<T> b) where T : unmanaged => noGradDepth == 0 && (a.RequiresGrad || b.RequiresGrad);
    internal static bool ShouldRecord<T>(IReadOnlyList<Tensor<T>> inputs) where T : unmanaged
    {
        if (noGradDepth != 0) return false;
        foreach (var t in inputs) if (t.RequiresGrad) return true;
        return false;
    }

    /// <summary>Marks output as computed by an op and records its backward (which reads output.Grad and adds into inputs' grads).</summary>
    internal static void Record<T>(Tensor<T> output, Action backward) where T : unmanaged
    {
        output.MarkComputed();
        Tape.Add(new Entry(output, backward));
    }

    internal static void TruncateTape(int length)
    {
        if (tape != null && tape.Count > length) tape.RemoveRange(length, tape.Count - length);
    }

    /// <summary>
    /// Back-propagates from root: seeds root.Grad with seed (or 1 for a one-element root), runs every recorded
    /// backward in reverse order, then frees the graph. Leaves that require grad accumulate into .Grad.
    /// </summary>
    public static void Backward<T>(this Tensor<T> root, Tensor<T>? seed = null) where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (!root.RequiresGrad)
            throw new InvalidOperationException("Backward() called on a tensor that does not require grad: no input of the computation had RequiresGrad = true (or it was computed under NoGrad)");
        if (seed == null && root.Length != 1)
            throw new InvalidOperationException($"Backward() without a seed gradient needs a one-element (scalar) tensor, got shape {Shapes.Format(root.Shape)}; pass a seed of the same shape or reduce first (Sum/Mean)");
        if (seed != null && !Shapes.SameShape(seed.Shape, root.Shape))
            throw new ArgumentException($"seed gradient shape {Shapes.Format(seed.Shape)} differs from the tensor's {Shapes.Format(root.Shape)}");

        var grad = root.GradBuffer();
        if (seed == null) grad.AsSpan().Fill(T.One);
        else Strided.AddInto(seed.shape, seed.storage.Array, seed.strides, seed.offset, grad.storage.Array, grad.strides, grad.offset);

        var entries = Tape;
        try
        {
            using (NoGrad())
            {
                for (int i = entries.Count - 1; i >= 0; i--)
                {
                    var e = entries[i];
                    if (HasGrad(e.Output)) e.Backward();
                }
            }
        }
        finally
        {
            foreach (var e in entries) e.Output.ReleaseGradIfIntermediate();
            entries.Clear();
        }
    }

    static bool HasGrad(ITensor t) => t switch
    {
        Tensor<float> f => f.Grad != null,
        Tensor<double> d => d.Grad != null,
        _ => false,
    };
}
