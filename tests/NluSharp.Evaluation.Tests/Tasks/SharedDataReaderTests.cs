// Every file under ../shared/data is accounted for: GLUE, SuperGLUE and FewGLUE files are read by their task's reader with
// the official row counts; CoNLL-2003, SQuAD and the pretraining corpus are checked against their READMEs' counts. A file
// the tables do not account for fails the test, so new data cannot go unchecked.
using NluSharp.Evaluation.Formats;
using NluSharp.Evaluation.Scoring;
using NluSharp.Evaluation.Tasks;
using NluSharp.Tests;

namespace NluSharp.Evaluation.Tests.Tasks;

public class SharedDataReaderTests
{
    // relative path -> (task, examples, labeled). Counts are the official ones (GLUE paper / SuperGLUE paper / FewGLUE).
    static readonly Dictionary<string, (string Task, int Count, bool Labeled)> Expected = new()
    {
        ["glue/CoLA/train.tsv"] = ("glue/cola", 8551, true),
        ["glue/CoLA/dev.tsv"] = ("glue/cola", 1043, true),
        ["glue/CoLA/test.tsv"] = ("glue/cola", 1063, false),
        ["glue/SST-2/train.tsv"] = ("glue/sst2", 67349, true),
        ["glue/SST-2/dev.tsv"] = ("glue/sst2", 872, true),
        ["glue/SST-2/test.tsv"] = ("glue/sst2", 1821, false),
        ["glue/MRPC/train.tsv"] = ("glue/mrpc", 3668, true),
        ["glue/MRPC/dev.tsv"] = ("glue/mrpc", 408, true),
        ["glue/MRPC/test.tsv"] = ("glue/mrpc", 1725, false),
        // The raw Microsoft files MRPC's train/dev are cut from (4,076 + 1,725 pairs), and the train file as the
        // GLUE repository ships it, which lacks one pair (3,667) — the reason train.tsv was rebuilt.
        ["glue/MRPC/msr_paraphrase_train.txt"] = ("glue/mrpc", 4076, true),
        ["glue/MRPC/msr_paraphrase_test.txt"] = ("glue/mrpc", 1725, true),
        ["glue/MRPC/train.repo-original.tsv"] = ("glue/mrpc", 3667, true),
        ["glue/STS-B/train.tsv"] = ("glue/stsb", 5749, true),
        ["glue/STS-B/dev.tsv"] = ("glue/stsb", 1500, true),
        ["glue/STS-B/test.tsv"] = ("glue/stsb", 1379, false),
        ["glue/RTE/train.tsv"] = ("glue/rte", 2490, true),
        ["glue/RTE/dev.tsv"] = ("glue/rte", 277, true),
        ["glue/RTE/test.tsv"] = ("glue/rte", 3000, false),
        ["glue/WNLI/train.tsv"] = ("glue/wnli", 635, true),
        ["glue/WNLI/dev.tsv"] = ("glue/wnli", 71, true),
        ["glue/WNLI/test.tsv"] = ("glue/wnli", 146, false),
        ["glue/diagnostic/diagnostic.tsv"] = ("glue/ax", 1104, false),
        ["glue/diagnostic/diagnostic-full.tsv"] = ("glue/ax", 1104, true),
        ["superglue/CB/val.jsonl"] = ("superglue/cb", 56, true),
        ["superglue/COPA/val.jsonl"] = ("superglue/copa", 100, true),
        ["superglue/RTE/train.jsonl"] = ("superglue/rte", 2490, true),
        ["superglue/RTE/val.jsonl"] = ("superglue/rte", 277, true),
        ["superglue/RTE/test.jsonl"] = ("superglue/rte", 3000, false),
        ["superglue/WiC/val.jsonl"] = ("superglue/wic", 638, true),
        ["superglue/WSC/train.jsonl"] = ("superglue/wsc", 554, true),
        ["superglue/WSC/val.jsonl"] = ("superglue/wsc", 104, true),
        ["superglue/WSC/test.jsonl"] = ("superglue/wsc", 146, false),
        ["superglue/AX-g/WinoGender.jsonl"] = ("superglue/axg", 356, true),
        ["fewglue/BoolQ/train.jsonl"] = ("superglue/boolq", 32, true),
        ["fewglue/BoolQ/dev32.jsonl"] = ("superglue/boolq", 32, true),
        ["fewglue/CB/train.jsonl"] = ("superglue/cb", 32, true),
        ["fewglue/CB/dev32.jsonl"] = ("superglue/cb", 32, true),
        ["fewglue/COPA/train.jsonl"] = ("superglue/copa", 32, true),
        ["fewglue/COPA/dev32.jsonl"] = ("superglue/copa", 32, true),
        // MultiRC: one example per answer option; the 32 questions are checked in MultiRcIsGroupedByQuestion.
        ["fewglue/MultiRC/train.jsonl"] = ("superglue/multirc", 154, true),
        ["fewglue/MultiRC/dev32.jsonl"] = ("superglue/multirc", 167, true),
        ["fewglue/ReCoRD/train.jsonl"] = ("superglue/record", 32, true),
        ["fewglue/ReCoRD/dev32.jsonl"] = ("superglue/record", 32, true),
        ["fewglue/RTE/train.jsonl"] = ("superglue/rte", 32, true),
        ["fewglue/RTE/dev32.jsonl"] = ("superglue/rte", 32, true),
        ["fewglue/WiC/train.jsonl"] = ("superglue/wic", 32, true),
        ["fewglue/WiC/dev32.jsonl"] = ("superglue/wic", 32, true),
        ["fewglue/WSC/train.jsonl"] = ("superglue/wsc", 32, true),
        ["fewglue/WSC/dev32.jsonl"] = ("superglue/wsc", 32, true),
    };

