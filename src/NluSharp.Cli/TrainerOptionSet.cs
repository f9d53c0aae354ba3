// The Hugging Face TrainingArguments options shared by `nlu train` and `nlu pretrain` (names and defaults as
// TrainingArguments: --learning-rate 5e-5, --per-device-train-batch-size 8, --num-train-epochs 3, --seed 42, ...), and
// their translation into TrainerOptions, checked before any work starts.
using System.CommandLine;
using NluSharp.Training.Schedules;
using NluSharp.Training.Trainers;

namespace NluSharp.Cli;

/// <summary>Trainer options of a training command.</summary>
/// <param name="defaultEvalStrategy">The --eval-strategy default (epoch for fine-tuning, steps for pretraining).</param>
internal sealed class TrainerOptionSet(string defaultEvalStrategy)
{
    public readonly Option<string> Output = new("--output", "--output-dir") { Description = "Output folder (checkpoints, final model, metrics.jsonl, report.html).", Required = true };
    public readonly Option<int> Epochs = new("--num-train-epochs", "--epochs") { DefaultValueFactory = _ => 3 };
    public readonly Option<int> MaxSteps = new("--max-steps") { Description = "Total optimizer steps; overrides epochs when > 0.", DefaultValueFactory = _ => -1 };
    public readonly Option<int> BatchSize = new("--per-device-train-batch-size", "--batch-size") { DefaultValueFactory = _ => 8 };
    public readonly Option<int> EvalBatchSize = new("--per-device-eval-batch-size", "--eval-batch-size") { DefaultValueFactory = _ => 8 };
    public readonly Option<int> Accumulation = new("--gradient-accumulation-steps") { DefaultValueFactory = _ => 1 };
    public readonly Option<double> LearningRate = new("--learning-rate", "--lr") { DefaultValueFactory = _ => 5e-5 };
    public readonly Option<double> WeightDecay = new("--weight-decay") { DefaultValueFactory = _ => 0.0 };
    public readonly Option<double> Beta1 = new("--adam-beta1") { DefaultValueFactory = _ => 0.9 };
    public readonly Option<double> Beta2 = new("--adam-beta2") { DefaultValueFactory = _ => 0.999 };
    public readonly Option<double> Epsilon = new("--adam-epsilon") { DefaultValueFactory = _ => 1e-8 };
    public readonly Option<string> Optim = new("--optim") { Description = "adamw (torch AdamW), sgd, or lamb (LAMB, You et al. 2020; uses --adam-beta1/2 and --adam-epsilon, whose 1e-8 default differs from the 1e-6 of apex/timm LAMB).", DefaultValueFactory = _ => "adamw" };
    public readonly Option<double> Momentum = new("--sgd-momentum") { DefaultValueFactory = _ => 0.9 };
    public readonly Option<double> MaxGradNorm = new("--max-grad-norm") { Description = "Global-norm clipping; 0 disables.", DefaultValueFactory = _ => 1.0 };
    public readonly Option<string> Schedule = new("--lr-scheduler-type") { Description = "constant, constant_with_warmup, linear, cosine, polynomial.", DefaultValueFactory = _ => "linear" };
    public readonly Option<int> WarmupSteps = new("--warmup-steps") { DefaultValueFactory = _ => 0 };
    public readonly Option<double> WarmupRatio = new("--warmup-ratio") { DefaultValueFactory = _ => 0.0 };
    public readonly Option<int> MaxSeqLength = new("--max-seq-length") { Description = "Tokens per example after truncation (run_glue.py).", DefaultValueFactory = _ => 128 };
    public readonly Option<int?> MaxEvalSamples = new("--max-eval-samples") { Description = "Use only the first N validation rows." };
    public readonly Option<int> LoggingSteps = new("--logging-steps") { DefaultValueFactory = _ => 50 };
    public readonly Option<string> EvalStrategy = new("--eval-strategy") { Description = "no, steps or epoch (default epoch when there is validation data).", DefaultValueFactory = _ => defaultEvalStrategy };
    public readonly Option<int> EvalSteps = new("--eval-steps") { DefaultValueFactory = _ => 0 };
    public readonly Option<string> SaveStrategy = new("--save-strategy") { Description = "no, steps or epoch.", DefaultValueFactory = _ => "steps" };
    public readonly Option<int> SaveSteps = new("--save-steps") { DefaultValueFactory = _ => 500 };
    public readonly Option<int?> SaveTotalLimit = new("--save-total-limit") { Description = "Keep the newest N checkpoints (plus the best)." };
    public readonly Option<string> BestMetric = new("--metric-for-best-model") { Description = "loss, accuracy, score, mcc, pearson, ... (eval_ prefix optional).", DefaultValueFactory = _ => "loss" };
    public readonly Option<bool?> GreaterIsBetter = new("--greater-is-better");
    public readonly Option<bool> LoadBest = new("--load-best-model-at-end");
    public readonly Option<int> Patience = new("--early-stopping-patience") { DefaultValueFactory = _ => 0 };
    public readonly Option<double> PatienceThreshold = new("--early-stopping-threshold") { DefaultValueFactory = _ => 0.0 };
    public readonly Option<ulong> Seed = new("--seed") { DefaultValueFactory = _ => 42UL };
    public readonly Option<int?> ThreadCount = new("--threads") { Description = "Worker threads (default: all cores); results are identical for any count." };
    public readonly Option<string?> Resume = new("--resume") { Description = "latest, or a checkpoint-N folder: continue bit-exactly." };
    public readonly Option<bool> OverwriteOutputDir = new("--overwrite-output-dir") { Description = "Train into a folder that holds another run's files, removing its checkpoints, metrics.jsonl and final model first." };
    public readonly Option<bool> NoReport = new("--no-report") { Description = "Skip report.html." };

