// A Hugging Face config.json: the whole JSON object is kept as the source of truth and typed properties read and write
// into it, so fields this library does not know survive a load/save round trip unchanged.
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using NluSharp.Checkpoints.IO;

namespace NluSharp.Checkpoints.Configs;

/// <summary>
/// A model configuration (config.json). Subclasses add typed properties for one architecture; defaults are those of the
/// matching transformers config class. Every field, known or not, is preserved by <see cref="Save"/>.
/// </summary>
public class ModelConfig
{
    /// <summary>Config files are small; a bigger one is refused rather than parsed.</summary>
    const long MaxConfigBytes = 16L << 20;

    /// <summary>The file it was loaded from, named in errors ("config.json" when built in memory).</summary>
    public string SourcePath { get; }

    /// <summary>All fields, exactly as loaded (plus any set through typed properties).</summary>
    public JsonObject Fields { get; }

    /// <summary>Wraps an already parsed object.</summary>
    public ModelConfig(JsonObject fields, string sourcePath = "config.json")
    {
        Fields = fields;
        SourcePath = sourcePath;
    }

    /// <summary>"model_type" (bert, roberta, distilbert, albert, electra, ...).</summary>
    public string? ModelType { get => GetString("model_type", null); set => Set("model_type", value); }

    /// <summary>"architectures", e.g. ["BertForSequenceClassification"]; empty when absent.</summary>
    public IReadOnlyList<string> Architectures =>
        Fields["architectures"] is JsonArray a ? a.Select((n, i) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : throw FieldError($"architectures[{i}]", n, "a string")).ToList() : [];

    /// <summary>id2label as a list indexed by label id (empty when absent).</summary>
    public IReadOnlyDictionary<int, string> Id2Label
    {
        get
        {
            var result = new SortedDictionary<int, string>();
            if (Fields["id2label"] is not JsonObject map) return result;
            foreach (var (k, v) in map)
            {
                if (!int.TryParse(k, out var id) || v is not JsonValue jv || !jv.TryGetValue<string>(out var label))
                    throw FieldError($"id2label.{k}", v, "an integer key mapped to a string label");
                result[id] = label;
            }
            return result;
        }
    }

    /// <summary>Number of labels: the size of id2label, else "num_labels", else 2 (PretrainedConfig's default).</summary>
    public int NumLabels => Id2Label.Count > 0 ? Id2Label.Count : GetInt("num_labels", 2);

    /// <summary>"torch_dtype" the weights were saved in, e.g. "float32".</summary>
    public string? TorchDType { get => GetString("torch_dtype", null); set => Set("torch_dtype", value); }

    /// <summary>A few headline numbers for `nlu inspect` (hidden size, layers, heads, vocabulary), in the architecture's own field names.</summary>
    public virtual IReadOnlyList<KeyValuePair<string, object?>> Summary() =>
        new[] { "hidden_size", "num_hidden_layers", "num_attention_heads", "intermediate_size", "vocab_size", "max_position_embeddings" }
            .Where(k => Fields.ContainsKey(k)).Select(k => new KeyValuePair<string, object?>(k, Fields[k]?.ToJsonString())).ToList();

    // ---- loading and saving ---------------------------------------------------------------------

    /// <summary>Loads a config.json (or the config.json of a model folder) into its typed class by "model_type".</summary>
    /// <exception cref="CheckpointFormatException">Not a JSON object, or a known field has the wrong type.</exception>
    public static ModelConfig Load(string path)
    {
        if (Directory.Exists(path)) path = Path.Combine(path, "config.json");
        if (!File.Exists(path)) throw new FileNotFoundException($"config not found: {path}", path);
        var length = new FileInfo(path).Length;
        if (length > MaxConfigBytes) throw new CheckpointFormatException(path, $"config is {length} bytes, over the {MaxConfigBytes}-byte limit");
        return Parse(File.ReadAllBytes(path), path);
    }

