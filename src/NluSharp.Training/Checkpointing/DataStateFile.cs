// data_state.json: the data position (epoch, batches consumed) a resumed run continues from.
using System.Text.Json.Nodes;
using NluSharp.Training.Data;

namespace NluSharp.Training.Checkpointing;

/// <summary>Reads and writes the <see cref="DataPosition"/>.</summary>
public static class DataStateFile
{
    /// <summary>File name inside a checkpoint folder.</summary>
    public const string FileName = "data_state.json";

    /// <summary>Writes the position.</summary>
    public static void Save(string folder, DataPosition position) => JsonFiles.WriteAtomic(Path.Combine(folder, FileName), new JsonObject
    {
        ["epoch"] = position.Epoch,
        ["batches_consumed"] = position.BatchesConsumed,
    });

    /// <summary>Reads the position.</summary>
    public static DataPosition Load(string folder)
    {
        var path = Path.Combine(folder, FileName);
        var root = JsonFiles.ReadObject(path);
        int Read(string field)
        {
            var v = JsonFiles.RequiredNumber(root, field, path);
            return v >= 0 && v <= int.MaxValue && v == Math.Floor(v) ? (int)v : throw new InvalidDataException($"{path}: '{field}' must be a whole number >= 0, got {v}");
        }
        return new DataPosition(Read("epoch"), Read("batches_consumed"));
    }
}
