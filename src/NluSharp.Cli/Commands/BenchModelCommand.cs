// `nlu bench model --config tiny|mini|small|base --mode infer|train --batch 32 --seq 128 --json`: BERT encoder throughput
// with the shapes and FLOP count of ../shared/peers/torch_bert_bench.py (random ids in [1, vocab), mask all 1, 2 labels;
// train = forward with dropout + backward + AdamW step), median over --iters timed steps after --warmup.
// mlm = one `nlu pretrain` step of BertForMaskedLM (15 % dynamic masking, gather-first head, cross-entropy, backward,
// AdamW), the shapes of bench/peers/torch_mlm_bench.py; FLOPs 3·(B·F_encoder + M·(2H² + 2H·V)), M masked tokens.
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using NluSharp.Checkpoints.Configs;
using NluSharp.Engine;
using NluSharp.Models;
using DropoutContext = NluSharp.Nn.DropoutContext;
using NluSharp.Training.FineTuning;
using NluSharp.Training.Optimization;
using NluSharp.Training.Pretraining;

namespace NluSharp.Cli.Commands;

internal static class BenchModelCommand
{
    /// <summary>(layers, hidden, heads, intermediate) as the peer's CONFIGS (the sizes `nlu train --config` builds).</summary>
    static readonly Dictionary<string, (int L, int H, int Heads, int I)> Configs =
        EncoderPresets.Sizes.ToDictionary(kv => kv.Key, kv => (kv.Value.Layers, kv.Value.Hidden, kv.Value.Heads, kv.Value.Intermediate));

    public static Command Create()
    {
        var config = new Option<string>("--config") { Description = "tiny, mini, small or base (the peer's configurations).", DefaultValueFactory = _ => "tiny" };
        var mode = new Option<string>("--mode") { Description = "infer (no grad, eval), train (dropout, backward, AdamW step) or mlm (a masked-LM pretraining step).", DefaultValueFactory = _ => "infer" };
        var batch = new Option<int>("--batch") { DefaultValueFactory = _ => 32 };
        var seq = new Option<int>("--seq") { DefaultValueFactory = _ => 128 };
        var warmup = new Option<int>("--warmup") { DefaultValueFactory = _ => 3 };
        var iters = new Option<int>("--iters") { DefaultValueFactory = _ => 10 };
        var json = new Option<bool>("--json") { Description = "Print one JSON line instead of text." };
        var command = new Command("model", "BERT encoder throughput (sequences/s and matmul GFLOP/s), comparable to the PyTorch peer.");
        foreach (var o in new Option[] { config, mode, batch, seq, warmup, iters, json }) command.Options.Add(o);
        command.SetAction(parseResult =>
        {
            var name = parseResult.GetValue(config)!;
            if (!Configs.TryGetValue(name, out var c)) throw new ArgumentException($"--config is \"{name}\", expected one of {string.Join(", ", Configs.Keys)}");
            var m = parseResult.GetValue(mode)!;
            if (m is not ("infer" or "train" or "mlm")) throw new ArgumentException($"--mode is \"{m}\", expected infer, train or mlm");
            int B = parseResult.GetValue(batch), T = parseResult.GetValue(seq);
            if (B < 1 || T < 1 || T > 512) throw new ArgumentException("--batch must be ≥ 1 and --seq in [1, 512]");
            double flop;
            (double Median, double Best) result;
            if (m == "mlm")
            {
                (result, double masked) = RunMaskedLM(c, B, T, parseResult.GetValue(warmup), Math.Max(1, parseResult.GetValue(iters)));
                double encoder = ForwardFlopsPerSequence(c, T, 2) - 2.0 * c.H * c.H - 2.0 * c.H * 2;   // no pooler, no classifier
                flop = 3 * (B * encoder + masked * (2.0 * c.H * c.H + 2.0 * c.H * 30522));
            }
            else
            {
                result = Run(c, m == "train", B, T, parseResult.GetValue(warmup), Math.Max(1, parseResult.GetValue(iters)));
                flop = (m == "train" ? 3 : 1) * (double)B * ForwardFlopsPerSequence(c, T, 2);
            }
            double seqPerS = B / result.Median, gflops = flop / result.Median / 1e9;
            if (parseResult.GetValue(json))
                Console.WriteLine(JsonSerializer.Serialize(new { config = name, mode = m, batch = B, seq = T, threads = Threads.Count, seq_per_s = Math.Round(seqPerS, 2), gflops = Math.Round(gflops, 2) }));
            else
                Console.WriteLine($"{name} {m} b={B} s={T} threads={Threads.Count}: {seqPerS:F1} seq/s (best {B / result.Best:F1}), step {result.Median:F4} s, {gflops:F1} GFLOP/s");
            return 0;
        });
        return command;
    }

