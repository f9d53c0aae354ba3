// rng_state.json. NluSharp's training randomness is counter-based: a dropout mask is a function of (seed, step, call
// site) and an epoch's data order a function of (data seed, epoch), so the generator state IS the seeds plus the
// step and data position saved beside them. Nothing else (no thread-local generator) has to be captured.
using System.Text.Json.Nodes;

namespace NluSharp.Training.Checkpointing;

/// <summary>The seeds every random draw of a run derives from.</summary>
/// <param name="Seed">Model randomness (dropout keys).</param>
/// <param name="DataSeed">Data order (HF data_seed; defaults to the seed).</param>
public readonly record struct RngState(ulong Seed, ulong DataSeed)
{
    /// <summary>File name inside a checkpoint folder.</summary>
    public const string FileName = "rng_state.json";

    /// <summary>Writes the seeds.</summary>
    public void Save(string folder) => JsonFiles.WriteAtomic(Path.Combine(folder, FileName), new JsonObject
    {
        ["generator"] = "counter-based (SplitMix64 of seed, step, site)",
        ["seed"] = Seed.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["data_seed"] = DataSeed.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    /// <summary>Reads the seeds (written as decimal strings so all 64 bits survive JSON).</summary>
    public static RngState Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var root = JsonFiles.ReadObject(path);
        ulong Read(string field) => ulong.TryParse(JsonFiles.Required(root, field, path).GetValue<string>(), out var v)
            ? v : throw new InvalidDataException($"{path}: field '{field}' must be an unsigned 64-bit integer written as a string");
        return new RngState(Read("seed"), Read("data_seed"));
    }
}