    public IEnumerable<Option> All => GetType().GetFields().Select(f => f.GetValue(this)).OfType<Option>();

    internal static IntervalStrategy Strategy(string value, string option) => value.ToLowerInvariant() switch
    {
        "no" => IntervalStrategy.No, "steps" => IntervalStrategy.Steps, "epoch" => IntervalStrategy.Epoch,
        _ => throw new ArgumentException($"{option} is \"{value}\"; expected no, steps or epoch"),
    };

    internal static ScheduleKind ScheduleOf(string value) => value.ToLowerInvariant() switch
    {
        "constant" => ScheduleKind.Constant, "constant_with_warmup" => ScheduleKind.ConstantWithWarmup, "linear" => ScheduleKind.Linear,
        "cosine" => ScheduleKind.Cosine, "polynomial" => ScheduleKind.Polynomial,
        _ => throw new ArgumentException($"--lr-scheduler-type is \"{value}\"; expected constant, constant_with_warmup, linear, cosine or polynomial"),
    };

    public TrainerOptions Build(ParseResult p, string folder, ulong seed, IReadOnlyList<string> tokenizerFiles, bool hasValidation, bool groupByLength = false)
    {
        var eval = Strategy(p.GetValue(EvalStrategy)!, "--eval-strategy");
        if (!hasValidation)
        {
            bool explicitEval = p.GetResult(EvalStrategy) is { Implicit: false };
            if (explicitEval && eval != IntervalStrategy.No) throw new ArgumentException("--eval-strategy needs validation data (--validation FILE, or a task with a dev split)");
            eval = IntervalStrategy.No;
        }
        var optim = p.GetValue(Optim)!.ToLowerInvariant() switch
        {
            "adamw" or "adamw_torch" => OptimizerKind.AdamW, "sgd" => OptimizerKind.Sgd, "lamb" => OptimizerKind.Lamb,
            var other => throw new ArgumentException($"--optim is \"{other}\"; expected adamw, sgd or lamb"),
        };
        var resume = p.GetValue(Resume);
        return new TrainerOptions
        {
            OutputDir = folder, NumTrainEpochs = p.GetValue(Epochs), MaxSteps = p.GetValue(MaxSteps), PerDeviceTrainBatchSize = p.GetValue(BatchSize),
            GradientAccumulationSteps = p.GetValue(Accumulation), LearningRate = p.GetValue(LearningRate), WeightDecay = p.GetValue(WeightDecay),
            AdamBeta1 = p.GetValue(Beta1), AdamBeta2 = p.GetValue(Beta2), AdamEpsilon = p.GetValue(Epsilon), Optimizer = optim,
            SgdMomentum = p.GetValue(Momentum), MaxGradNorm = p.GetValue(MaxGradNorm), LrSchedulerType = ScheduleOf(p.GetValue(Schedule)!),
            WarmupSteps = p.GetValue(WarmupSteps), WarmupRatio = p.GetValue(WarmupRatio), LoggingSteps = p.GetValue(LoggingSteps),
            EvalStrategy = eval, EvalSteps = p.GetValue(EvalSteps), SaveStrategy = Strategy(p.GetValue(SaveStrategy)!, "--save-strategy"),
            SaveSteps = p.GetValue(SaveSteps), SaveTotalLimit = p.GetValue(SaveTotalLimit), MetricForBestModel = p.GetValue(BestMetric)!,
            GreaterIsBetter = p.GetValue(GreaterIsBetter), LoadBestModelAtEnd = p.GetValue(LoadBest), EarlyStoppingPatience = p.GetValue(Patience),
            EarlyStoppingThreshold = p.GetValue(PatienceThreshold), GroupByLength = groupByLength, Seed = seed,
            ResumeFromCheckpoint = resume, OverwriteOutputDir = p.GetValue(OverwriteOutputDir), TokenizerFiles = tokenizerFiles, WriteReport = !p.GetValue(NoReport),
        };
    }
}
