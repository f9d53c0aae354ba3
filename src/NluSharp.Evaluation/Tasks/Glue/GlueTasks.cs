// The GLUE tasks (Wang et al. 2018) in the layout the official download script leaves (glue_data/<Folder>/...),
// their label strings, metrics and leaderboard file names. MNLI is two tasks here, matched ("mnli") and mismatched
// ("mnli-mm"), because they have separate dev/test files and submission files; the GLUE score averages them as one.
namespace NluSharp.Evaluation.Tasks.Glue;

/// <summary>The GLUE task table.</summary>
public static class GlueTasks
{
    static readonly string[] Binary = ["0", "1"];
    static readonly string[] Nli3 = ["entailment", "neutral", "contradiction"];
    static readonly string[] Nli2 = ["entailment", "not_entailment"];

    static TaskSplit[] Standard(string dev = "dev.tsv", string test = "test.tsv") =>
        [new("train", "train.tsv"), new("dev", dev), new("test", test)];

    /// <summary>All GLUE tasks, in leaderboard order, AX last.</summary>
    public static readonly IReadOnlyList<GlueTask> All =
    [
        new("cola", "CoLA", "grammatical acceptability of one sentence (0/1); single text", Standard(), Binary,
            ["matthews"], "CoLA.tsv", textColumns: ["sentence"], pairColumns: [], labelColumns: ["label"],
            headerless: new HeaderlessLayout(FieldCount: 4, LabelColumn: 1, TextColumn: 3)),
        new("sst2", "SST-2", "movie-review sentiment (0/1); single text", Standard(), Binary,
            ["accuracy"], "SST-2.tsv", textColumns: ["sentence"], pairColumns: [], labelColumns: ["label"]),
        new("mrpc", "MRPC", "paraphrase (0/1); pair (#1 String, #2 String)", Standard(), Binary,
            ["f1", "accuracy"], "MRPC.tsv", textColumns: ["#1 String"], pairColumns: ["#2 String"], labelColumns: ["Quality"]),
        new("stsb", "STS-B", "semantic similarity score 0-5 (regression); pair (sentence1, sentence2)", Standard(), [],
            ["pearson", "spearman"], "STS-B.tsv", textColumns: ["sentence1"], pairColumns: ["sentence2"], labelColumns: ["score"],
            regression: true),
        new("qqp", "QQP", "duplicate question (0/1); pair (question1, question2)", Standard(), Binary,
            ["f1", "accuracy"], "QQP.tsv", textColumns: ["question1"], pairColumns: ["question2"], labelColumns: ["is_duplicate"],
            indexColumns: ["id"]),
        new("mnli", "MNLI", "entailment, matched genres (3 labels); pair (sentence1 premise, sentence2 hypothesis)",
            Standard("dev_matched.tsv", "test_matched.tsv"), Nli3,
            ["accuracy"], "MNLI-m.tsv", textColumns: ["sentence1"], pairColumns: ["sentence2"], labelColumns: ["gold_label"]),
        new("mnli-mm", "MNLI", "entailment, mismatched genres (3 labels); pair (sentence1 premise, sentence2 hypothesis)",
            Standard("dev_mismatched.tsv", "test_mismatched.tsv"), Nli3,
            ["accuracy"], "MNLI-mm.tsv", textColumns: ["sentence1"], pairColumns: ["sentence2"], labelColumns: ["gold_label"]),
        new("qnli", "QNLI", "does the sentence answer the question (2 labels); pair (question, sentence)", Standard(), Nli2,
            ["accuracy"], "QNLI.tsv", textColumns: ["question"], pairColumns: ["sentence"], labelColumns: ["label"]),
        new("rte", "RTE", "entailment (2 labels); pair (sentence1, sentence2)", Standard(), Nli2,
            ["accuracy"], "RTE.tsv", textColumns: ["sentence1"], pairColumns: ["sentence2"], labelColumns: ["label"]),
        new("wnli", "WNLI", "Winograd entailment (0/1); pair (sentence1, sentence2)", Standard(), Binary,
            ["accuracy"], "WNLI.tsv", textColumns: ["sentence1"], pairColumns: ["sentence2"], labelColumns: ["label"]),
        // AX is test-only on the leaderboard and is predicted with an MNLI model; diagnostic-full.tsv carries the
        // gold labels (same rows, same order, no index column) so it can be scored locally as split "full".
        new("ax", "diagnostic", "diagnostic entailment set, scored with MNLI predictions (R3 = Matthews); pair",
            [new("test", "diagnostic.tsv", "AX.tsv"), new("full", "diagnostic-full.tsv")], Nli3,
            ["matthews"], "AX.tsv", textColumns: ["sentence1", "Premise"], pairColumns: ["sentence2", "Hypothesis"], labelColumns: ["Label"]),
    ];
}
