// What a pretraining objective adds to a trainable model: its held-out evaluation and the files of the finished model.
using NluSharp.Training.Data;
using NluSharp.Training.Model;
using NluSharp.Training.Trainers;

namespace NluSharp.Training.Pretraining;

/// <summary>A self-supervised objective the trainer can run (MLM, ELECTRA).</summary>
public interface IPretrainer : ITrainableModel
{
    /// <summary>Rows of the word-embedding table; the tokenizer must not have more tokens.</summary>
    int VocabSize { get; }

    /// <summary>Whether a parameter belongs to a LayerNorm module (no weight decay, as Hugging Face's Trainer).</summary>
    bool IsInsideLayerNorm(string parameterName);

    /// <summary>The names <see cref="Evaluate"/> reports (without "eval_"), for checking --metric-for-best-model before work starts.</summary>
    IReadOnlyList<string> MetricNames { get; }

    /// <summary>Held-out metrics with fixed evaluation masks; "loss" is the objective's loss.</summary>
    EvaluationResult Evaluate(IReadOnlyList<TrainingExample> examples, int batchSize, DynamicPadding padding);

    /// <summary>Writes the finished model into <paramref name="folder"/> after the trainer's final save (nothing to add for MLM).</summary>
    void SaveFinal(string folder);
}
