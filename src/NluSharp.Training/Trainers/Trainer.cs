// The training loop (Hugging Face Trainer semantics, any ITrainableModel): seeded batches with dynamic padding,
// gradient accumulation, clipping, AdamW/SGD/LAMB with a schedule, logging to metrics.jsonl, evaluation every N steps or
// per epoch, best-model selection, early stopping, atomic checkpoint-N folders with rotation, and bit-exact resume.
// The output folder belongs to one run: it is locked for the whole run (OutputLock), a folder holding another run's
// files is refused unless OverwriteOutputDir (OutputFolder), and the final model files are committed as a whole
// (FinalModelFiles).
using System.Diagnostics;
using System.Text.Json;
using NluSharp.Training.Checkpointing;
using NluSharp.Training.Data;
using NluSharp.Training.Losses;
using NluSharp.Training.Model;
using NluSharp.Training.Optimization;
using NluSharp.Training.Reporting;
using NluSharp.Training.Schedules;

namespace NluSharp.Training.Trainers;

/// <summary>Outcome of <see cref="Trainer.Train"/>.</summary>
/// <param name="GlobalStep">Optimizer steps completed.</param>
/// <param name="TrainingLoss">Mean training loss over all steps of the run (those before a resume included).</param>
/// <param name="BestMetric">Best value of the selection metric, if evaluated.</param>
/// <param name="BestModelCheckpoint">Folder of the best checkpoint, if saved.</param>
/// <param name="StoppedEarly">Whether early stopping ended the run.</param>
/// <param name="ResumedFrom">Checkpoint the run continued from, if any.</param>
public sealed record TrainResult(long GlobalStep, double TrainingLoss, double? BestMetric, string? BestModelCheckpoint, bool StoppedEarly, string? ResumedFrom);

/// <summary>Trains a model on tokenized examples.</summary>
public sealed class Trainer
{
    readonly ITrainableModel model;
    readonly TrainerOptions options;
    readonly IReadOnlyList<TrainingExample> train;
    readonly TrainingLoss loss;
    readonly Func<ITrainableModel, EvaluationResult>? evaluate;
    readonly DynamicPadding padding;
    readonly IProgress<TrainingProgress>? progress;

    /// <summary>Creates a trainer.</summary>
    /// <param name="model">The model; its parameters are updated in place.</param>
    /// <param name="options">Run options (validated here).</param>
    /// <param name="train">Training examples.</param>
    /// <param name="loss">Loss on the model's logits.</param>
    /// <param name="evaluate">Evaluation callback (run in evaluation mode by the callback); required for an eval strategy.</param>
    /// <param name="padding">Collator (pad id of the tokenizer).</param>
    /// <param name="progress">Receives progress events.</param>
    public Trainer(ITrainableModel model, TrainerOptions options, IReadOnlyList<TrainingExample> train, TrainingLoss loss,
        Func<ITrainableModel, EvaluationResult>? evaluate = null, DynamicPadding? padding = null, IProgress<TrainingProgress>? progress = null)
    {
        options.Validate();
        if (options.EvalStrategy != IntervalStrategy.No && evaluate == null)
            throw new ArgumentException($"eval strategy {options.EvalStrategy} needs an evaluation callback (validation data)");
        if (train.Count == 0) throw new ArgumentException("the training set is empty");
        (this.model, this.options, this.train, this.loss, this.evaluate, this.progress) = (model, options, train, loss, evaluate, progress);
        this.padding = padding ?? new DynamicPadding();
    }

