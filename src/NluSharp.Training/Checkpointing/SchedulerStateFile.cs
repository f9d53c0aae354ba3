// scheduler.json: the schedule's definition and its position (torch LambdaLR's last_epoch = completed steps).
// A resumed run must use the same schedule; a mismatch is reported field by field instead of silently changing the run.
using System.Text.Json.Nodes;
using NluSharp.Training.Schedules;

namespace NluSharp.Training.Checkpointing;

/// <summary>Reads and writes the learning-rate schedule state.</summary>
public static class SchedulerStateFile
{
    /// <summary>File name inside a checkpoint folder.</summary>
    public const string FileName = "scheduler.json";

    /// <summary>Writes the schedule and the number of completed steps.</summary>
    public static void Save(string folder, LearningRateSchedule schedule, long completedSteps) =>
        JsonFiles.WriteAtomic(Path.Combine(folder, FileName), new JsonObject
        {
            ["kind"] = schedule.Kind.ToString(),
            ["base_learning_rate"] = schedule.BaseLearningRate,
            ["total_steps"] = schedule.TotalSteps,
            ["warmup_steps"] = schedule.WarmupSteps,
            ["end_learning_rate"] = schedule.EndLearningRate,
            ["power"] = schedule.Power,
            ["cosine_cycles"] = schedule.CosineCycles,
            ["last_epoch"] = completedSteps,
            ["last_lr"] = schedule.LearningRateAt(completedSteps),
        });

    /// <summary>Reads the completed-step count, checking the saved schedule equals <paramref name="expected"/>.</summary>
    public static long Load(string folder, LearningRateSchedule expected)
    {
        var path = Path.Combine(folder, FileName);
        var root = JsonFiles.ReadObject(path);
        var kind = JsonFiles.Required(root, "kind", path).GetValue<string>();
        if (kind != expected.Kind.ToString())
            throw new InvalidDataException($"{path}: the checkpoint used schedule '{kind}', this run is configured with '{expected.Kind}'");
        void Same(string field, double configured)
        {
            var saved = JsonFiles.RequiredNumber(root, field, path);
            if (BitConverter.DoubleToInt64Bits(saved) != BitConverter.DoubleToInt64Bits(configured))
                throw new InvalidDataException($"{path}: field '{field}' is {saved:R} in the checkpoint, this run is configured with {configured:R}; resume with the original settings");
        }
        Same("base_learning_rate", expected.BaseLearningRate);
        Same("total_steps", expected.TotalSteps);
        Same("warmup_steps", expected.WarmupSteps);
        Same("end_learning_rate", expected.EndLearningRate);
        Same("power", expected.Power);
        Same("cosine_cycles", expected.CosineCycles);
        var last = JsonFiles.RequiredNumber(root, "last_epoch", path);
        if (last < 0 || last != Math.Floor(last)) throw new InvalidDataException($"{path}: 'last_epoch' must be a whole number >= 0, got {last}");
        return (long)last;
    }
}