    /// <summary>The peer's count: F = L·(8·S·H² + 4·S·H·I + 4·S²·H) + 2·H² + 2·H·C (matmuls only, multiply-add = 2).</summary>
    internal static double ForwardFlopsPerSequence((int L, int H, int Heads, int I) c, int S, int labels) =>
        c.L * (8.0 * S * c.H * c.H + 4.0 * S * c.H * c.I + 4.0 * S * S * c.H) + 2.0 * c.H * c.H + 2.0 * c.H * labels;

    static (double Median, double Best) Run((int L, int H, int Heads, int I) c, bool train, int B, int T, int warmup, int iters)
    {
        var model = new BertForSequenceClassification((BertConfig)ConfigOverrides.Apply(BenchConfig(c), new() { ["num_labels"] = 2 }), seed: 1234);
        model.Train(train);
        var rng = new Random(1234);
        var ids = Tensor<int>.FromArray(Enumerable.Range(0, B * T).Select(_ => rng.Next(1, 30522)).ToArray(), B, T);
        var input = new EncoderInput(ids, Tensor<int>.Full(1, B, T), Tensor<int>.Zeros(B, T));
        var labels = new TaskLabels { Classes = Tensor<int>.FromArray(Enumerable.Range(0, B).Select(_ => rng.Next(2)).ToArray(), B) };
        // The optimizer nlu train uses (vectorized, split over threads), on one group like the peer's torch AdamW(lr 1e-5, wd 0.01).
        var parameters = model.UniqueNamedParameters();
        var optimizer = new AdamW([new ParameterGroup(parameters.Select(p => new NamedParameter(p.Name, p.Parameter)).ToList(), WeightDecay: 0.01)]);
        ulong step = 0;

        void Step()
        {
            using var scope = MemoryScope.Begin();
            if (!train)
            {
                using var _ = Autograd.NoGrad();
                model.Forward(input);
                return;
            }
            using var dropout = DropoutContext.Begin(1234, ++step);
            foreach (var (_, p) in parameters) p.ZeroGrad();
            model.Forward(input, labels).Loss!.Backward();
            optimizer.Step(1e-5);
        }

        return Time(Step, warmup, iters);
    }

    static BertConfig BenchConfig((int L, int H, int Heads, int I) c) => new()
    {
        VocabSize = 30522, HiddenSize = c.H, NumHiddenLayers = c.L, NumAttentionHeads = c.Heads, IntermediateSize = c.I,
        MaxPositionEmbeddings = 512, TypeVocabSize = 2,
    };

    /// <summary>Median and best step seconds of MLM pretraining steps, and the mean count of masked tokens per step.</summary>
    static ((double Median, double Best), double Masked) RunMaskedLM((int L, int H, int Heads, int I) c, int B, int T, int warmup, int iters)
    {
        var model = new BertForMaskedLM(BenchConfig(c), seed: 1234);
        // bert-base-uncased's ids: [PAD] 0, [UNK] 100, [CLS] 101, [SEP] 102, [MASK] 103; random ids avoid them.
        var masker = new TokenMasker(MaskingObjective.Mlm, 30522, 103, [0, 100, 101, 102, 103], new bool[30522]);
        var trainable = new MaskedLMPretrainer(model, masker);
        var rng = new Random(1234);
        var batch = new NluSharp.Training.Data.Batch
        {
            InputIds = Tensor<int>.FromArray(Enumerable.Range(0, B * T).Select(_ => rng.Next(1000, 30522)).ToArray(), B, T),
            AttentionMask = Tensor<int>.Full(1, B, T), ExampleIndices = Enumerable.Range(0, B).ToArray(), RealTokens = B * T,
        };
        var optimizer = new AdamW([new ParameterGroup(trainable.Parameters.ToList(), WeightDecay: 0.01)]);
        ulong step = 0;
        long masked = 0, counted = 0;
        void Step()
        {
            using var scope = MemoryScope.Begin();
            optimizer.ZeroGrad();
            trainable.Run(batch, new NluSharp.Training.Model.ForwardContext(true, 1234, ++step), 1234, step, out var maskedBatch).Loss.Backward();
            optimizer.Step(1e-4);
            masked += maskedBatch.Positions.Length; counted++;
        }
        var times = Time(Step, warmup, iters);
        return (times, (double)masked / counted);
    }

    static (double Median, double Best) Time(Action step, int warmup, int iters)
    {
        for (int i = 0; i < warmup; i++) step();
        var times = new List<double>();
        for (int i = 0; i < iters; i++)
        {
            var sw = Stopwatch.StartNew();
            step();
            times.Add(sw.Elapsed.TotalSeconds);
        }
        times.Sort();
        double median = times.Count % 2 == 1 ? times[times.Count / 2] : (times[times.Count / 2 - 1] + times[times.Count / 2]) / 2;
        return (median, times[0]);
    }
}