    // Files that are not task data: licences, readmes, and MRPC's list of dev pair ids (read as plain TSV below).
    static readonly HashSet<string> NotTaskData =
        ["fewglue/README.md", "glue/STS-B/LICENSE.txt", "glue/STS-B/readme.txt", "glue/MRPC/dev_ids.tsv",
         "conll2003/README.md", "squad/README.md", "corpus/SOURCES.md"];

    // Data with no task reader yet (NER, extractive QA, the pretraining corpus): each is checked against the counts its
    // README states by the dedicated tests further down.
    static readonly HashSet<string> CheckedBelow =
        ["conll2003/eng.train", "conll2003/eng.testa", "squad/dev-v1.1.json", "corpus/wikipedia.txt",
         "corpus/gutenberg.txt", "corpus/kjv_bible.txt", "corpus/wordnet_glosses.txt", "corpus/fortunes.txt"];

    // The corpus' build scripts and input checksums are provenance, not data.
    static bool IsCorpusProvenance(string relative) => relative.StartsWith("corpus/build/", StringComparison.Ordinal);

    [SkippableFact]
    public void EveryFileLoadsWithOfficialRowCounts()
    {
        var root = SharedData.Require("data");
        var files = Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/')).Order().ToList();
        var unaccounted = files.Where(f => !Expected.ContainsKey(f) && !NotTaskData.Contains(f) && !CheckedBelow.Contains(f)
                                           && !IsCorpusProvenance(f)).ToList();
        Assert.True(unaccounted.Count == 0, "files with no expected row count: " + string.Join(", ", unaccounted));
        var failures = new List<string>();
        foreach (var (relative, (taskName, count, labeled)) in Expected)
        {
            var path = Path.Combine(root, relative);
            if (!File.Exists(path)) { failures.Add($"{relative}: missing"); continue; }
            var task = TaskRegistry.Find(taskName);
            var examples = task.Read(path).ToList();
            if (examples.Count != count) failures.Add($"{relative}: {examples.Count} examples, expected {count}");
            if (examples.Any(e => e.IsLabeled != labeled)) failures.Add($"{relative}: expected labeled={labeled} for every row");
            if (examples.Select(e => e.Id).Distinct().Count() != examples.Count) failures.Add($"{relative}: ids are not unique");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(408, TsvRows.Read(Path.Combine(root, "glue/MRPC/dev_ids.tsv")).Count());
    }

    [SkippableFact]
    public void SplitsResolveFromBenchmarkRootsAndTaskFolders()
    {
        var glue = SharedData.Require("data/glue");
        var superglue = SharedData.Require("data/superglue");
        var fewglue = SharedData.Require("data/fewglue");
        Assert.Equal("glue/rte", TaskRegistry.Find("rte", glue).FullName);
        Assert.Equal("superglue/rte", TaskRegistry.Find("rte", superglue).FullName);
        Assert.EndsWith(Path.Combine("SST-2", "dev.tsv"), TaskRegistry.FindSplitFile(TaskRegistry.Find("sst2"), glue, "dev"));
        Assert.EndsWith(Path.Combine("SST-2", "dev.tsv"), TaskRegistry.FindSplitFile(TaskRegistry.Find("sst2"), Path.Combine(glue, "SST-2"), "dev"));
        Assert.EndsWith(Path.Combine("CB", "val.jsonl"), TaskRegistry.FindSplitFile(TaskRegistry.Find("cb"), superglue, "val"));
        Assert.EndsWith(Path.Combine("CB", "dev32.jsonl"), TaskRegistry.FindSplitFile(TaskRegistry.Find("cb"), fewglue, "dev32"));
        var e = Assert.Throws<FileNotFoundException>(() => TaskRegistry.FindSplitFile(TaskRegistry.Find("qqp"), glue, "dev"));
        Assert.Contains(Path.Combine("QQP", "dev.tsv"), e.Message);
    }

    [SkippableFact]
    public void MultiRcIsGroupedByQuestion()
    {
        var path = SharedData.Require("data/fewglue/MultiRC/dev32.jsonl");
        var examples = TaskRegistry.Find("multirc").Read(path).ToList();
        var groups = examples.Select(e => e.Group).Distinct().ToList();
        Assert.Equal(32, groups.Count);
        // Options of one question are contiguous, and each id extends its group key.
        var seen = new HashSet<string?>();
        string? previous = null;
        foreach (var e in examples)
        {
            if (e.Group != previous) Assert.True(seen.Add(e.Group), $"question {e.Group} is split");
            previous = e.Group;
            Assert.StartsWith(e.Group + "/", e.Id);
        }
        var first = (TextInput)examples[0].Input;
        Assert.StartsWith("French and British Ties", first.Text);
        Assert.Equal("What island did Britain finally cede to Spain in the year 1802? France", first.Pair);
    }

    [SkippableFact]
    public void RecordOffersPassageEntitiesWithPlaceholderFilled()
    {
        var path = SharedData.Require("data/fewglue/ReCoRD/dev32.jsonl");
        foreach (var e in TaskRegistry.Find("record").Read(path))
        {
            var input = (ChoiceInput)e.Input;
            Assert.Equal(input.Choices.Count, input.ChoiceLabels.Count);
            Assert.Equal(input.ChoiceLabels.Count, input.ChoiceLabels.Distinct().Count());
            Assert.Contains(input.ChoiceLabels, c => e.Answers!.Contains(c));
            for (var i = 0; i < input.Choices.Count; i++)
            {
                Assert.DoesNotContain("@placeholder", input.Choices[i].Pair);
                Assert.Contains(input.ChoiceLabels[i], input.Choices[i].Pair);
            }
        }
    }

    [SkippableFact]
    public void WicAndWscSpansMarkTheirWords()
    {
        var wic = SharedData.Require("data/superglue/WiC/val.jsonl");
        var first = TaskRegistry.Find("wic").Read(wic).First();
        Assert.Equal("An emerging professional *class*.", ((TextInput)first.Input).WithInlineMarkers().Text);

        var wsc = SharedData.Require("data/superglue/WSC/val.jsonl");
        var mismatched = 0;
        foreach (var e in TaskRegistry.Find("wsc").Read(wsc))
        {
            var input = (TextInput)e.Input;
            Assert.Equal(2, input.Spans!.Count);
            foreach (var span in input.Spans)
                if (input.Text[span.Start..span.End].Length == 0) mismatched++;
        }
        Assert.Equal(0, mismatched);
        var firstWsc = (TextInput)TaskRegistry.Find("wsc").Read(wsc).First().Input;
        Assert.Equal("anyone", firstWsc.Text[firstWsc.Spans![0].Start..firstWsc.Spans[0].End]);
        Assert.Equal("him", firstWsc.Text[firstWsc.Spans[1].Start..firstWsc.Spans[1].End]);
    }

    [SkippableFact]
    public void AxgGenderParityPairsTheWinogenderRows()
    {
        var path = SharedData.Require("data/superglue/AX-g/WinoGender.jsonl");
        var task = TaskRegistry.Find("axg");
        var examples = task.Read(path).ToList();
        Assert.Equal(178, examples.Select(e => e.Group).Distinct().Count());

        var gold = task.CreateScorer();
        foreach (var e in examples) gold.Add(e, e.Label!);
        Assert.Equal(1.0, gold.Metrics["gender_parity"]);
        Assert.Equal(1.0, gold.Metrics["accuracy"]);

        // Disagreeing inside every pair: parity 0, accuracy exactly one half.
        var split = task.CreateScorer();
        for (var i = 0; i < examples.Count; i++) split.Add(examples[i], i % 2 == 0 ? "entailment" : "not_entailment");
        Assert.Equal(0.0, split.Score);
        Assert.Equal(0.5, split.Metrics["accuracy"]);
    }

    [SkippableTheory]
    [InlineData("eng.train", 14041, 203621, 6600, 7140, 6321, 3438)]
    [InlineData("eng.testa", 3250, 51362, 1842, 1837, 1341, 922)]
    public void Conll2003HasTheOfficialSentencesTokensAndEntities(string file, int sentences, int tokens, int per, int loc, int org, int misc)
    {
        var path = SharedData.Require("data/conll2003/" + file);
        int sentenceCount = 0, tokenCount = 0, lineNumber = 0;
        var inSentence = false;
        var begins = new Dictionary<string, int>();
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (line.Length == 0) { inSentence = false; continue; }
            var fields = line.Split(' ');
            Assert.True(fields.Length == 4, $"{file}:{lineNumber}: expected 'token POS chunk NER', got '{line}'");
            if (!inSentence) { sentenceCount++; inSentence = true; }
            tokenCount++;
            var tag = fields[3];
            Assert.True(tag == "O" || tag.StartsWith("B-") || tag.StartsWith("I-"), $"{file}:{lineNumber}: tag '{tag}'");
            if (tag.StartsWith("B-")) begins[tag[2..]] = begins.GetValueOrDefault(tag[2..]) + 1;
        }
        Assert.Equal(sentences, sentenceCount);
        Assert.Equal(tokens, tokenCount);
        Assert.Equal([per, loc, org, misc], new[] { "PER", "LOC", "ORG", "MISC" }.Select(t => begins.GetValueOrDefault(t)));
    }