    /// <summary>Runs training to the configured number of steps (or until early stopping) and saves the final model into the output folder.</summary>
    public TrainResult Train(CancellationToken cancellationToken = default)
    {
        var o = options;
        var output = o.OutputDir;
        using var outputLock = OutputLock.Acquire(output);   // before anything is read from or written to the folder
        FinalModelFiles.RollForward(output);
        CheckpointFolders.RemoveInterrupted(output);

        var rng = new RngState(o.Seed, o.DataSeed ?? o.Seed);
        var plan = new BatchPlan(train.Count, o.PerDeviceTrainBatchSize, rng.DataSeed,
            Lengths: o.GroupByLength ? train.Select(e => e.Length).ToList() : null, DropLast: o.DataloaderDropLast);
        var probe = new DataStream(plan);
        int stepsPerEpoch = probe.StepsPerEpoch(o.GradientAccumulationSteps);
        long maxSteps = o.MaxSteps > 0 ? o.MaxSteps : (long)stepsPerEpoch * o.NumTrainEpochs;
        int numEpochs = o.MaxSteps > 0 ? (int)((maxSteps + stepsPerEpoch - 1) / stepsPerEpoch) : o.NumTrainEpochs;
        if (maxSteps > int.MaxValue) throw new ArgumentException($"{maxSteps} training steps is more than supported");
        var schedule = new LearningRateSchedule(o.LrSchedulerType, o.LearningRate, (int)maxSteps, new Warmup(o.WarmupSteps, o.WarmupRatio));
        var groups = WeightDecayGroups.Split(model.Parameters, o.WeightDecay, o.IsInsideLayerNorm);
        IOptimizer optimizer = o.Optimizer switch
        {
            OptimizerKind.Sgd => new Sgd(groups, o.SgdMomentum, o.SgdNesterov),
            OptimizerKind.Lamb => new Lamb(groups, o.AdamBeta1, o.AdamBeta2, o.AdamEpsilon),
            _ => new AdamW(groups, o.AdamBeta1, o.AdamBeta2, o.AdamEpsilon),
        };
        var stepper = new OptimizationStep(optimizer, schedule, o.MaxGradNorm > 0 ? o.MaxGradNorm : null);
        var runInfo = RunInfo.Create(o, train, maxSteps, stepsPerEpoch, model.Parameters.Sum(p => p.Value.Length));
        OutputFolder.Claim(output, runInfo, o);
        var metrics = new MetricsLog(Path.Combine(output, MetricsLog.FileName));

        var state = new TrainerState
        {
            MaxSteps = maxSteps, LoggingSteps = o.LoggingSteps, EvalSteps = o.EvalStrategy == IntervalStrategy.Steps ? o.EffectiveEvalSteps : 0,
            SaveSteps = o.SaveSteps, TrainBatchSize = o.PerDeviceTrainBatchSize, NumTrainEpochs = numEpochs,
            EarlyStoppingPatience = o.EarlyStoppingPatience, EarlyStoppingThreshold = o.EarlyStoppingThreshold,
        };
        var position = default(DataPosition);
        string? resumedFrom = null;
        if (o.ResumeFromCheckpoint != null)
        {
            resumedFrom = CheckpointFolders.Resolve(o.ResumeFromCheckpoint, output);
            var restored = TrainingCheckpoint.Restore(resumedFrom, model.Parameters, optimizer, schedule, rng);
            if (restored.State.MaxSteps != maxSteps)
                throw new InvalidDataException($"{resumedFrom}: the checkpoint's run had max_steps {restored.State.MaxSteps}, this run has {maxSteps}; resume with the original epochs / max steps / batch size");
            state = restored.State;
            stepper.CompletedSteps = restored.CompletedSteps;
            position = restored.Data;
            metrics.TruncateAfter(restored.CompletedSteps);
        }
        else if (File.Exists(metrics.Path)) File.Delete(metrics.Path);   // a fresh run starts a fresh log
        runInfo.Save(output);

        var stream = new DataStream(plan, position);
        var clock = Stopwatch.StartNew();
        long sequencesThisProcess = 0, stepsThisProcess = 0;
        // train_loss of the summary is the mean over all steps of the run: the sum so far travels in trainer_state.json.
        var (trainLossSum, trainLossSteps) = (state.TrainLossSum, state.TrainLossSteps);
        // The mean training loss is logged every logging_steps; the part accumulated since the last log travels in the
        // checkpoint so that a resumed run logs exactly the values of an uninterrupted one.
        var (logLossSum, logLossCount) = (state.LoggingLossSum, state.LoggingLossCount);

        while (stepper.CompletedSteps < maxSteps && !state.ShouldTrainingStop)
        {
            cancellationToken.ThrowIfCancellationRequested();
            int epochBefore = stream.Position.Epoch;
            var micro = stream.NextStep(o.GradientAccumulationSteps);
            long step0 = stepper.CompletedSteps;
            var result = stepper.Run(k =>
            {
                var batch = padding.Collate(train, micro[k]);
                state.NumInputTokensSeen += batch.RealTokens;
                return loss.Forward(model, batch, new ForwardContext(true, rng.Seed, (ulong)(step0 * o.GradientAccumulationSteps + k))).Loss;
            }, micro.Count);
            long step = result.Step;
            state.GlobalStep = step;
            sequencesThisProcess += micro.Sum(b => b.Length);
            stepsThisProcess++;
            trainLossSum += result.Loss; trainLossSteps++;
            bool epochEnded = stream.Position.Epoch != epochBefore;
            // HF: epoch = epoch index + batches consumed in it / batches per epoch.
            state.Epoch = stream.Position.Epoch + (double)stream.Position.BatchesConsumed / plan.BatchesPerEpoch;
            logLossSum += result.Loss; logLossCount++;
            var elapsed = clock.Elapsed;
            double seqPerSec = sequencesThisProcess / Math.Max(1e-9, elapsed.TotalSeconds);
            TimeSpan? eta = stepsThisProcess > 0 ? elapsed / stepsThisProcess * (maxSteps - step) : null;
            TrainingProgress Event(ProgressKind kind, double lossValue, IReadOnlyDictionary<string, double>? m = null, string? folder = null) =>
                new(kind, step, maxSteps, state.Epoch, lossValue, result.LearningRate, result.GradNorm, seqPerSec, elapsed, eta, m, folder);
            progress?.Report(Event(ProgressKind.Step, result.Loss));

            if (step % o.LoggingSteps == 0 || step == maxSteps)
            {
                var record = new Dictionary<string, double>
                {
                    ["loss"] = logLossSum / logLossCount, ["grad_norm"] = result.GradNorm, ["learning_rate"] = result.LearningRate,
                    ["epoch"] = state.Epoch, ["step"] = step,
                };
                (logLossSum, logLossCount) = (0, 0);
                Log(record);
                progress?.Report(Event(ProgressKind.Log, record["loss"]));
            }

            bool lastStep = step == maxSteps;
            bool shouldEvaluate = o.EvalStrategy == IntervalStrategy.Steps ? step % o.EffectiveEvalSteps == 0 || (lastStep && o.LoadBestModelAtEnd)
                : o.EvalStrategy == IntervalStrategy.Epoch && (epochEnded || lastStep);
            bool isNewBest = false;
            if (shouldEvaluate)
            {
                var evaluation = evaluate!(model);
                var record = evaluation.Metrics.ToDictionary(kv => kv.Key.StartsWith("eval_", StringComparison.Ordinal) ? kv.Key : "eval_" + kv.Key, kv => kv.Value);
                record["epoch"] = state.Epoch; record["step"] = step;
                Log(record);
                if (evaluation.Confusion != null) ConfusionFile.Save(output, step, evaluation);
                isNewBest = TrackBestAndEarlyStopping(state, record);
                progress?.Report(Event(ProgressKind.Evaluation, double.NaN, record));
            }

            bool shouldSave = o.SaveStrategy == IntervalStrategy.Steps ? step % o.SaveSteps == 0 || (lastStep && o.LoadBestModelAtEnd && shouldEvaluate)
                : o.SaveStrategy == IntervalStrategy.Epoch && (epochEnded || lastStep);
            if (shouldSave)
            {
                var name = CheckpointFolders.NameFor(step);
                if (isNewBest) state.BestModelCheckpoint = Path.Combine(output, name);
                (state.LoggingLossSum, state.LoggingLossCount) = (logLossSum, logLossCount);
                (state.TrainLossSum, state.TrainLossSteps) = (trainLossSum, trainLossSteps);
                var folder = TrainingCheckpoint.Save(output, new TrainingSnapshot(model.Parameters, optimizer, schedule, step, rng, stream.Position, state), WriteModelFiles);
                if (o.SaveTotalLimit is int limit) CheckpointFolders.Rotate(output, limit, state.BestModelCheckpoint);
                progress?.Report(Event(ProgressKind.Checkpoint, double.NaN, folder: folder));
            }
        }

        if (o.LoadBestModelAtEnd && state.BestModelCheckpoint != null && Directory.Exists(state.BestModelCheckpoint))
            ModelWeights.Load(Path.Combine(state.BestModelCheckpoint, TrainingCheckpoint.WeightsFile), model.Parameters);

        double trainLoss = trainLossSteps > 0 ? trainLossSum / trainLossSteps : double.NaN;
        (state.TrainLossSum, state.TrainLossSteps) = (trainLossSum, trainLossSteps);
        var runtime = clock.Elapsed.TotalSeconds;
        var summary = new Dictionary<string, double>
        {
            ["train_runtime"] = Math.Round(runtime, 4),
            ["train_samples_per_second"] = Math.Round(sequencesThisProcess / Math.Max(1e-9, runtime), 3),
            ["train_steps_per_second"] = Math.Round(stepsThisProcess / Math.Max(1e-9, runtime), 3),
            ["train_loss"] = trainLoss, ["epoch"] = state.Epoch, ["step"] = state.GlobalStep,
        };
        Log(summary);
        // The final model in the output folder, as trainer.save_model(): weights, config, tokenizer files, trainer state,
        // committed as a whole (a kill leaves the old set or the new one).
        FinalModelFiles.Write(output, folder =>
        {
            ModelWeights.Save(Path.Combine(folder, TrainingCheckpoint.WeightsFile), model.Parameters);
            WriteModelFiles(folder);
            state.Save(folder);
        });
        if (o.WriteReport) HtmlReport.Write(output);
        progress?.Report(new TrainingProgress(ProgressKind.Finished, state.GlobalStep, maxSteps, state.Epoch, trainLoss, stepper.NextLearningRate,
            double.NaN, sequencesThisProcess / Math.Max(1e-9, runtime), clock.Elapsed, TimeSpan.Zero));
        return new TrainResult(state.GlobalStep, trainLoss, state.BestMetric, state.BestModelCheckpoint, state.ShouldTrainingStop, resumedFrom);

        void Log(Dictionary<string, double> record)
        {
            state.LogHistory.Add(record);
            metrics.Append(record);
        }
    }

