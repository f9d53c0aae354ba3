// `nlu tokenizer train`: trains a WordPiece, byte-level BPE or Unigram tokenizer on text files and saves it as a
// Hugging Face tokenizer.json in the output folder.
using System.CommandLine;
using System.Diagnostics;
using NluSharp.Tokenizers.Training;

namespace NluSharp.Cli.Commands;

internal static class TokenizerCommand
{
    public static Command Create()
    {
        var modelOption = new Option<string>("--model") { Description = "wordpiece, bpe (byte-level) or unigram", Required = true };
        var vocabOption = new Option<int>("--vocab-size") { Description = "vocabulary size, special tokens included", Required = true };
        var filesOption = new Option<string[]>("--files") { Description = "training text files (one sentence or document per line)", Required = true, AllowMultipleArgumentsPerToken = true };
        var outputOption = new Option<string>("--output") { Description = "output folder (tokenizer.json is written there)", Required = true };
        var minFrequencyOption = new Option<long>("--min-frequency") { Description = "minimum pair count for a merge (wordpiece, bpe)", DefaultValueFactory = _ => 0 };
        var specialOption = new Option<string?>("--special-tokens") { Description = "comma-separated special tokens (default per model: BERT's, RoBERTa's, or <unk>,<s>,</s>)" };
        var train = new Command("train", "Train a new tokenizer from text files.");
        foreach (var o in new Option[] { modelOption, vocabOption, filesOption, outputOption, minFrequencyOption, specialOption }) train.Options.Add(o);
        train.SetAction(parse => CliErrors.Run(() =>
        {
            int vocabSize = parse.GetValue(vocabOption);
            if (vocabSize < 1) throw new ArgumentException($"--vocab-size must be positive, got {vocabSize}");
            var files = parse.GetValue(filesOption)!;
            var output = parse.GetValue(outputOption)!;
            var specials = parse.GetValue(specialOption)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var lines = TokenizerTrainer.ReadLines(files);
            var sw = Stopwatch.StartNew();
            var tokenizer = parse.GetValue(modelOption) switch
            {
                "wordpiece" => TokenizerTrainer.TrainWordPiece(lines, vocabSize, parse.GetValue(minFrequencyOption), specials),
                "bpe" => TokenizerTrainer.TrainByteLevelBpe(lines, vocabSize, parse.GetValue(minFrequencyOption), specials),
                "unigram" => TokenizerTrainer.TrainUnigram(lines, vocabSize, specials),
                var m => throw new ArgumentException($"--model must be wordpiece, bpe or unigram, got '{m}'"),
            };
            Directory.CreateDirectory(output);
            var path = Path.Combine(output, "tokenizer.json");
            tokenizer.Save(path);
            Console.WriteLine($"trained {parse.GetValue(modelOption)} tokenizer with {tokenizer.VocabSize} tokens in {sw.Elapsed.TotalSeconds:F1} s -> {path}");
            return 0;
        }));
        var command = new Command("tokenizer", "Tokenizer utilities.");
        command.Subcommands.Add(train);
        command.Subcommands.Add(Extend());
        return command;
    }

    /// <summary>`nlu tokenizer extend`: adds the corpus' most split words to a model folder's WordPiece vocabulary and embeddings.</summary>
    static Command Extend()
    {
        var model = new Option<string>("--model") { Description = "Model folder (config.json, weights, tokenizer.json).", Required = true };
        var corpus = new Option<string[]>("--corpus") { Description = "Domain corpus: .txt (a paragraph a line) or .jsonl files.", Required = true, AllowMultipleArgumentsPerToken = true };
        var add = new Option<int>("--add") { Description = "Number of new tokens.", Required = true };
        var minFrequency = new Option<int>("--min-frequency") { Description = "Ignore words seen fewer times.", DefaultValueFactory = _ => 2 };
        var output = new Option<string>("--output") { Description = "New model folder (must not exist).", Required = true };
        var command = new Command("extend", "Add the N words a corpus splits most (by tokens saved) to a WordPiece vocabulary; new embedding rows are the mean of their pieces'.");
        foreach (var o in new Option[] { model, corpus, add, minFrequency, output }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var folder = ModelSources.Resolve(parse.GetValue(model)!);
            var files = parse.GetValue(corpus)!;
            int count = parse.GetValue(add);
            if (count < 1) throw new ArgumentException($"--add must be at least 1, got {count}");
            var target = parse.GetValue(output)!;
            if (Directory.Exists(target)) throw new ArgumentException($"--output {target} already exists; choose a new folder");
            NluSharp.Training.Pretraining.CorpusReader.Validate(files);
            var tokenizer = NluSharp.Tokenizers.Tokenizer.FromFile(Path.Combine(folder, "tokenizer.json"));
            var tokens = NluSharp.Training.Pretraining.VocabularyExtension.Candidates(tokenizer, files, count, parse.GetValue(minFrequency));
            NluSharp.Training.Pretraining.VocabularyExtension.Apply(folder, tokens, target);
            long saved = tokens.Sum(t => t.Saved);
            Console.WriteLine($"added {tokens.Count} tokens ({tokenizer.VocabSize} → {tokenizer.VocabSize + tokens.Count}), saving {saved:N0} tokens on the corpus → {target}");
            foreach (var t in tokens.Take(20))
                Console.WriteLine($"  {t.Token}  (was {string.Join(" ", t.Pieces.Select(id => tokenizer.IdToToken(id)))}; {t.Count:N0}×)");
            return 0;
        });
        return command;
    }
}
