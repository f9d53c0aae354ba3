// `nlu pretrain`: masked-language-model pretraining of a fresh encoder (--config) or continued pretraining of a
// checkpoint (--from, domain-adaptive pretraining) on text/JSONL corpus files or on a task's own training text
// (--task-text, self-pretraining), with run_mlm.py's data options and the TrainingArguments options of `nlu train`.
using System.CommandLine;
using System.Globalization;
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Evaluation.Tasks;
using NluSharp.Models;
using NluSharp.Training.FineTuning;
using NluSharp.Training.Pretraining;

namespace NluSharp.Cli.Commands;

internal static class PretrainCommand
{
    public static Command Create()
    {
        var o = new PretrainOptions();
        var command = new Command("pretrain", "Pretrain an encoder with masked language modelling (mlm, whole-word or span masking) on a text corpus.");
        foreach (var option in o.All) command.Options.Add(option);
        command.SetAction(parseResult => Run(o, parseResult));
        return command;
    }

    internal sealed class PretrainOptions
    {
        public readonly Option<string?> Config = new("--config") { Description = "New encoder: tiny, mini, small, base, or a config.json (needs --tokenizer)." };
        public readonly Option<string?> From = new("--from") { Description = "Continue pretraining this model folder (domain-adaptive pretraining)." };
        public readonly Option<string?> TokenizerPath = new("--tokenizer") { Description = "Tokenizer folder or file; default: the --from folder's." };
        public readonly Option<string[]> Corpus = new("--corpus") { Description = "Corpus files: .txt (a paragraph a line, blank line between documents) or .jsonl.", AllowMultipleArgumentsPerToken = true };
        public readonly Option<string?> TaskText = new("--task-text") { Description = "Pretrain on this task's training text (with --data), instead of --corpus." };
        public readonly Option<string?> Data = new("--data") { Description = "Benchmark root or the task's folder (with --task-text)." };
        public readonly Option<string> TextField = new("--text-field") { Description = "JSONL field with the text.", DefaultValueFactory = _ => "text" };
        public readonly Option<string> Objective = new("--objective") { Description = "mlm (BERT), wwm (whole-word masking) or span (SpanBERT).", DefaultValueFactory = _ => "mlm" };
        public readonly Option<double> MlmProbability = new("--mlm-probability") { Description = "Fraction of tokens predicted.", DefaultValueFactory = _ => 0.15 };
        public readonly Option<int> ValidationPercentage = new("--validation-split-percentage") { Description = "Percent of packed sequences held out for MLM loss/accuracy.", DefaultValueFactory = _ => 1 };
        public readonly Option<string?> TokenizedCorpus = new("--tokenized-corpus") { Description = "Folder for the tokenized corpus (reused while inputs are unchanged); default OUTPUT/corpus-tokens." };

        public readonly TrainerOptionSet Trainer = new(defaultEvalStrategy: "steps");

        public IEnumerable<Option> All => GetType().GetFields().Select(f => f.GetValue(this)).OfType<Option>().Concat(Trainer.All);
    }

