// The standard Hugging Face cache layout (huggingface_hub file_download.py):
//   <cache>/models--org--name/blobs/<etag>                 file contents, named by ETag (sha256 for LFS files)
//   <cache>/models--org--name/snapshots/<commit>/<file>    relative symlink to ../../blobs/<etag>
//   <cache>/models--org--name/refs/<revision>              the commit a branch or tag pointed to when last seen
//   <cache>/models--org--name/.no_exist/<commit>/<file>    marker: the file does not exist at that commit
namespace NluSharp.Checkpoints.Hub;

/// <summary>Reads and writes the hub cache layout shared with Python's huggingface_hub.</summary>
public sealed class HubCache(string root)
{
    /// <summary>The cache root (HF_HUB_CACHE).</summary>
    public string Root { get; } = root;

    /// <summary>models--org--name.</summary>
    public string RepoFolder(RepoReference repo) => Path.Combine(Root, repo.CacheFolderName);

    /// <summary>The commit a revision resolves to locally: the revision itself when it is a hash, else refs/&lt;revision&gt;; null when unknown.</summary>
    public string? ResolveCommit(RepoReference repo)
    {
        if (repo.IsCommitHash) return repo.Revision;
        var refFile = Path.Combine(RepoFolder(repo), "refs", repo.Revision);
        if (!File.Exists(refFile)) return null;
        var commit = File.ReadAllText(refFile).Trim();
        return RepoReference.CommitHash().IsMatch(commit) ? commit : null;
    }

    /// <summary>snapshots/&lt;commit&gt;/&lt;file&gt;.</summary>
    public string SnapshotPath(RepoReference repo, string commit, string fileName) =>
        Path.Combine(RepoFolder(repo), "snapshots", commit, fileName);

    /// <summary>The cached file for the revision, or null when the cache does not have it.</summary>
    public string? TryGetFile(RepoReference repo, string fileName)
    {
        var commit = ResolveCommit(repo);
        if (commit == null) return null;
        var path = SnapshotPath(repo, commit, fileName);
        return File.Exists(path) ? path : null;
    }

    /// <summary>True when an earlier lookup recorded that the file does not exist at the revision's commit.</summary>
    public bool IsKnownMissing(RepoReference repo, string fileName)
    {
        var commit = ResolveCommit(repo);
        return commit != null && File.Exists(Path.Combine(RepoFolder(repo), ".no_exist", commit, fileName));
    }

    /// <summary>Records that <paramref name="fileName"/> does not exist at <paramref name="commit"/>.</summary>
    public void MarkMissing(RepoReference repo, string commit, string fileName)
    {
        var marker = Path.Combine(RepoFolder(repo), ".no_exist", commit, fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(marker)!);
        File.WriteAllBytes(marker, []);
    }

    /// <summary>blobs/&lt;etag&gt;.</summary>
    public string BlobPath(RepoReference repo, string etag) => Path.Combine(RepoFolder(repo), "blobs", etag);

    /// <summary>Writes refs/&lt;revision&gt; = commit (only for branch/tag revisions).</summary>
    public void WriteRef(RepoReference repo, string commit)
    {
        if (repo.IsCommitHash || repo.Revision == commit) return;
        var refFile = Path.Combine(RepoFolder(repo), "refs", repo.Revision);
        Directory.CreateDirectory(Path.GetDirectoryName(refFile)!);
        if (File.Exists(refFile) && File.ReadAllText(refFile) == commit) return;
        IO.AtomicFile.WriteAllBytes(refFile, System.Text.Encoding.ASCII.GetBytes(commit));
    }

    /// <summary>Points snapshots/&lt;commit&gt;/&lt;file&gt; at the blob: a relative symlink as huggingface_hub makes, or a copy where symlinks are unavailable.</summary>
    public string LinkSnapshot(RepoReference repo, string commit, string fileName, string etag)
    {
        var pointer = SnapshotPath(repo, commit, fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(pointer)!);
        var blob = BlobPath(repo, etag);
        if (File.Exists(pointer) || new FileInfo(pointer).LinkTarget != null) File.Delete(pointer);
        try
        {
            File.CreateSymbolicLink(pointer, Path.GetRelativePath(Path.GetDirectoryName(pointer)!, blob));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or PlatformNotSupportedException)
        {
            File.Copy(blob, pointer, overwrite: true);
        }
        return pointer;
    }
}
