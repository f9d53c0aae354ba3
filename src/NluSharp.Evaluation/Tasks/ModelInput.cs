// What a task hands to a model: plain text, never token ids (tokenization belongs to the layer that owns the model).
// Three forms cover GLUE and SuperGLUE: one text or a text pair, a text (pair) with marked character spans, and a
// list of candidate pairs to choose from.
using System.Text;

namespace NluSharp.Evaluation.Tasks;

/// <summary>The model-facing form of one example.</summary>
public abstract record ModelInput;

/// <summary>A character span [Start, End) in segment 0 (<see cref="TextInput.Text"/>) or 1 (<see cref="TextInput.Pair"/>).</summary>
public sealed record MarkedSpan(int Segment, int Start, int End, string Name);

/// <summary>
/// A single text (<see cref="Pair"/> null), a text pair, optionally with marked spans (WiC's target word, WSC's noun
/// phrase and pronoun) for models that pool span representations.
/// </summary>
public sealed record TextInput(string Text, string? Pair = null, IReadOnlyList<MarkedSpan>? Spans = null) : ModelInput
{
    /// <summary>
    /// The same input with each span wrapped in <paramref name="open"/>/<paramref name="close"/> inside the text, for
    /// models that read markers instead of offsets: WiC's "An emerging professional class." becomes
    /// "An emerging professional *class*.".
    /// </summary>
    public TextInput WithInlineMarkers(string open = "*", string close = "*")
    {
        if (Spans is null || Spans.Count == 0) return this;
        return new TextInput(Mark(Text, 0, open, close), Pair is null ? null : Mark(Pair, 1, open, close));
    }

    string Mark(string text, int segment, string open, string close)
    {
        // Insert from the right so earlier offsets stay valid.
        var sb = new StringBuilder(text);
        foreach (var span in Spans!.Where(s => s.Segment == segment).OrderByDescending(s => s.Start).ThenByDescending(s => s.End))
        {
            sb.Insert(span.End, close);
            sb.Insert(span.Start, open);
        }
        return sb.ToString();
    }
}

/// <summary>
/// Multiple choice: the model scores each candidate and picks one. <see cref="ChoiceLabels"/>[i] is what a prediction
/// of candidate i means (COPA: "0"/"1"; ReCoRD: the entity text).
/// </summary>
public sealed record ChoiceInput(IReadOnlyList<TextInput> Choices, IReadOnlyList<string> ChoiceLabels) : ModelInput;
