// The SuperGLUE tasks (Wang et al. 2019) in the official download's layout (<Folder>/train|val|test.jsonl; FewGLUE adds
// dev32.jsonl), their labels, metrics and leaderboard file names.
namespace NluSharp.Evaluation.Tasks.SuperGlue;

/// <summary>The SuperGLUE task table.</summary>
public static class SuperGlueTasks
{
    static readonly string[] Nli2 = ["entailment", "not_entailment"];

    /// <summary>All SuperGLUE tasks in leaderboard order, the diagnostics AX-b and AX-g last.</summary>
    public static readonly IReadOnlyList<BenchmarkTask> All =
    [
        new PairTask("boolq", "BoolQ", "yes/no question about a passage (true/false); pair (passage, question)",
            SuperGlueSplits.Standard, ["false", "true"], ["accuracy"], ["accuracy"], "BoolQ.jsonl", "passage", "question"),
        new PairTask("cb", "CB", "CommitmentBank entailment (3 labels); pair (premise, hypothesis)",
            SuperGlueSplits.Standard, ["entailment", "contradiction", "neutral"], ["accuracy", "macro_f1"], ["accuracy", "macro_f1"],
            "CB.jsonl", "premise", "hypothesis"),
        new CopaTask(),
        new MultiRcTask(),
        new RecordTask(),
        new PairTask("rte", "RTE", "entailment (2 labels); pair (premise, hypothesis)",
            SuperGlueSplits.Standard, Nli2, ["accuracy"], ["accuracy"], "RTE.jsonl", "premise", "hypothesis"),
        new WicTask(),
        new WscTask(),
        new PairTask("axb", "AX-b", "broad-coverage diagnostic, predicted with an RTE model (Matthews); pair (sentence1, sentence2)",
            [new TaskSplit("test", "AX-b.jsonl")], Nli2, ["matthews"], ["matthews"], "AX-b.jsonl", "sentence1", "sentence2"),
        new PairTask("axg", "AX-g", "Winogender diagnostic, predicted with an RTE model (gender parity, accuracy); pair (premise, hypothesis)",
            [new TaskSplit("test", "AX-g.jsonl", "WinoGender.jsonl")], Nli2, ["gender_parity", "accuracy"], ["gender_parity"],
            "AX-g.jsonl", "premise", "hypothesis", minimalPairs: true),
    ];
}
