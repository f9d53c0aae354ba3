// `nlu pretrain`: masked-language-model pretraining of a fresh encoder (--config) or continued pretraining of a
// checkpoint (--from, domain-adaptive pretraining) on text/JSONL corpus files or on a task's own training text
// (--task-text, self-pretraining), with run_mlm.py's data options and the TrainingArguments options of `nlu train`.
using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Evaluation.Tasks;
using NluSharp.Models;
using NluSharp.Tokenizers;
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
        public readonly Option<string> Objective = new("--objective") { Description = "mlm (BERT), wwm (whole-word masking), span (SpanBERT) or electra (replaced-token detection).", DefaultValueFactory = _ => "mlm" };
        public readonly Option<double> GeneratorSize = new("--generator-size") { Description = "ELECTRA generator width as a fraction of the discriminator's (hidden, heads, intermediate).", DefaultValueFactory = _ => 0.25 };
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
        var objectiveName = p.GetValue(o.Objective)!.ToLowerInvariant();
        bool electra = objectiveName == "electra";
        var objective = objectiveName switch
        {
            "mlm" or "electra" => MaskingObjective.Mlm, "wwm" or "whole-word" => MaskingObjective.WholeWord, "span" => MaskingObjective.Span,
            var other => throw new ArgumentException($"--objective is \"{other}\"; expected mlm, wwm, span or electra"),
        };
        double generatorSize = p.GetValue(o.GeneratorSize);
        if (generatorSize is <= 0 or > 1) throw new ArgumentException($"--generator-size must be in (0, 1], got {generatorSize}");
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

        string title = $"pretrain {objectiveName}";
        Action<string> log = line => Console.Error.WriteLine(line);
        PretrainingOutcome outcome;
        if (electra)
        {
            var (discriminator, generator) = ElectraModels(configArg, fromFolder, tokenizer, settings.MaxSeqLength, generatorSize, (int)(seed & 0x7FFFFFFF));
            outcome = TrainingConsole.Run(title, progress => PretrainingJob.RunElectra(discriminator, generator, tokenizer, tokenizerFiles, options, settings, progress, log));
        }
        else
        {
            var model = MaskedLM(configArg, fromFolder, tokenizer, settings.MaxSeqLength, (int)(seed & 0x7FFFFFFF));
            outcome = TrainingConsole.Run(title, progress => PretrainingJob.Run(model, tokenizer, tokenizerFiles, options, settings, progress, log));
        }
        var summary = outcome.Evaluation is { } e
            ? string.Join(", ", e.Where(kv => kv.Key is "eval_loss" or "eval_perplexity" or "eval_accuracy" or "eval_generator_accuracy" or "eval_discriminator_accuracy").Select(kv => $"{kv.Key} {kv.Value.ToString("0.0000", CultureInfo.InvariantCulture)}"))
            : "no held-out split";
        Console.WriteLine($"{outcome.Training.GlobalStep} steps, train loss {outcome.Training.TrainingLoss.ToString("0.0000", CultureInfo.InvariantCulture)}, {summary} → {output}");
        return 0;
    }

    static ModelConfig NewConfig(string configArg, Tokenizer tokenizer, int maxSeqLength, string modelType)
    {
        if (EncoderPresets.Sizes.TryGetValue(configArg, out var size))
        {
            var bert = EncoderPresets.BertConfigFor(size, tokenizer.VocabSize, TokenizerFiles.PadId(tokenizer), Math.Max(512, maxSeqLength));
            if (modelType == "bert") return bert;
            // ELECTRA-Small's layout: embeddings at 128 (or the hidden size when smaller), projected to the hidden size.
            var fields = (JsonObject)bert.Fields.DeepClone();
            fields["model_type"] = "electra";
            fields["embedding_size"] = Math.Min(128, size.Hidden);
            return new ElectraConfig(fields);
        }
        if (File.Exists(configArg)) return ModelConfig.Load(configArg);
        throw new ArgumentException($"--config \"{configArg}\" is neither a size ({string.Join(", ", EncoderPresets.Sizes.Keys)}) nor an existing config.json");
    }

    static MaskedLMModel MaskedLM(string? configArg, string? fromFolder, Tokenizer tokenizer, int maxSeqLength, int seed)
    {
        if (fromFolder != null)
        {
            var config = ModelConfig.Load(Path.Combine(fromFolder, "config.json"));
            var (loaded, report) = Pretrained.Load(fromFolder, MaskedLMClassName(config), seed);
            foreach (var warning in report.Warnings()) Console.Error.WriteLine("warning: " + warning);
            return (MaskedLMModel)loaded;
        }
        var fresh = NewConfig(configArg!, tokenizer, maxSeqLength, "bert");
        return (MaskedLMModel)ModelRegistry.Create(MaskedLMClassName(fresh), fresh, seed);
    }

    /// <summary>The discriminator (new, or --from's) and a generator sharing its embeddings (--from's generator/ when present).</summary>
    static (ElectraForPreTraining, ElectraForMaskedLM) ElectraModels(string? configArg, string? fromFolder, Tokenizer tokenizer, int maxSeqLength, double generatorSize, int seed)
    {
        ElectraForPreTraining discriminator;
        if (fromFolder != null)
        {
            var (loaded, report) = Pretrained.Load(fromFolder, "ElectraForPreTraining", seed);
            foreach (var warning in report.Warnings()) Console.Error.WriteLine("warning: " + warning);
            discriminator = (ElectraForPreTraining)loaded;
        }
        else
        {
            var config = NewConfig(configArg!, tokenizer, maxSeqLength, "electra");
            if (config is not ElectraConfig electraConfig) throw new ArgumentException($"--objective electra needs an electra config; {config.SourcePath} has model_type \"{config.ModelType}\"");
            discriminator = new ElectraForPreTraining(electraConfig, seed);
        }
        var d = (ElectraConfig)discriminator.Config;
        var generatorFolder = fromFolder == null ? null : Path.Combine(fromFolder, "generator");
        ElectraConfig generatorConfig;
        if (generatorFolder != null && File.Exists(Path.Combine(generatorFolder, "config.json")))
            generatorConfig = (ElectraConfig)ModelConfig.Load(Path.Combine(generatorFolder, "config.json"));
        else
        {
            // ELECTRA's generator: the discriminator's depth and embeddings, a fraction of its width (1/4 for ELECTRA-Small).
            var fields = (JsonObject)d.Fields.DeepClone();
            int heads = Math.Max(1, (int)Math.Round(d.NumAttentionHeads * generatorSize));
            int headSize = d.HiddenSize / d.NumAttentionHeads;
            fields["hidden_size"] = heads * headSize;
            fields["num_attention_heads"] = heads;
            fields["intermediate_size"] = Math.Max(1, (int)Math.Round(d.IntermediateSize * generatorSize));
            generatorConfig = new ElectraConfig(fields);
        }
        var generator = new ElectraForMaskedLM(generatorConfig, seed + 7, ((ElectraModel)discriminator.Encoder).Embeddings);
        if (generatorFolder != null && File.Exists(Path.Combine(generatorFolder, "model.safetensors")))
        {
            using var checkpoint = NluSharp.Checkpoints.Checkpoint.Open(Path.Combine(generatorFolder, "model.safetensors"));
            var report = StateDictLoader.Load(generator, checkpoint);
            foreach (var warning in report.Warnings()) Console.Error.WriteLine("warning: " + warning);
        }
        return (discriminator, generator);
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
