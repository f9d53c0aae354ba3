// One example of a user dataset, as read (labels still as text) and as a model input.
using NluSharp.Evaluation.Formats;
using NluSharp.Evaluation.Tasks;

namespace NluSharp.Evaluation.Datasets;

/// <summary>A user-dataset row: its 0-based position, text (pair), raw label values and location.</summary>
/// <param name="Row">0-based index among the data rows (header excluded), the key of the train/validation split.</param>
/// <param name="Input">Single text or pair.</param>
/// <param name="Labels">The label values as text: one for single-label/regression, any number for multi-label; empty when unlabeled.</param>
/// <param name="Source">File and line.</param>
public sealed record UserExample(long Row, TextInput Input, IReadOnlyList<string> Labels, SourceLocation Source);
