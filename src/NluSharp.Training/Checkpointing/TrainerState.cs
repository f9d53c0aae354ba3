// trainer_state.json with Hugging Face's TrainerState field names (transformers/trainer_callback.py), written as HF
// does (`json.dumps(asdict(state), indent=2, sort_keys=True)`), so HF tooling and users recognise the file. It is
// also the completion marker of a checkpoint folder: written last.
using System.Text.Json.Nodes;

namespace NluSharp.Training.Checkpointing;

/// <summary>Hugging Face's TrainerState: progress, log history, best checkpoint and early-stopping counter.</summary>
public sealed class TrainerState
{
    /// <summary>File name inside a checkpoint folder.</summary>
    public const string FileName = "trainer_state.json";

    /// <summary>Fractional epoch reached (HF: epoch + step-in-epoch / steps-per-epoch).</summary>
    public double Epoch { get; set; }
    /// <summary>Optimizer steps completed.</summary>
    public long GlobalStep { get; set; }
    /// <summary>Total optimizer steps of the run.</summary>
    public long MaxSteps { get; set; }
    /// <summary>Logging interval in steps.</summary>
    public int LoggingSteps { get; set; }
    /// <summary>Evaluation interval in steps (0 when evaluating per epoch or never).</summary>
    public int EvalSteps { get; set; }
    /// <summary>Checkpoint interval in steps.</summary>
    public int SaveSteps { get; set; }
    /// <summary>Per-step (micro-)batch size.</summary>
    public int TrainBatchSize { get; set; }
    /// <summary>Planned epochs.</summary>
    public int NumTrainEpochs { get; set; }
    /// <summary>Non-padding tokens consumed so far.</summary>
    public long NumInputTokensSeen { get; set; }
    /// <summary>Every logged record (training losses and evaluations), in order, each with "step" and "epoch".</summary>
    public List<Dictionary<string, double>> LogHistory { get; set; } = [];
    /// <summary>Best value of the selection metric so far (null before the first evaluation).</summary>
    public double? BestMetric { get; set; }
    /// <summary>Step at which the best metric was reached.</summary>
    public long? BestGlobalStep { get; set; }
    /// <summary>Folder of the best checkpoint (HF stores the path as written at save time).</summary>
    public string? BestModelCheckpoint { get; set; }
    /// <summary>Evaluations in a row without improvement (HF EarlyStoppingCallback's early_stopping_patience_counter).</summary>
    public int EarlyStoppingPatienceCounter { get; set; }
    /// <summary>Configured early-stopping patience (0 = off).</summary>
    public int EarlyStoppingPatience { get; set; }
    /// <summary>Configured early-stopping threshold.</summary>
    public double EarlyStoppingThreshold { get; set; }
    /// <summary>Set when training stopped early (HF TrainerControl.should_training_stop).</summary>
    public bool ShouldTrainingStop { get; set; }

    /// <summary>Training losses summed since the last logged record (NluSharp extension, under "nlusharp").</summary>
    public double LoggingLossSum { get; set; }
    /// <summary>Number of steps in <see cref="LoggingLossSum"/>.</summary>
    public int LoggingLossCount { get; set; }
    /// <summary>Training losses summed over every step so far, for the summary's train_loss after a resume (NluSharp extension).</summary>
    public double TrainLossSum { get; set; }
    /// <summary>Number of steps in <see cref="TrainLossSum"/> (0 in checkpoints of older versions, which lack the sum).</summary>
    public long TrainLossSteps { get; set; }