    static int Run(PretrainOptions o, ParseResult p)
    {
        if (p.GetValue(o.Trainer.ThreadCount) is int threads) Threads.Count = threads >= 1 ? threads : throw new ArgumentException("--threads must be at least 1");
        var output = p.GetValue(o.Trainer.Output)!;
        var objective = p.GetValue(o.Objective)!.ToLowerInvariant() switch
        {
            "mlm" => MaskingObjective.Mlm, "wwm" or "whole-word" => MaskingObjective.WholeWord, "span" => MaskingObjective.Span,
            "electra" => throw new ArgumentException("--objective electra (replaced-token detection) is not implemented yet; use mlm, wwm or span"),
            var other => throw new ArgumentException($"--objective is \"{other}\"; expected mlm, wwm or span"),
        };
        var (configArg, fromArg, tokenizerArg) = (p.GetValue(o.Config), p.GetValue(o.From), p.GetValue(o.TokenizerPath));
        if ((configArg is null) == (fromArg is null)) throw new ArgumentException("give either --config tiny|mini|small|base|config.json (a new encoder) or --from DIR (continue pretraining)");
        string? fromFolder = null;
        if (fromArg != null)
        {
            fromFolder = ModelSources.Resolve(fromArg);
            if (!File.Exists(Path.Combine(fromFolder, "config.json"))) throw new ArgumentException($"--from {fromArg}: expected a model folder with config.json");
        }
        var tokenizerPath = tokenizerArg ?? (fromFolder != null && TokenizerFiles.InFolder(fromFolder) ? fromFolder
            : throw new ArgumentException(fromFolder != null ? $"{fromFolder} has no tokenizer files; pass --tokenizer" : "--config needs --tokenizer PATH (e.g. a bert-base-uncased folder)"));
        var corpus = CorpusFiles(o, p, output);
        var (tokenizer, tokenizerFiles) = TokenizerFiles.Load(tokenizerPath);
        var settings = new PretrainingSettings
        {
            CorpusFiles = corpus, TextField = p.GetValue(o.TextField)!, Objective = objective, MlmProbability = p.GetValue(o.MlmProbability),
            MaxSeqLength = p.GetValue(o.Trainer.MaxSeqLength), ValidationSplitPercentage = p.GetValue(o.ValidationPercentage),
            MaxEvalSamples = p.GetValue(o.Trainer.MaxEvalSamples), PerDeviceEvalBatchSize = p.GetValue(o.Trainer.EvalBatchSize),
            TokenizedCorpusFolder = p.GetValue(o.TokenizedCorpus),
        };
        settings.Validate();
        var seed = p.GetValue(o.Trainer.Seed);
        var options = o.Trainer.Build(p, output, seed, tokenizerFiles, settings.ValidationSplitPercentage > 0);
        options.Validate();

        MaskedLMModel model;
        if (fromFolder != null)
        {
            var config = ModelConfig.Load(Path.Combine(fromFolder, "config.json"));
            var (loaded, report) = Pretrained.Load(fromFolder, MaskedLMClassName(config), (int)(seed & 0x7FFFFFFF));
            foreach (var warning in report.Warnings()) Console.Error.WriteLine("warning: " + warning);
            model = (MaskedLMModel)loaded;
        }
        else
        {
            ModelConfig config;
            if (EncoderPresets.Sizes.TryGetValue(configArg!, out var size))
                config = EncoderPresets.BertConfigFor(size, tokenizer.VocabSize, TokenizerFiles.PadId(tokenizer), Math.Max(512, settings.MaxSeqLength));
            else if (File.Exists(configArg)) config = ModelConfig.Load(configArg!);
            else throw new ArgumentException($"--config \"{configArg}\" is neither a size ({string.Join(", ", EncoderPresets.Sizes.Keys)}) nor an existing config.json");
            model = (MaskedLMModel)ModelRegistry.Create(MaskedLMClassName(config), config, (int)(seed & 0x7FFFFFFF));
        }

        var outcome = TrainingConsole.Run($"pretrain {settings.Objective.ToString().ToLowerInvariant()}",
            progress => PretrainingJob.Run(model, tokenizer, tokenizerFiles, options, settings, progress, line => Console.Error.WriteLine(line)));
        var summary = outcome.Evaluation is { } e
            ? string.Join(", ", e.Where(kv => kv.Key is "eval_loss" or "eval_perplexity" or "eval_accuracy").Select(kv => $"{kv.Key} {kv.Value.ToString("0.0000", CultureInfo.InvariantCulture)}"))
            : "no held-out split";
        Console.WriteLine($"{outcome.Training.GlobalStep} steps, train loss {outcome.Training.TrainingLoss.ToString("0.0000", CultureInfo.InvariantCulture)}, {summary} → {output}");
        return 0;
    }

    /// <summary>The Hugging Face *ForMaskedLM class of a config's model_type.</summary>
    static string MaskedLMClassName(ModelConfig config) => config.ModelType switch
    {
        "bert" => "BertForMaskedLM", "roberta" => "RobertaForMaskedLM", "distilbert" => "DistilBertForMaskedLM",
        "albert" => "AlbertForMaskedLM", "electra" => "ElectraForMaskedLM",
        var other => throw new ArgumentException($"{config.SourcePath}: model_type \"{other}\" has no masked-LM head here; expected bert, roberta, distilbert, albert or electra"),
    };

    /// <summary>--corpus files, or the task's training texts written to OUTPUT/task-text.txt (one example a document).</summary>
    static IReadOnlyList<string> CorpusFiles(PretrainOptions o, ParseResult p, string output)
    {
        var files = p.GetValue(o.Corpus) ?? [];
        var task = p.GetValue(o.TaskText);
        if ((files.Length > 0) == (task != null)) throw new ArgumentException("give either --corpus FILE [FILE...] or --task-text TASK --data DIR");
        if (task == null) { CorpusReader.Validate(files); return files; }
        var dataDir = p.GetValue(o.Data) ?? throw new ArgumentException("--task-text needs --data DIR (the benchmark root or the task's folder)");
        var data = DataSources.FromTask(TaskRegistry.Find(task, dataDir), dataDir, null, null);
        Directory.CreateDirectory(output);
        var path = Path.Combine(output, "task-text.txt");
        var lines = data.Train.SelectMany(e => (e.Input.Pair is { } pair ? new[] { e.Input.Text, pair } : [e.Input.Text])
            .Select(t => t.ReplaceLineEndings(" ").Trim()).Where(t => t.Length > 0).Append(""));
        NluSharp.Checkpoints.IO.AtomicFile.WriteAllBytes(path, System.Text.Encoding.UTF8.GetBytes(string.Join("\n", lines)));
        Console.Error.WriteLine($"task text: {data.Train.Count:N0} training examples of {data.Name} → {path}");
        return [path];
    }
}
