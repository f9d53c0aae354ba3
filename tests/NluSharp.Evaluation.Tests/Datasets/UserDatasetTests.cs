// User datasets: RFC 4180 CSV, TSV and JSONL with column mapping, label inference, seeded split, lazy streaming.
using NluSharp.Evaluation.Datasets;
using NluSharp.Evaluation.Formats;
using NluSharp.Evaluation.Tasks;
using NluSharp.Evaluation.Tests.Tasks;

namespace NluSharp.Evaluation.Tests.Datasets;

public class UserDatasetTests
{
    [Fact]
    public void CsvFollowsRfc4180Quoting()
    {
        using var t = new TempFiles();
        var path = t.Write("d.csv",
            "text,label\r\n" +
            "plain,pos\r\n" +
            "\"with, comma\",neg\r\n" +
            "\"she said \"\"hi\"\"\",pos\r\n" +
            "\"two\r\nlines\",neg\r\n" +
            "\"\",pos\r\n" +
            "bare \"quote\" inside,neg");
        var rows = CsvRows.Read(path).ToList();
        Assert.Equal(["text", "label"], rows[0].Fields);
        Assert.Equal(["with, comma", "neg"], rows[2].Fields);
        Assert.Equal(["she said \"hi\"", "pos"], rows[3].Fields);
        Assert.Equal(["two\r\nlines", "neg"], rows[4].Fields);
        Assert.Equal(["", "pos"], rows[5].Fields);
        Assert.Equal(["bare \"quote\" inside", "neg"], rows[6].Fields);
        Assert.Equal([1L, 2, 3, 4, 5, 7, 8], rows.Select(r => r.Source.Line));
    }

    [Fact]
    public void UnclosedQuoteAndStrayCharactersNameTheLine()
    {
        using var t = new TempFiles();
        var unclosed = t.Write("a.csv", "text,label\nok,1\n\"never closed,1\nmore\n");
        Assert.Contains($"{unclosed}:3: quoted field is never closed", Assert.Throws<InvalidDataException>(() => CsvRows.Read(unclosed).ToList()).Message);
        var stray = t.Write("b.csv", "text,label\n\"quoted\"x,1\n");
        Assert.Contains($"{stray}:2: unexpected 'x' after a closing quote", Assert.Throws<InvalidDataException>(() => CsvRows.Read(stray).ToList()).Message);
    }

    [Fact]
    public void ColumnMappingPicksTextPairAndLabel()
    {
        using var t = new TempFiles();
        var path = t.Write("d.tsv", "id\tq1\tq2\tdup\n7\tHow?\tWhy?\t1\n");
        var ds = new UserDataset(path, new ColumnMapping("q1", "q2", "dup"));
        var e = Assert.Single(ds.Read());
        Assert.Equal(new TextInput("How?", "Why?"), e.Input);
        Assert.Equal(["1"], e.Labels);
        Assert.Equal(DatasetFormat.Tsv, ds.Format);
    }

    [Fact]
    public void MissingColumnAndRaggedRowAreNamed()
    {
        using var t = new TempFiles();
        var path = t.Write("d.csv", "sentence,label\na,1\nb\n");
        var e = Assert.Throws<InvalidDataException>(() => new UserDataset(path, new ColumnMapping("text")).Read().ToList());
        Assert.Equal($"{path}:1: no column 'text' in the header; columns are sentence, label", e.Message);
        var ragged = Assert.Throws<InvalidDataException>(() => new UserDataset(path, new ColumnMapping("sentence")).Read().ToList());
        Assert.Equal($"{path}:3: expected 2 fields (sentence, label), found 1", ragged.Message);
    }

    [Fact]
    public void LabelInference()
    {
        using var t = new TempFiles();
        LabelSchema Infer(string name, string content) => new UserDataset(t.Write(name, content), new ColumnMapping()).InferLabels();

        var strings = Infer("s.csv", "text,label\na,spam\nb,ham\nc,spam\n");
        Assert.Equal(LabelKind.SingleLabel, strings.Kind);
        Assert.Equal(["ham", "spam"], strings.Classes);

        var integers = Infer("i.csv", "text,label\na,10\nb,2\nc,1\n");
        Assert.Equal(LabelKind.SingleLabel, integers.Kind);
        Assert.Equal(["1", "2", "10"], integers.Classes); // numeric order, not string order

        var regression = Infer("r.jsonl", "{\"text\": \"a\", \"label\": 3.8}\n{\"text\": \"b\", \"label\": 1}\n");
        Assert.Equal(LabelKind.Regression, regression.Kind);

        var multi = Infer("m.jsonl", "{\"text\": \"a\", \"label\": [\"sports\", \"politics\"]}\n{\"text\": \"b\", \"label\": []}\n{\"text\": \"c\", \"label\": \"arts\"}\n");
        Assert.Equal(LabelKind.MultiLabel, multi.Kind);
        Assert.Equal(["arts", "politics", "sports"], multi.Classes);

        var csvMulti = Infer("m.csv", "text,label\na,\"[\"\"x\"\", \"\"y\"\"]\"\n");
        Assert.Equal(LabelKind.MultiLabel, csvMulti.Kind);
        Assert.Equal(["x", "y"], csvMulti.Classes);

        Assert.Contains("unknown label 'eggs'; known labels are 'ham', 'spam'",
            Assert.Throws<InvalidDataException>(() => strings.IndexOf("eggs", "row 9")).Message);
    }

    [Fact]
    public void SeededSplitIsExactDisjointCompleteAndReproducible()
    {
        using var t = new TempFiles();
        var path = t.Write("d.jsonl", string.Concat(Enumerable.Range(0, 1000).Select(i => $"{{\"text\": \"t{i}\", \"label\": {i % 2}}}\n")));
        var ds = new UserDataset(path, new ColumnMapping());
        var split = new TrainValidationSplit(ds, 0.1, seed: 42);
        var validation = split.Validation().Select(e => e.Row).ToList();
        var train = split.Train().Select(e => e.Row).ToList();
        Assert.Equal(100, validation.Count);
        Assert.Equal(900, train.Count);
        Assert.Empty(validation.Intersect(train));
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), validation.Concat(train).Order());
        Assert.Equal(validation, new TrainValidationSplit(ds, 0.1, seed: 42).Validation().Select(e => e.Row));
        Assert.NotEqual(validation, new TrainValidationSplit(ds, 0.1, seed: 43).Validation().Select(e => e.Row));
        // Spread over the file, not clustered at one end.
        Assert.InRange(validation.Count(r => r < 500), 30, 70);
    }

    [Fact]
    public void ReadingIsLazy()
    {
        // A broken last row is not reached when only the first rows are consumed: the file is streamed, not loaded.
        using var t = new TempFiles();
        var path = t.Write("d.csv", "text,label\na,1\nb,0\n\"broken,1\n");
        var first = new UserDataset(path, new ColumnMapping()).Read().Take(2).ToList();
        Assert.Equal(2, first.Count);
        Assert.Throws<InvalidDataException>(() => new UserDataset(path, new ColumnMapping()).Read().ToList());
    }

    [Fact]
    public void RegressionTargetsParse()
    {
        using var t = new TempFiles();
        var ds = new UserDataset(t.Write("d.csv", "text,score\na,4.25\nb,x\n"), new ColumnMapping(LabelColumn: "score"));
        var rows = ds.Read().ToList();
        Assert.Equal(4.25, UserDataset.Target(rows[0]));
        Assert.Contains(":3: expected one numeric regression target, found 'x'", Assert.Throws<InvalidDataException>(() => UserDataset.Target(rows[1])).Message);
    }
}
