// How a Hugging Face-style task model's parameters are presented to the trainer: tied aliases are saved and optimized
// once, under their canonical name (as save_pretrained omits them), and LayerNorm membership is decided by module type,
// not by name (transformers' get_parameter_names(model, ALL_LAYERNORM_LAYERS)), so DistilBERT's sa_layer_norm and
// ALBERT's shared LayerNorms are grouped right for weight decay.
using NluSharp.Models;
using NluSharp.Nn;
using NluSharp.Training.Optimization;

namespace NluSharp.Training.Model;

/// <summary>Trainer-facing parameter lists of task models.</summary>
public static class TaskModelParameters
{
    /// <summary>Every parameter once, tied aliases left out, names prefixed by <paramref name="prefix"/>.</summary>
    public static List<NamedParameter> Trainable(TaskModel model, string prefix = "") =>
        model.UniqueNamedParameters().Where(p => !model.TiedKeys.ContainsKey(p.Name))
            .Select(p => new NamedParameter(prefix + p.Name, p.Parameter)).ToList();

    /// <summary>Names (with <paramref name="prefix"/>) of the parameters that belong to LayerNorm modules.</summary>
    public static IEnumerable<string> LayerNormNames(Module model, string prefix = "") =>
        model.NamedModules().Where(m => m.Module is Nn.LayerNorm)
            .SelectMany(m => m.Module.NamedParameters(prefix + (m.Name == "" ? "" : m.Name + ".")).Select(p => p.Name));
}
