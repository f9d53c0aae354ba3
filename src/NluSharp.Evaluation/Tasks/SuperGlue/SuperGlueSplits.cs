// File names of SuperGLUE splits: the official download's train/val/test.jsonl plus FewGLUE's dev32.jsonl.
namespace NluSharp.Evaluation.Tasks.SuperGlue;

internal static class SuperGlueSplits
{
    /// <summary>train, dev (val.jsonl), test, and FewGLUE's 32-example dev32.</summary>
    public static readonly TaskSplit[] Standard =
        [new("train", "train.jsonl"), new("dev", "val.jsonl"), new("test", "test.jsonl"), new("dev32", "dev32.jsonl")];
}