    /// <summary>Serializes with HF's field names, keys sorted, 2-space indent.</summary>
    public JsonObject ToJson()
    {
        var history = new JsonArray(LogHistory.Select(entry =>
            (JsonNode?)new JsonObject(entry.OrderBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => KeyValuePair.Create(kv.Key, JsonFiles.NumberNode(kv.Value))))).ToArray());
        var earlyStopping = new JsonObject
        {
            ["args"] = new JsonObject { ["early_stopping_patience"] = EarlyStoppingPatience, ["early_stopping_threshold"] = EarlyStoppingThreshold },
            ["attributes"] = new JsonObject { ["early_stopping_patience_counter"] = EarlyStoppingPatienceCounter },
        };
        var control = new JsonObject
        {
            ["args"] = new JsonObject
            {
                ["should_epoch_stop"] = false, ["should_evaluate"] = false, ["should_log"] = false,
                ["should_save"] = false, ["should_training_stop"] = ShouldTrainingStop,
            },
            ["attributes"] = new JsonObject(),
        };
        return new JsonObject
        {
            ["best_global_step"] = BestGlobalStep,
            ["best_metric"] = BestMetric is double b ? JsonFiles.NumberNode(b) : null,
            ["best_model_checkpoint"] = BestModelCheckpoint,
            ["epoch"] = JsonFiles.NumberNode(Epoch),
            ["eval_steps"] = EvalSteps,
            ["global_step"] = GlobalStep,
            ["is_hyper_param_search"] = false,
            ["is_local_process_zero"] = true,
            ["is_world_process_zero"] = true,
            ["log_history"] = history,
            ["logging_steps"] = LoggingSteps,
            ["max_steps"] = MaxSteps,
            ["nlusharp"] = new JsonObject
            {
                ["logging_loss_count"] = LoggingLossCount, ["logging_loss_sum"] = JsonFiles.NumberNode(LoggingLossSum),
                ["train_loss_steps"] = TrainLossSteps, ["train_loss_sum"] = JsonFiles.NumberNode(TrainLossSum),
            },
            ["num_input_tokens_seen"] = NumInputTokensSeen,
            ["num_train_epochs"] = NumTrainEpochs,
            ["save_steps"] = SaveSteps,
            ["stateful_callbacks"] = new JsonObject { ["EarlyStoppingCallback"] = earlyStopping, ["TrainerControl"] = control },
            ["total_flos"] = 0,
            ["train_batch_size"] = TrainBatchSize,
            ["trial_name"] = null,
            ["trial_params"] = null,
        };
    }

    /// <summary>Writes <c>trainer_state.json</c> atomically into <paramref name="folder"/>.</summary>
    public void Save(string folder) => JsonFiles.WriteAtomic(Path.Combine(folder, FileName), ToJson());

    /// <summary>Reads <c>trainer_state.json</c> from <paramref name="folder"/>; errors name the file and field.</summary>
    public static TrainerState Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var root = JsonFiles.ReadObject(path);
        double Num(string f) => JsonFiles.RequiredNumber(root, f, path);
        double? OptionalNum(string f) => root[f] is null ? null : JsonFiles.Number(root[f], f, path);
        var state = new TrainerState
        {
            Epoch = Num("epoch"),
            GlobalStep = (long)Num("global_step"),
            MaxSteps = (long)Num("max_steps"),
            LoggingSteps = (int)Num("logging_steps"),
            EvalSteps = (int)(OptionalNum("eval_steps") ?? 0),
            SaveSteps = (int)Num("save_steps"),
            TrainBatchSize = (int)Num("train_batch_size"),
            NumTrainEpochs = (int)Num("num_train_epochs"),
            NumInputTokensSeen = (long)(OptionalNum("num_input_tokens_seen") ?? 0),
            BestMetric = OptionalNum("best_metric"),
            BestGlobalStep = OptionalNum("best_global_step") is double g ? (long)g : null,
            BestModelCheckpoint = root["best_model_checkpoint"]?.GetValue<string>(),
        };
        var history = JsonFiles.Required(root, "log_history", path) as JsonArray
            ?? throw new InvalidDataException($"{path}: 'log_history' must be an array");
        for (int i = 0; i < history.Count; i++)
        {
            var entry = history[i] as JsonObject ?? throw new InvalidDataException($"{path}: log_history[{i}] must be an object");
            state.LogHistory.Add(entry.ToDictionary(kv => kv.Key, kv => JsonFiles.Number(kv.Value, $"log_history[{i}].{kv.Key}", path), StringComparer.Ordinal));
        }
        if (root["stateful_callbacks"]?["EarlyStoppingCallback"] is JsonObject es)
        {
            state.EarlyStoppingPatienceCounter = (int)JsonFiles.Number(es["attributes"]?["early_stopping_patience_counter"], "stateful_callbacks.EarlyStoppingCallback.attributes.early_stopping_patience_counter", path);
            state.EarlyStoppingPatience = (int)JsonFiles.Number(es["args"]?["early_stopping_patience"], "stateful_callbacks.EarlyStoppingCallback.args.early_stopping_patience", path);
            state.EarlyStoppingThreshold = JsonFiles.Number(es["args"]?["early_stopping_threshold"], "stateful_callbacks.EarlyStoppingCallback.args.early_stopping_threshold", path);
        }
        if (root["nlusharp"] is JsonObject own)
        {
            state.LoggingLossSum = JsonFiles.Number(own["logging_loss_sum"], "nlusharp.logging_loss_sum", path);
            state.LoggingLossCount = (int)JsonFiles.Number(own["logging_loss_count"], "nlusharp.logging_loss_count", path);
            if (own["train_loss_sum"] != null)
            {
                state.TrainLossSum = JsonFiles.Number(own["train_loss_sum"], "nlusharp.train_loss_sum", path);
                state.TrainLossSteps = (long)JsonFiles.Number(own["train_loss_steps"], "nlusharp.train_loss_steps", path);
            }
        }
        if (root["stateful_callbacks"]?["TrainerControl"]?["args"]?["should_training_stop"] is JsonValue stop)
            state.ShouldTrainingStop = stop.GetValue<bool>();
        return state;
    }
}
