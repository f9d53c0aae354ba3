// Hugging Face class name → constructor, for building the model a config.json's "architectures" names.
using NluSharp.Checkpoints.Configs;

namespace NluSharp.Models;

/// <summary>Creates task models by their Hugging Face class name.</summary>
public static class ModelRegistry
{
    static T As<T>(ModelConfig c) where T : ModelConfig =>
        c as T ?? throw new ArgumentException($"{c.SourcePath}: model_type \"{c.ModelType}\" does not match the requested {typeof(T).Name.Replace("Config", "")} class");

    static readonly Dictionary<string, Func<ModelConfig, int, TaskModel>> Constructors = new(StringComparer.Ordinal)
    {
        ["BertForSequenceClassification"] = (c, s) => new BertForSequenceClassification(As<BertConfig>(c), s),
        ["BertForTokenClassification"] = (c, s) => new BertForTokenClassification(As<BertConfig>(c), s),
        ["BertForQuestionAnswering"] = (c, s) => new BertForQuestionAnswering(As<BertConfig>(c), s),
        ["BertForMultipleChoice"] = (c, s) => new BertForMultipleChoice(As<BertConfig>(c), s),
        ["BertForMaskedLM"] = (c, s) => new BertForMaskedLM(As<BertConfig>(c), s),
        ["RobertaForSequenceClassification"] = (c, s) => new RobertaForSequenceClassification(As<BertConfig>(c), s),
        ["RobertaForTokenClassification"] = (c, s) => new RobertaForTokenClassification(As<BertConfig>(c), s),
        ["RobertaForQuestionAnswering"] = (c, s) => new RobertaForQuestionAnswering(As<BertConfig>(c), s),
        ["RobertaForMultipleChoice"] = (c, s) => new RobertaForMultipleChoice(As<BertConfig>(c), s),
        ["RobertaForMaskedLM"] = (c, s) => new RobertaForMaskedLM(As<BertConfig>(c), s),
        ["DistilBertForSequenceClassification"] = (c, s) => new DistilBertForSequenceClassification(As<DistilBertConfig>(c), s),
        ["DistilBertForTokenClassification"] = (c, s) => new DistilBertForTokenClassification(As<DistilBertConfig>(c), s),
        ["DistilBertForQuestionAnswering"] = (c, s) => new DistilBertForQuestionAnswering(As<DistilBertConfig>(c), s),
        ["DistilBertForMultipleChoice"] = (c, s) => new DistilBertForMultipleChoice(As<DistilBertConfig>(c), s),
        ["DistilBertForMaskedLM"] = (c, s) => new DistilBertForMaskedLM(As<DistilBertConfig>(c), s),
        ["AlbertForSequenceClassification"] = (c, s) => new AlbertForSequenceClassification(As<AlbertConfig>(c), s),
        ["AlbertForTokenClassification"] = (c, s) => new AlbertForTokenClassification(As<AlbertConfig>(c), s),
        ["AlbertForQuestionAnswering"] = (c, s) => new AlbertForQuestionAnswering(As<AlbertConfig>(c), s),
        ["AlbertForMultipleChoice"] = (c, s) => new AlbertForMultipleChoice(As<AlbertConfig>(c), s),
        ["AlbertForMaskedLM"] = (c, s) => new AlbertForMaskedLM(As<AlbertConfig>(c), s),
        ["ElectraForSequenceClassification"] = (c, s) => new ElectraForSequenceClassification(As<ElectraConfig>(c), s),
        ["ElectraForTokenClassification"] = (c, s) => new ElectraForTokenClassification(As<ElectraConfig>(c), s),
        ["ElectraForQuestionAnswering"] = (c, s) => new ElectraForQuestionAnswering(As<ElectraConfig>(c), s),
        ["ElectraForMultipleChoice"] = (c, s) => new ElectraForMultipleChoice(As<ElectraConfig>(c), s),
        ["ElectraForMaskedLM"] = (c, s) => new ElectraForMaskedLM(As<ElectraConfig>(c), s),
        ["AlbertForPreTraining"] = (c, s) => new AlbertForPreTraining(As<AlbertConfig>(c), s),
        ["ElectraForPreTraining"] = (c, s) => new ElectraForPreTraining(As<ElectraConfig>(c), s),
    };

    /// <summary>The class names that can be built.</summary>
    public static IEnumerable<string> ClassNames => Constructors.Keys;

    /// <summary>Builds <paramref name="className"/> for <paramref name="config"/>, freshly initialized with <paramref name="seed"/>.</summary>
    public static TaskModel Create(string className, ModelConfig config, int seed = 0) =>
        Constructors.TryGetValue(className, out var create) ? create(config, seed)
            : throw new ArgumentException($"{config.SourcePath}: model class \"{className}\" is not supported; supported: {string.Join(", ", Constructors.Keys)}");
}
