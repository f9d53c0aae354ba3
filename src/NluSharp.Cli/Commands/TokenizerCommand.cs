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
        return command;
    }
}