    /// <summary>Parses config JSON; <paramref name="path"/> is only used in messages.</summary>
    public static ModelConfig Parse(ReadOnlySpan<byte> json, string path = "config.json")
    {
        if (!System.Text.Unicode.Utf8.IsValid(json))
            throw new CheckpointFormatException(path, "config is not valid UTF-8");
        JsonNode? node;
        try { node = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { MaxDepth = 64 }); }
        catch (JsonException e) { throw new CheckpointFormatException(path, $"config is not valid JSON: {e.Message}", e); }
        if (node is not JsonObject obj) throw new CheckpointFormatException(path, "config must be a JSON object");
        var config = (obj["model_type"] as JsonValue)?.TryGetValue<string>(out var type) == true ? Create(type!, obj, path) : new ModelConfig(obj, path);
        config.Validate();
        return config;
    }

    static ModelConfig Create(string modelType, JsonObject obj, string path) => modelType switch
    {
        "bert" => new BertConfig(obj, path),
        "roberta" => new RobertaConfig(obj, path),
        "distilbert" => new DistilBertConfig(obj, path),
        "albert" => new AlbertConfig(obj, path),
        "electra" => new ElectraConfig(obj, path),
        _ => new ModelConfig(obj, path),
    };

    /// <summary>Reads every typed property once so a wrongly typed field fails at load time, naming the field.</summary>
    protected virtual void Validate()
    {
        _ = Architectures;
        _ = Id2Label;
        _ = NumLabels;
    }

    /// <summary>The JSON exactly as transformers writes it: json.dumps(config, indent=2, sort_keys=True) + "\n".</summary>
    public string ToJson() => PythonJson.Dumps(Fields) + "\n";

    /// <summary>Writes <see cref="ToJson"/> atomically.</summary>
    public void Save(string path) => AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(ToJson()));

    // ---- typed access -----------------------------------------------------------------------------

    /// <summary>An integer field, or <paramref name="fallback"/> when absent.</summary>
    protected int GetInt(string key, int fallback)
    {
        var node = Fields[key];
        if (!Fields.ContainsKey(key)) return fallback;
        if (node is JsonValue v && v.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var i)) return i;
        if (node is JsonValue v2 && v2.TryGetValue<int>(out var i2)) return i2;
        throw FieldError(key, node, "an integer");
    }

    /// <summary>A number field, or <paramref name="fallback"/> when absent.</summary>
    protected double GetDouble(string key, double fallback)
    {
        var node = Fields[key];
        if (!Fields.ContainsKey(key)) return fallback;
        if (node is JsonValue v && v.TryGetValue<JsonElement>(out var e) && e.ValueKind == JsonValueKind.Number) return e.GetDouble();
        if (node is JsonValue v2 && v2.TryGetValue<double>(out var d)) return d;
        if (node is JsonValue v3 && v3.TryGetValue<int>(out var i)) return i;
        throw FieldError(key, node, "a number");
    }

    /// <summary>A number field that may be null, or <paramref name="fallback"/> when absent.</summary>
    protected double? GetNullableDouble(string key, double? fallback)
    {
        if (!Fields.ContainsKey(key)) return fallback;
        return Fields[key] is null ? null : GetDouble(key, 0);
    }

    /// <summary>A string field (null allowed), or <paramref name="fallback"/> when absent.</summary>
    protected string? GetString(string key, string? fallback)
    {
        if (!Fields.ContainsKey(key)) return fallback;
        var node = Fields[key];
        if (node is null) return null;
        if (node is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        throw FieldError(key, node, "a string");
    }

    /// <summary>A boolean field, or <paramref name="fallback"/> when absent.</summary>
    protected bool GetBool(string key, bool fallback)
    {
        if (!Fields.ContainsKey(key)) return fallback;
        var node = Fields[key];
        if (node is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
        throw FieldError(key, node, "true or false");
    }

    /// <summary>Sets (or, for null, writes JSON null into) a field.</summary>
    protected void Set<T>(string key, T value) => Fields[key] = value is null ? null : JsonValue.Create(value);

    CheckpointFormatException FieldError(string key, JsonNode? node, string expected) =>
        new(SourcePath, $"config field '{key}' is {node?.ToJsonString() ?? "null"}, expected {expected}");
}
