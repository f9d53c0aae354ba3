// A dataset that knows its own fingerprint (for instance from a manifest of its files), so run_info.json need not
// hash every example of a corpus read from disk.
namespace NluSharp.Training.Data;

/// <summary>A dataset with a precomputed identity.</summary>
public interface IDataFingerprint
{
    /// <summary>A string that changes whenever the examples would change.</summary>
    string Fingerprint { get; }
}
