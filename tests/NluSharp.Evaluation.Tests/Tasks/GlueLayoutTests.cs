// The GLUE layouts that ../shared does not carry (QQP, MNLI, QNLI), written as the official files lay them out.
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Evaluation.Tests.Tasks;

public class GlueLayoutTests
{
    [Fact]
    public void QqpUsesIdColumnAndQuestions()
    {
        using var t = new TempFiles();
        t.Write("glue_data/QQP/dev.tsv", "id\tqid1\tqid2\tquestion1\tquestion2\tis_duplicate\n201359\t303345\t303346\tWhy?\tHow come?\t1\n");
        t.Write("glue_data/QQP/test.tsv", "id\tquestion1\tquestion2\n0\tA?\tB?\n");
        var task = TaskRegistry.Find("qqp");
        var dev = Assert.Single(task.Read(TaskRegistry.FindSplitFile(task, Path.Combine(t.Dir, "glue_data"), "dev")));
        Assert.Equal("201359", dev.Id);
        Assert.Equal(new TextInput("Why?", "How come?"), dev.Input);
        Assert.Equal("1", dev.Label);
        var test = Assert.Single(task.Read(TaskRegistry.FindSplitFile(task, Path.Combine(t.Dir, "glue_data"), "test")));
        Assert.False(test.IsLabeled);
    }

    [Fact]
    public void MnliMatchedAndMismatchedReadTheirOwnFiles()
    {
        using var t = new TempFiles();
        const string header = "index\tpromptID\tpairID\tgenre\tsentence1_binary_parse\tsentence2_binary_parse\tsentence1_parse\tsentence2_parse\tsentence1\tsentence2";
        t.Write("MNLI/dev_matched.tsv", header + "\tlabel1\tgold_label\n0\t1\t1n\tfiction\t(a)\t(b)\t(A)\t(B)\tPremise m.\tHypothesis m.\tneutral\tneutral\n");
        t.Write("MNLI/dev_mismatched.tsv", header + "\tlabel1\tgold_label\n0\t1\t1n\tletters\t(a)\t(b)\t(A)\t(B)\tPremise mm.\tHypothesis mm.\tcontradiction\tcontradiction\n");
        t.Write("MNLI/test_matched.tsv", header + "\n0\t1\t1n\tfiction\t(a)\t(b)\t(A)\t(B)\tP.\tH.\n");
        var matched = TaskRegistry.Find("mnli");
        var mismatched = TaskRegistry.Find("mnli-mm");
        var m = Assert.Single(matched.Read(TaskRegistry.FindSplitFile(matched, t.Dir, "dev")));
        var mm = Assert.Single(mismatched.Read(TaskRegistry.FindSplitFile(mismatched, t.Dir, "dev")));
        Assert.Equal(new TextInput("Premise m.", "Hypothesis m."), m.Input);
        Assert.Equal("neutral", m.Label);
        Assert.Equal("contradiction", mm.Label);
        Assert.False(Assert.Single(matched.Read(TaskRegistry.FindSplitFile(matched, t.Dir, "test"))).IsLabeled);
        Assert.Equal("MNLI-m.tsv", matched.SubmissionFile);
        Assert.Equal("MNLI-mm.tsv", mismatched.SubmissionFile);
    }

    [Fact]
    public void QnliPairsQuestionAndSentence()
    {
        using var t = new TempFiles();
        var path = t.Write("QNLI/dev.tsv", "index\tquestion\tsentence\tlabel\n0\tWho?\tHe did.\tentailment\n");
        var e = Assert.Single(TaskRegistry.Find("qnli").Read(path));
        Assert.Equal(new TextInput("Who?", "He did."), e.Input);
        Assert.Equal("entailment", e.Label);
    }
}
