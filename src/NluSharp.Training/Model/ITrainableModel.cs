// The contract between the trainer and any model: forward to logits, named parameters, and the model's own files.
// The trainer owns the loss, the optimizer, the data and the checkpoints; the model knows only its computation.
using NluSharp.Engine;
using NluSharp.Training.Data;
using NluSharp.Training.Optimization;

namespace NluSharp.Training.Model;

/// <summary>How a forward pass runs: training (dropout on) with the dropout randomness of (Seed, Step), or evaluation.</summary>
/// <param name="Training">Dropout on.</param>
/// <param name="Seed">Run seed; dropout keys are <c>new DropoutKey(Seed, Step, site)</c>.</param>
/// <param name="Step">Optimizer step being computed (0-based) times accumulation plus micro-batch, so every micro-batch gets its own masks.</param>
public readonly record struct ForwardContext(bool Training, ulong Seed, ulong Step)
{
    /// <summary>Evaluation mode.</summary>
    public static ForwardContext Evaluation => new(false, 0, 0);
}

/// <summary>A model the trainer can fine-tune.</summary>
public interface ITrainableModel
{
    /// <summary>Trainable parameters with Hugging Face names; each tensor listed once (tied weights under their canonical name).</summary>
    IReadOnlyList<NamedParameter> Parameters { get; }

    /// <summary>Logits: (B, classes) for classification, (B, 1) or (B) for regression, (B, labels) for multi-label.</summary>
    Tensor<float> Forward(Batch batch, ForwardContext context);

    /// <summary>Writes the model's own files into a checkpoint folder (config.json; tokenizer files if the model carries them).</summary>
    void SaveConfig(string folder);
}
