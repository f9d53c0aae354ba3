// Trainer settings with Hugging Face TrainingArguments' names and defaults where they exist (PascalCase here;
// `--learning-rate` etc. on the command line).
using NluSharp.Training.Schedules;

namespace NluSharp.Training.Trainers;

/// <summary>When evaluation or checkpointing happens (HF IntervalStrategy).</summary>
public enum IntervalStrategy
{
    /// <summary>Never.</summary>
    No,
    /// <summary>Every N optimizer steps.</summary>
    Steps,
    /// <summary>At the end of every epoch.</summary>
    Epoch,
}

/// <summary>Which optimizer the trainer builds.</summary>
public enum OptimizerKind
{
    /// <summary>torch.optim.AdamW (HF "adamw_torch", the default).</summary>
    AdamW,
    /// <summary>torch.optim.SGD with momentum (HF "sgd").</summary>
    Sgd,
    /// <summary>LAMB (You et al. 2020, layer-wise trust ratio over Adam updates with decoupled weight decay), see <see cref="NluSharp.Training.Optimization.Lamb"/>; uses the Adam betas and epsilon.</summary>
    Lamb,
}

/// <summary>Options of a training run.</summary>
public sealed record TrainerOptions
{
    /// <summary>Folder for checkpoints, metrics.jsonl, the final model and the report (HF output_dir).</summary>
    public required string OutputDir { get; init; }
    /// <summary>Epochs to train when <see cref="MaxSteps"/> is not set (HF default 3).</summary>
    public int NumTrainEpochs { get; init; } = 3;
    /// <summary>Total optimizer steps; overrides epochs when &gt; 0 (HF default -1).</summary>
    public int MaxSteps { get; init; } = -1;
    /// <summary>Micro-batch size (HF per_device_train_batch_size, default 8).</summary>
    public int PerDeviceTrainBatchSize { get; init; } = 8;
    /// <summary>Micro-batches per optimizer step (HF default 1).</summary>
    public int GradientAccumulationSteps { get; init; } = 1;
    /// <summary>Peak learning rate (HF default 5e-5).</summary>
    public double LearningRate { get; init; } = 5e-5;
    /// <summary>Weight decay for the decayed group (HF default 0).</summary>
    public double WeightDecay { get; init; }
    /// <summary>AdamW β1 (HF adam_beta1).</summary>
    public double AdamBeta1 { get; init; } = 0.9;
    /// <summary>AdamW β2 (HF adam_beta2).</summary>
    public double AdamBeta2 { get; init; } = 0.999;
    /// <summary>AdamW ε (HF adam_epsilon).</summary>
    public double AdamEpsilon { get; init; } = 1e-8;
    /// <summary>Optimizer (HF optim).</summary>
    public OptimizerKind Optimizer { get; init; } = OptimizerKind.AdamW;
    /// <summary>SGD momentum.</summary>
    public double SgdMomentum { get; init; } = 0.9;
    /// <summary>SGD Nesterov momentum.</summary>
    public bool SgdNesterov { get; init; }
    /// <summary>Gradient clipping threshold; 0 or less disables it (HF max_grad_norm, default 1.0).</summary>
    public double MaxGradNorm { get; init; } = 1.0;
    /// <summary>Learning-rate schedule (HF lr_scheduler_type, default linear).</summary>
    public ScheduleKind LrSchedulerType { get; init; } = ScheduleKind.Linear;
    /// <summary>Warmup steps (HF warmup_steps); wins over the ratio when &gt; 0.</summary>
    public int WarmupSteps { get; init; }
    /// <summary>Warmup as a fraction of the total steps (HF warmup_ratio).</summary>
    public double WarmupRatio { get; init; }
    /// <summary>Log the training loss every N steps (HF logging_steps; 500 there, 50 here for small runs).</summary>
    public int LoggingSteps { get; init; } = 50;
    /// <summary>When to evaluate (HF eval_strategy).</summary>
    public IntervalStrategy EvalStrategy { get; init; } = IntervalStrategy.No;
    /// <summary>Evaluation interval for <see cref="IntervalStrategy.Steps"/> (HF eval_steps; defaults to logging_steps).</summary>
    public int EvalSteps { get; init; }
    /// <summary>When to write checkpoint-N folders (HF save_strategy, default steps).</summary>
    public IntervalStrategy SaveStrategy { get; init; } = IntervalStrategy.Steps;
    /// <summary>Checkpoint interval for <see cref="IntervalStrategy.Steps"/> (HF save_steps, default 500).</summary>
    public int SaveSteps { get; init; } = 500;
    /// <summary>Keep the newest N checkpoints, plus the best one when it is older (HF save_total_limit); null keeps all.</summary>
    public int? SaveTotalLimit { get; init; }
    /// <summary>Metric that selects the best checkpoint, with or without "eval_" (HF metric_for_best_model, default "loss").</summary>
    public string MetricForBestModel { get; init; } = "loss";
    /// <summary>Whether larger is better; null means: true unless the metric name ends with "loss" (HF rule).</summary>
    public bool? GreaterIsBetter { get; init; }
    /// <summary>
    /// Reload the best checkpoint's weights when training ends (HF load_best_model_at_end). Unlike HF, the last step is
    /// then always evaluated and saved, so that the final weights take part in the selection.
    /// </summary>
    public bool LoadBestModelAtEnd { get; init; }
    /// <summary>Stop after this many evaluations without improvement; 0 disables (HF EarlyStoppingCallback).</summary>
    public int EarlyStoppingPatience { get; init; }
    /// <summary>Minimum improvement that resets the patience counter (HF early_stopping_threshold).</summary>
    public double EarlyStoppingThreshold { get; init; }
    /// <summary>Seed of the model's randomness (dropout) (HF seed, default 42).</summary>
    public ulong Seed { get; init; } = 42;
    /// <summary>Seed of the data order; the seed when null (HF data_seed).</summary>
    public ulong? DataSeed { get; init; }
    /// <summary>Length-grouped batches (HF group_by_length).</summary>
    public bool GroupByLength { get; init; }
    /// <summary>Drop the last incomplete batch of an epoch (HF dataloader_drop_last).</summary>
    public bool DataloaderDropLast { get; init; }
    /// <summary>"latest", a checkpoint folder, or null to start fresh (HF resume_from_checkpoint).</summary>
    public string? ResumeFromCheckpoint { get; init; }
    /// <summary>
    /// Take an output folder that holds another run's files, removing that run's checkpoints, metrics.jsonl and final model
    /// files first (HF overwrite_output_dir); without it such a folder is refused.
    /// </summary>
    public bool OverwriteOutputDir { get; init; }
    /// <summary>Files copied into every checkpoint and the final model folder (tokenizer.json, vocab.txt, ...).</summary>
    public IReadOnlyList<string> TokenizerFiles { get; init; } = [];
    /// <summary>Write report.html into the output folder when training ends.</summary>
    public bool WriteReport { get; init; } = true;
    /// <summary>LayerNorm membership rule for weight-decay groups; HF names by default.</summary>
    public Func<string, bool>? IsInsideLayerNorm { get; init; }

