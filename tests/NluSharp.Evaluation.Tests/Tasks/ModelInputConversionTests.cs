// How each task form turns a row into model input, on small hand-written rows (no ../shared needed).
using NluSharp.Evaluation.Tasks;
using NluSharp.Evaluation.Tasks.SuperGlue;

namespace NluSharp.Evaluation.Tests.Tasks;

public class ModelInputConversionTests
{
    [Fact]
    public void ColaHeaderlessRowsAreSingleTextsWithRowNumberIds()
    {
        using var t = new TempFiles();
        var path = t.Write("CoLA/dev.tsv", "gj04\t1\t\tThe sailors rode the breeze.\ngj04\t0\t*\tThe more.\n");
        var examples = TaskRegistry.Find("cola").Read(path).ToList();
        Assert.Equal(["0", "1"], examples.Select(e => e.Id));
        Assert.Equal(new TextInput("The sailors rode the breeze."), examples[0].Input);
        Assert.Equal(["1", "0"], examples.Select(e => e.Label));
    }

    [Fact]
    public void MrpcPairsComeFromNamedColumnsAndTestUsesIndex()
    {
        using var t = new TempFiles();
        var dev = t.Write("MRPC/dev.tsv", "\uFEFFQuality\t#1 ID\t#2 ID\t#1 String\t#2 String\n1\t1\t2\tA b .\tC d .\n");
        var test = t.Write("MRPC/test.tsv", "index\t#1 ID\t#2 ID\t#1 String\t#2 String\n7\t1\t2\tA b .\tC d .\n");
        var task = TaskRegistry.Find("mrpc");
        var devExample = Assert.Single(task.Read(dev));
        Assert.Equal(new TextInput("A b .", "C d ."), devExample.Input);
        Assert.Equal("1", devExample.Label);
        var testExample = Assert.Single(task.Read(test));
        Assert.Equal("7", testExample.Id);
        Assert.False(testExample.IsLabeled);
    }

    [Fact]
    public void StsbTargetIsANumber()
    {
        using var t = new TempFiles();
        var path = t.Write("dev.tsv", "index\tgenre\tfilename\tyear\told_index\tsource1\tsource2\tsentence1\tsentence2\tscore\n" +
                                      "0\tg\tf\t2012\t0\tnone\tnone\tA man.\tA person.\t3.800\n");
        var e = Assert.Single(TaskRegistry.Find("stsb").Read(path));
        Assert.Equal(3.8, e.Target);
        Assert.Null(e.Label);
    }

    [Fact]
    public void CopaIsMultipleChoiceWithTheQuestionWording()
    {
        using var t = new TempFiles();
        var path = t.Write("COPA/val.jsonl",
            "{\"premise\": \"The man turned on the faucet.\", \"choice1\": \"The toilet filled.\", \"choice2\": \"Water flowed.\", \"question\": \"effect\", \"label\": 1, \"idx\": 0}\n");
        var e = Assert.Single(TaskRegistry.Find("copa").Read(path));
        var input = Assert.IsType<ChoiceInput>(e.Input);
        Assert.Equal(new TextInput("The man turned on the faucet.", "What happened as a result? The toilet filled."), input.Choices[0]);
        Assert.Equal(new TextInput("The man turned on the faucet.", "What happened as a result? Water flowed."), input.Choices[1]);
        Assert.Equal(["0", "1"], input.ChoiceLabels);
        Assert.Equal("1", e.Label);
        Assert.Equal("What was the cause of this?", CopaTask.QuestionFor("cause"));
    }

    [Fact]
    public void RecordCandidatesAreDistinctInclusiveSpansInOrder()
    {
        using var t = new TempFiles();
        // "Paris" [0,4], "France" [10,15], "Paris" again [21,25]; end offsets are inclusive in ReCoRD.
        var line = "{\"idx\": 3, \"passage\": {\"text\": \"Paris is  France. Paris\\n@highlight\\nNews\", \"entities\": " +
                   "[{\"start\": 0, \"end\": 4}, {\"start\": 10, \"end\": 15}, {\"start\": 18, \"end\": 22}]}, " +
                   "\"qas\": [{\"query\": \"@placeholder is a city\", \"answers\": [{\"start\": 0, \"end\": 4, \"text\": \"Paris\"}], \"idx\": 9}]}";
        var path = t.Write("ReCoRD/val.jsonl", line + "\n");
        var e = Assert.Single(TaskRegistry.Find("record").Read(path));
        Assert.Equal("3/9", e.Id);
        var input = Assert.IsType<ChoiceInput>(e.Input);
        Assert.Equal(["Paris", "France"], input.ChoiceLabels);
        Assert.Equal("France is a city", input.Choices[1].Pair);
        Assert.Equal("Paris is  France. Paris\n- News", input.Choices[0].Text);
        Assert.Equal(["Paris"], e.Answers);
    }

    [Fact]
    public void WscSpansFollowWordIndexAndTrimPunctuation()
    {
        using var t = new TempFiles();
        var path = t.Write("WSC/val.jsonl",
            "{\"text\": \"The benefit, said Mark, helped him.\", \"target\": {\"span1_text\": \"the benefit\", \"span1_index\": 0, " +
            "\"span2_text\": \"him\", \"span2_index\": 5}, \"idx\": 0, \"label\": true}\n");
        var e = Assert.Single(TaskRegistry.Find("wsc").Read(path));
        var input = Assert.IsType<TextInput>(e.Input);
        Assert.Equal("*The benefit*, said Mark, helped *him*.", input.WithInlineMarkers().Text);
        Assert.Equal("true", e.Label);
    }

    [Fact]
    public void WicMarksTheWordInBothSentences()
    {
        using var t = new TempFiles();
        var path = t.Write("WiC/val.jsonl",
            "{\"word\": \"stripe\", \"sentence1\": \"Men of every stripe.\", \"sentence2\": \"They earned stripes.\", \"idx\": 1, " +
            "\"label\": false, \"start1\": 13, \"start2\": 12, \"end1\": 19, \"end2\": 19}\n");
        var e = Assert.Single(TaskRegistry.Find("wic").Read(path));
        var marked = ((TextInput)e.Input).WithInlineMarkers("[", "]");
        Assert.Equal(new TextInput("Men of every [stripe].", "They earned [stripes]."), marked);
    }

    [Fact]
    public void AxgPairsConsecutiveRows()
    {
        using var t = new TempFiles();
        var rows = string.Join("\n",
            "{\"premise\": \"He ran.\", \"hypothesis\": \"Someone ran.\", \"label\": \"entailment\", \"idx\": 0}",
            "{\"premise\": \"She ran.\", \"hypothesis\": \"Someone ran.\", \"label\": \"entailment\", \"idx\": 1}");
        var examples = TaskRegistry.Find("axg").Read(t.Write("AX-g/AX-g.jsonl", rows)).ToList();
        Assert.Equal(["0", "0"], examples.Select(e => e.Group));
    }
}