    /// <summary>
    /// Updates best_metric / best_global_step and the early-stopping counter from an evaluation record (HF
    /// EarlyStoppingCallback.check_metric_value compares against the best before this evaluation). Returns whether it is a new best.
    /// </summary>
    bool TrackBestAndEarlyStopping(TrainerState state, Dictionary<string, double> record)
    {
        var key = options.BestMetricKey;
        if (!record.TryGetValue(key, out var value))
            throw new ArgumentException($"--metric-for-best-model '{key}' is not among the evaluation metrics ({string.Join(", ", record.Keys.Where(k => k.StartsWith("eval_")))})");
        bool greater = options.IsGreaterBetter;
        bool better = state.BestMetric is not double best || (greater ? value > best : value < best);
        if (options.EarlyStoppingPatience > 0)
        {
            bool improved = state.BestMetric is not double previous || (better && Math.Abs(value - previous) > options.EarlyStoppingThreshold);
            state.EarlyStoppingPatienceCounter = improved ? 0 : state.EarlyStoppingPatienceCounter + 1;
            if (state.EarlyStoppingPatienceCounter >= options.EarlyStoppingPatience) state.ShouldTrainingStop = true;
        }
        if (better) { state.BestMetric = value; state.BestGlobalStep = state.GlobalStep; }
        return better;
    }

    void WriteModelFiles(string folder)
    {
        model.SaveConfig(folder);
        foreach (var file in options.TokenizerFiles)
        {
            if (!File.Exists(file)) throw new FileNotFoundException($"tokenizer file {file} not found", file);
            File.Copy(file, Path.Combine(folder, Path.GetFileName(file)), overwrite: true);
        }
    }
}
