// Round trips and malformed inputs for every state file a checkpoint holds, plus reading a trainer_state.json in the
// shape Hugging Face writes it.
using NluSharp.Engine;
using NluSharp.Training.Checkpointing;
using NluSharp.Training.Data;
using NluSharp.Training.Optimization;
using NluSharp.Training.Schedules;
using NluSharp.Training.Trainers;

namespace NluSharp.Training.Tests.Checkpointing;

public sealed class StateFileTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("nlusharp-state-").FullName;
    public void Dispose() => Directory.Delete(dir, recursive: true);

    string Write(string name, string text) { var p = Path.Combine(dir, name); File.WriteAllText(p, text); return p; }

    static NamedParameter Param(string name, params float[] v)
    {
        var t = Tensor<float>.FromArray(v, v.Length);
        t.RequiresGrad = true;
        return new NamedParameter(name, t);
    }

    [Fact]
    public void SgdStateRoundTripsThroughFiles()
    {
        var p = Param("w", 1f, 2f, 3f);
        var sgd = new Sgd([new ParameterGroup([p], 0.01)], momentum: 0.9, nesterov: true);
        p.Value.MulScalar(0.5f).Sum().Backward();
        sgd.Step(0.1);
        OptimizerStateFile.Save(dir, sgd.SaveState());
        var loaded = OptimizerStateFile.Load(dir);
        Assert.Equal("sgd", loaded.Kind);
        Assert.Equal(1, loaded.Steps["w"]);
        Assert.Equal(sgd.SaveState().Buffers["momentum_buffer/w"], loaded.Buffers["momentum_buffer/w"]);
        var again = new Sgd([new ParameterGroup([p], 0.01)], momentum: 0.9, nesterov: true);
        again.LoadState(loaded);
        Assert.Equal(sgd.SaveState().Buffers["momentum_buffer/w"], again.SaveState().Buffers["momentum_buffer/w"]);
    }

    [Fact]
    public void OptimizerStateErrorsNameFileAndField()
    {
        Assert.Contains("optimizer.json", Assert.Throws<FileNotFoundException>(() => OptimizerStateFile.Load(dir)).Message);
        Write("optimizer.json", "{\"kind\":\"adamw\",\"hyperparameters\":{\"beta1\":\"x\"},\"steps\":{}}");
        Assert.Contains("hyperparameters.beta1", Assert.Throws<InvalidDataException>(() => OptimizerStateFile.Load(dir)).Message);
        Write("optimizer.json", "{\"kind\":\"adamw\",\"hyperparameters\":{},\"steps\":");
        Assert.Contains("invalid JSON", Assert.Throws<InvalidDataException>(() => OptimizerStateFile.Load(dir)).Message);

        // A buffer whose length does not match the parameter.
        var p = Param("w", 1f, 2f);
        var adam = new AdamW([new ParameterGroup([p], 0)]);
        var state = new OptimizerState("adamw", new Dictionary<string, double> { ["beta1"] = 0.9, ["beta2"] = 0.999, ["eps"] = 1e-8 },
            new Dictionary<string, long> { ["w"] = 1 }, new Dictionary<string, float[]> { ["exp_avg/w"] = [1f], ["exp_avg_sq/w"] = [1f, 2f] });
        Assert.Contains("'exp_avg/w' has 1 elements", Assert.Throws<InvalidDataException>(() => adam.LoadState(state)).Message);
    }

    [Fact]
    public void SchedulerRngAndDataFilesRoundTripAndValidate()
    {
        var schedule = new LearningRateSchedule(ScheduleKind.Cosine, 2e-5, 100, new Warmup(Ratio: 0.06));
        SchedulerStateFile.Save(dir, schedule, 37);
        Assert.Equal(37, SchedulerStateFile.Load(dir, schedule));
        var otherWarmup = new LearningRateSchedule(ScheduleKind.Cosine, 2e-5, 100, new Warmup(Steps: 3));
        Assert.Contains("warmup_steps", Assert.Throws<InvalidDataException>(() => SchedulerStateFile.Load(dir, otherWarmup)).Message);

        var rng = new RngState(ulong.MaxValue, 3);
        rng.Save(dir);
        Assert.Equal(rng, RngState.Load(dir));
        Write(RngState.FileName, "{\"seed\":\"-1\",\"data_seed\":\"3\"}");
        Assert.Contains("'seed'", Assert.Throws<InvalidDataException>(() => RngState.Load(dir)).Message);

        DataStateFile.Save(dir, new DataPosition(2, 17));
        Assert.Equal(new DataPosition(2, 17), DataStateFile.Load(dir));
        Write(DataStateFile.FileName, "{\"epoch\":1.5,\"batches_consumed\":0}");
        Assert.Contains("'epoch' must be a whole number", Assert.Throws<InvalidDataException>(() => DataStateFile.Load(dir)).Message);
    }

    [Fact]
    public void TrainerStateRoundTripsAndReadsHuggingFaceFiles()
    {
        var state = new TrainerState
        {
            Epoch = 1.5, GlobalStep = 30, MaxSteps = 60, LoggingSteps = 10, EvalSteps = 10, SaveSteps = 10, TrainBatchSize = 8, NumTrainEpochs = 3,
            BestMetric = 0.875, BestGlobalStep = 20, BestModelCheckpoint = "out/checkpoint-20", EarlyStoppingPatience = 3, EarlyStoppingPatienceCounter = 1,
            LoggingLossSum = 1.25, LoggingLossCount = 2, LogHistory = [new() { ["loss"] = 0.5, ["step"] = 10, ["epoch"] = 0.5 }, new() { ["eval_loss"] = double.NaN, ["step"] = 20 }],
        };
        state.Save(dir);
        var text = File.ReadAllText(Path.Combine(dir, TrainerState.FileName));
        Assert.True(text.IndexOf("\"best_global_step\"") < text.IndexOf("\"epoch\"") && text.IndexOf("\"epoch\"") < text.IndexOf("\"trial_params\""), "keys sorted as HF writes them");
        var back = TrainerState.Load(dir);
        Assert.Equal((1.5, 30L, 0.875, 20L, "out/checkpoint-20", 1, 1.25, 2), (back.Epoch, back.GlobalStep, back.BestMetric!.Value, back.BestGlobalStep!.Value, back.BestModelCheckpoint, back.EarlyStoppingPatienceCounter, back.LoggingLossSum, back.LoggingLossCount));
        Assert.True(double.IsNaN(back.LogHistory[1]["eval_loss"]));

        // As transformers 4.4x writes it (no NluSharp section, eval_steps null, floats for intervals).
        Write(TrainerState.FileName, """
            {
              "best_metric": null, "best_model_checkpoint": null, "epoch": 3.0, "eval_steps": null, "global_step": 1263,
              "is_hyper_param_search": false, "is_local_process_zero": true, "is_world_process_zero": true,
              "log_history": [{"epoch": 1.19, "grad_norm": 3.21, "learning_rate": 3.02e-05, "loss": 0.4213, "step": 500}],
              "logging_steps": 500, "max_steps": 1263, "num_input_tokens_seen": 0, "num_train_epochs": 3, "save_steps": 500,
              "stateful_callbacks": {"TrainerControl": {"args": {"should_epoch_stop": false, "should_evaluate": false, "should_log": false, "should_save": true, "should_training_stop": true}, "attributes": {}}},
              "total_flos": 1.2e15, "train_batch_size": 32, "trial_name": null, "trial_params": null
            }
            """);
        var hf = TrainerState.Load(dir);
        Assert.Equal((1263L, 3.0, 32, true), (hf.GlobalStep, hf.Epoch, hf.TrainBatchSize, hf.ShouldTrainingStop));
        Assert.Null(hf.BestMetric);
        Assert.Equal(0.4213, hf.LogHistory[0]["loss"]);

        Write(TrainerState.FileName, "{\"epoch\": 1}");
        Assert.Contains("missing field 'global_step'", Assert.Throws<InvalidDataException>(() => TrainerState.Load(dir)).Message);
    }

    [Fact]
    public void ConfusionAndRunInfoFilesValidate()
    {
        Assert.Null(ConfusionFile.Load(dir));
        Write(ConfusionFile.FileName, "{\"step\":3,\"labels\":[\"a\",\"b\"],\"matrix\":[[1,2]]}");
        Assert.Contains("2×2", Assert.Throws<InvalidDataException>(() => ConfusionFile.Load(dir)).Message);
        Assert.Null(RunInfo.Load(dir));
        Write(RunInfo.FileName, "{\"config\":{}}");
        Assert.Contains("'fingerprints'", Assert.Throws<InvalidDataException>(() => RunInfo.Load(dir)).Message);
    }

    [Fact]
    public void MetricsLogTruncatesAfterAStepAndDropsATornLine()
    {
        var log = new MetricsLog(Path.Combine(dir, MetricsLog.FileName));
        for (int s = 1; s <= 4; s++) log.Append(new Dictionary<string, double> { ["loss"] = 1.0 / s, ["step"] = s });
        File.AppendAllText(log.Path, "{\"loss\":0.1,\"st");
        Assert.Equal(4, MetricsLog.Read(log.Path).Count);
        log.TruncateAfter(2);
        Assert.Equal(["{\"loss\":1,\"step\":1}", "{\"loss\":0.5,\"step\":2}"], File.ReadAllLines(log.Path));
        log.Append(new Dictionary<string, double> { ["loss"] = double.PositiveInfinity, ["step"] = 3 });
        Assert.Equal(double.PositiveInfinity, MetricsLog.Read(log.Path)[2]["loss"]);
    }
}