    [SkippableFact]
    public void SquadDevHasTheOfficialQuestionsAndAnswersAtTheirOffsets()
    {
        var path = SharedData.Require("data/squad/dev-v1.1.json");
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(path));
        int articles = 0, paragraphs = 0, questions = 0, answers = 0, misplaced = 0;
        foreach (var article in document.RootElement.GetProperty("data").EnumerateArray())
        {
            articles++;
            foreach (var paragraph in article.GetProperty("paragraphs").EnumerateArray())
            {
                paragraphs++;
                var context = paragraph.GetProperty("context").GetString()!;
                foreach (var qa in paragraph.GetProperty("qas").EnumerateArray())
                {
                    questions++;
                    foreach (var answer in qa.GetProperty("answers").EnumerateArray())
                    {
                        answers++;
                        var text = answer.GetProperty("text").GetString()!;
                        var start = answer.GetProperty("answer_start").GetInt32();
                        if (start + text.Length > context.Length || context.Substring(start, text.Length) != text) misplaced++;
                    }
                }
            }
        }
        Assert.Equal((48, 2067, 10570, 34726, 0), (articles, paragraphs, questions, answers, misplaced));
    }

    [SkippableTheory]
    [InlineData("wikipedia.txt", 121457, 27527)]
    [InlineData("gutenberg.txt", 56274, 21)]
    [InlineData("kjv_bible.txt", 1189, 66)]
    [InlineData("wordnet_glosses.txt", 114371, 1)]
    [InlineData("fortunes.txt", 14162, 1)]
    public void CorpusPartsHaveTheParagraphsAndDocumentsOfSourcesMd(string file, int paragraphs, int documents)
    {
        // SOURCES.md: one paragraph per line, a blank line between documents.
        var path = SharedData.Require("data/corpus/" + file);
        int paragraphCount = 0, documentCount = 0;
        var inDocument = false;
        foreach (var line in File.ReadLines(path))
        {
            if (line.Length == 0) { inDocument = false; continue; }
            paragraphCount++;
            if (!inDocument) { documentCount++; inDocument = true; }
        }
        Assert.Equal((paragraphs, documents), (paragraphCount, documentCount));
    }
}
