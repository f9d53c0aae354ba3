// Where the data stream stands: since the order of an epoch is a pure function of (seed, epoch), the epoch number and
// the count of batches already consumed in it are enough to continue exactly where a run stopped.
namespace NluSharp.Training.Data;

/// <summary>A resumable position in the seeded data stream.</summary>
/// <param name="Epoch">0-based epoch being read.</param>
/// <param name="BatchesConsumed">Micro-batches of that epoch already used.</param>
public readonly record struct DataPosition(int Epoch, int BatchesConsumed);
