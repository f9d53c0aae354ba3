// The outcome of loading a checkpoint into a model, reported the way transformers' from_pretrained warns about it.
namespace NluSharp.Models;

/// <summary>Which model keys the checkpoint did not supply and which checkpoint keys the model did not use.</summary>
/// <param name="Source">The checkpoint path (named in messages).</param>
/// <param name="ModelClass">The Hugging Face class name of the model.</param>
/// <param name="MissingKeys">Model parameters not found in the checkpoint; they keep their fresh initialization.</param>
/// <param name="UnexpectedKeys">Checkpoint tensors the model has no parameter for.</param>
public sealed record LoadReport(string Source, string ModelClass, IReadOnlyList<string> MissingKeys, IReadOnlyList<string> UnexpectedKeys)
{
    /// <summary>The warnings transformers would log (empty when every key matched).</summary>
    public IEnumerable<string> Warnings()
    {
        if (UnexpectedKeys.Count > 0)
            yield return $"Some weights of the model checkpoint at {Source} were not used when initializing {ModelClass}: [{string.Join(", ", UnexpectedKeys.Select(k => $"'{k}'"))}]";
        if (MissingKeys.Count > 0)
            yield return $"Some weights of {ModelClass} were not initialized from the model checkpoint at {Source} and are newly initialized: [{string.Join(", ", MissingKeys.Select(k => $"'{k}'"))}]\nYou should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.";
    }
}
