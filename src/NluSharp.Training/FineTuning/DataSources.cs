// Where fine-tuning data comes from: a GLUE/SuperGLUE task folder in its official layout (train + dev splits), or a
// user's own CSV/TSV/JSONL files with a column mapping (labels inferred from the training file). The optional limits
// are run_glue.py's max_train_samples / max_eval_samples: the first N rows, for quick runs.
using NluSharp.Evaluation.Datasets;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Training.FineTuning;

/// <summary>Loads <see cref="FineTuningData"/>.</summary>
public static class DataSources
{
    /// <summary>A benchmark task's train split and, when present, its dev split.</summary>
    public static FineTuningData FromTask(BenchmarkTask task, string dataDir, int? maxTrainSamples = null, int? maxEvalSamples = null)
    {
        var schema = TextExamples.SchemaOf(task);
        var train = Take(TextExamples.Read(task, TaskRegistry.FindSplitFile(task, dataDir, "train")), maxTrainSamples);
        var dev = TaskRegistry.AvailableSplits(task, dataDir).FirstOrDefault(s => s.Split.Name == "dev");
        List<TextExample>? validation = dev.Path is null ? null : Take(TextExamples.Read(task, dev.Path), maxEvalSamples);
        if (validation != null && validation.Any(e => !e.IsLabeled))
            throw new InvalidDataException($"{dev.Path}: the dev split of {task.FullName} has unlabeled rows, so it cannot be used for validation");
        return new FineTuningData(task.FullName, schema, task, train, validation);
    }

    /// <summary>
    /// A user's training file and optional validation file (same columns). The label space is inferred from the
    /// training labels; a validation label outside it fails with its file and line.
    /// </summary>
    public static FineTuningData FromFiles(string trainPath, string? validationPath, ColumnMapping columns, int? maxTrainSamples = null, int? maxEvalSamples = null,
        double? validationFraction = null, ulong splitSeed = 0)
    {
        if (columns.LabelColumn is null) throw new ArgumentException("training needs a label column");
        if (validationPath != null && validationFraction != null)
            throw new ArgumentException("give either --validation FILE or --validation-fraction F, not both");
        var trainSet = new UserDataset(trainPath, columns);
        var schema = trainSet.InferLabels();
        List<TextExample> train;
        List<TextExample>? validation;
        if (validationFraction is double fraction)
        {
            // Held out from the training file by a seeded selection (TrainValidationSplit), the same for every training seed.
            var split = new TrainValidationSplit(trainSet, fraction, splitSeed);
            if (split.ValidationCount == 0 || split.ValidationCount == split.Total)
                throw new ArgumentException($"--validation-fraction {fraction} of {split.Total} rows in {trainPath} leaves {split.ValidationCount} validation rows; need at least one row on each side");
            train = Take(split.Train().Select(TextExamples.From).ToList(), maxTrainSamples);
            validation = Take(split.Validation().Select(TextExamples.From).ToList(), maxEvalSamples);
        }
        else
        {
            train = Take(trainSet.Read().Select(TextExamples.From).ToList(), maxTrainSamples);
            validation = validationPath is null ? null
                : Take(new UserDataset(validationPath, columns).Read().Select(TextExamples.From).ToList(), maxEvalSamples);
        }
        if (train.Count == 0) throw new InvalidDataException($"{trainPath}: no training rows");
        return new FineTuningData(Path.GetFileName(trainPath), schema, null, train, validation);
    }

    static List<TextExample> Take(List<TextExample> examples, int? limit)
    {
        if (limit is < 1) throw new ArgumentOutOfRangeException(nameof(limit), limit, "a sample limit must be at least 1");
        return limit is int n && n < examples.Count ? examples.Take(n).ToList() : examples;
    }
}