    /// <summary>The "eval_"-prefixed selection metric key.</summary>
    public string BestMetricKey => MetricForBestModel.StartsWith("eval_", StringComparison.Ordinal) ? MetricForBestModel : "eval_" + MetricForBestModel;

    /// <summary>HF's default for greater_is_better.</summary>
    public bool IsGreaterBetter => GreaterIsBetter ?? !MetricForBestModel.EndsWith("loss", StringComparison.Ordinal);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistent setting.</summary>
    public void Validate()
    {
        static void Require(bool ok, string message) { if (!ok) throw new ArgumentException(message); }
        Require(!string.IsNullOrWhiteSpace(OutputDir), "output dir must be set");
        Require(!(OverwriteOutputDir && ResumeFromCheckpoint != null), "--overwrite-output-dir and --resume exclude each other: resuming continues the run in the folder, overwriting replaces it");
        Require(PerDeviceTrainBatchSize >= 1, $"per-device train batch size must be >= 1, got {PerDeviceTrainBatchSize}");
        Require(GradientAccumulationSteps >= 1, $"gradient accumulation steps must be >= 1, got {GradientAccumulationSteps}");
        Require(MaxSteps > 0 || NumTrainEpochs >= 1, $"either max steps > 0 or at least one epoch is needed (max steps {MaxSteps}, epochs {NumTrainEpochs})");
        Require(LearningRate >= 0 && double.IsFinite(LearningRate), $"learning rate must be a finite number >= 0, got {LearningRate}");
        Require(LoggingSteps >= 1, $"logging steps must be >= 1, got {LoggingSteps}");
        Require(SaveStrategy != IntervalStrategy.Steps || SaveSteps >= 1, $"save steps must be >= 1 with the steps save strategy, got {SaveSteps}");
        Require(SaveTotalLimit is null or >= 1, $"save total limit must be >= 1, got {SaveTotalLimit}");
        Require(EarlyStoppingPatience >= 0, $"early stopping patience must be >= 0, got {EarlyStoppingPatience}");
        Require(EarlyStoppingPatience == 0 || EvalStrategy != IntervalStrategy.No, "early stopping needs evaluation: set an eval strategy (steps or epoch)");
        if (LoadBestModelAtEnd)
        {
            // HF: "--load_best_model_at_end requires the save and eval strategy to match", and save steps a multiple of eval steps.
            Require(EvalStrategy != IntervalStrategy.No, "load best model at end needs an eval strategy");
            Require(SaveStrategy == EvalStrategy, $"load best model at end requires the save strategy ({SaveStrategy}) to match the eval strategy ({EvalStrategy})");
            Require(EvalStrategy != IntervalStrategy.Steps || SaveSteps % EffectiveEvalSteps == 0,
                $"load best model at end requires save steps ({SaveSteps}) to be a multiple of eval steps ({EffectiveEvalSteps})");
        }
    }

    /// <summary>Eval interval in steps (eval_steps, or logging_steps when unset, as HF).</summary>
    public int EffectiveEvalSteps => EvalSteps > 0 ? EvalSteps : LoggingSteps;
}
