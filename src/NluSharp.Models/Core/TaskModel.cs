// The base of every Hugging Face "XFor<Task>" class: a base encoder registered under the architecture's prefix
// ("bert", "roberta", …), a head, the config it was built from, and the tied-weight aliases the checkpoint may omit.
using NluSharp.Checkpoints.Configs;
using NluSharp.Nn;

namespace NluSharp.Models;

/// <summary>A base encoder plus a task head, with Hugging Face parameter names.</summary>
public abstract class TaskModel : Module
{
    /// <summary>The configuration (with any overrides applied).</summary>
    public ModelConfig Config { get; }

    /// <summary>The key prefix of the base model's parameters ("bert", "roberta", "distilbert", "albert", "electra").</summary>
    public string BaseModelPrefix { get; }

    /// <summary>The Hugging Face class name, written to config.json "architectures" on save.</summary>
    public virtual string HfClassName => GetType().Name;

    /// <summary>The base encoder.</summary>
    public IEncoder Encoder { get; }

    /// <summary>
    /// Keys that are aliases of another parameter (tied decoder weights), alias → source, as Hugging Face
    /// `_tied_weights_keys`: a checkpoint may omit them, and they are not saved.
    /// </summary>
    public virtual IReadOnlyDictionary<string, string> TiedKeys => new Dictionary<string, string>();

    /// <summary>Registers the encoder first under <paramref name="baseModelPrefix"/>, so keys keep Hugging Face's order.</summary>
    protected TaskModel(ModelConfig config, string baseModelPrefix, Module encoder)
    {
        Config = config;
        BaseModelPrefix = baseModelPrefix;
        Encoder = (IEncoder)AddModule(baseModelPrefix, encoder);
    }

    /// <summary>Runs the model; computes the loss when <paramref name="labels"/> carries this head's targets.</summary>
    public abstract TaskOutput Forward(EncoderInput input, TaskLabels? labels = null);

    /// <summary>The initializer for the config's initializer_range.</summary>
    protected static Initializer InitializerFor(ModelConfig config, int seed) =>
        new(config switch { BertConfig b => b.InitializerRange, DistilBertConfig d => d.InitializerRange, _ => 0.02 }, seed);
}
