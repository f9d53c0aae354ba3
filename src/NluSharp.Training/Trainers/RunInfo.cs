// run_info.json: the run's configuration and fingerprints of its inputs (training data, tokenizer files), so a report or
// a reader can tell exactly what a model was trained on.
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using NluSharp.Training.Checkpointing;
using NluSharp.Training.Data;

namespace NluSharp.Training.Trainers;

/// <summary>Configuration and input fingerprints of a run.</summary>
/// <param name="Config">Option name → value (as text).</param>
/// <param name="Fingerprints">Input name → SHA-256 hex ("train_data", tokenizer file names).</param>
public sealed record RunInfo(IReadOnlyDictionary<string, string> Config, IReadOnlyDictionary<string, string> Fingerprints)
{
    /// <summary>File name in the output folder.</summary>
    public const string FileName = "run_info.json";

    /// <summary>Collects the options and fingerprints of a run.</summary>
    public static RunInfo Create(TrainerOptions options, IReadOnlyList<TrainingExample> train, long maxSteps, int stepsPerEpoch, long parameterCount)
    {
        var config = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in typeof(TrainerOptions).GetProperties())
        {
            if (p.PropertyType == typeof(Func<string, bool>)) continue;
            var value = p.GetValue(options);
            config[p.Name] = value switch
            {
                null => "",
                IReadOnlyList<string> list => string.Join(", ", list.Select(Path.GetFileName)),
                IFormattable f => f.ToString(null, System.Globalization.CultureInfo.InvariantCulture),
                _ => value.ToString() ?? "",
            };
        }
        config["ResolvedMaxSteps"] = maxSteps.ToString();
        config["StepsPerEpoch"] = stepsPerEpoch.ToString();
        config["TrainExamples"] = train.Count.ToString();
        config["ParameterCount"] = parameterCount.ToString();
        var fingerprints = new SortedDictionary<string, string>(StringComparer.Ordinal) { ["train_data"] = train is IDataFingerprint known ? known.Fingerprint : DataFingerprint(train) };
        foreach (var file in options.TokenizerFiles)
            fingerprints["tokenizer:" + Path.GetFileName(file)] = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        return new RunInfo(config, fingerprints);
    }

    /// <summary>SHA-256 over every example's ids, segment ids and target, in dataset order.</summary>
    public static string DataFingerprint(IReadOnlyList<TrainingExample> examples)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var word = new byte[4];
        void Int(int v) { BitConverter.TryWriteBytes(word, v); hash.AppendData(word); }
        foreach (var e in examples)
        {
            Int(e.InputIds.Length); foreach (var id in e.InputIds) Int(id);
            Int(e.TokenTypeIds?.Length ?? -1); if (e.TokenTypeIds != null) foreach (var t in e.TokenTypeIds) Int(t);
            Int(e.Label);
            Int(e.Targets?.Length ?? -1); if (e.Targets != null) foreach (var t in e.Targets) Int(BitConverter.SingleToInt32Bits(t));
            if (e.Weight != 1f) { Int(-2); Int(BitConverter.SingleToInt32Bits(e.Weight)); }   // weights of 1 keep earlier fingerprints
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    /// <summary>Writes run_info.json atomically.</summary>
    public void Save(string outputDir) => JsonFiles.WriteAtomic(Path.Combine(outputDir, FileName), new JsonObject
    {
        ["config"] = new JsonObject(Config.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
        ["fingerprints"] = new JsonObject(Fingerprints.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value))),
    });

    /// <summary>Reads run_info.json; null when absent.</summary>
    public static RunInfo? Load(string outputDir)
    {
        var path = Path.Combine(outputDir, FileName);
        if (!File.Exists(path)) return null;
        var root = JsonFiles.ReadObject(path);
        Dictionary<string, string> Section(string name) => (JsonFiles.Required(root, name, path) as JsonObject
            ?? throw new InvalidDataException($"{path}: '{name}' must be an object"))
            .ToDictionary(kv => kv.Key, kv => kv.Value?.ToString() ?? "", StringComparer.Ordinal);
        return new RunInfo(Section("config"), Section("fingerprints"));
    }
}
