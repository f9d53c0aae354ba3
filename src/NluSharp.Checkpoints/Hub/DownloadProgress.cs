// Progress of one file download, reported through IProgress<DownloadProgress>.
namespace NluSharp.Checkpoints.Hub;

/// <summary>Bytes of <paramref name="FileName"/> on disk so far (resumed bytes included) out of <paramref name="TotalBytes"/> (null when unknown).</summary>
public readonly record struct DownloadProgress(string FileName, long BytesDone, long? TotalBytes);
