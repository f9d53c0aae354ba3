// A model on the hub named as "org/name" or "org/name@revision" (revision: branch, tag or commit hash; default "main").
using System.Text.RegularExpressions;

namespace NluSharp.Checkpoints.Hub;

/// <summary>A hub model repository and revision.</summary>
/// <param name="RepoId">"org/name" (or a legacy single-segment name such as "bert-base-uncased").</param>
/// <param name="Revision">Branch, tag or 40-hex commit hash.</param>
public sealed partial record RepoReference(string RepoId, string Revision)
{
    /// <summary>Parses "org/name[@revision]"; throws <see cref="ArgumentException"/> naming the problem.</summary>
    public static RepoReference Parse(string text)
    {
        var at = text.IndexOf('@');
        var id = at < 0 ? text : text[..at];
        var revision = at < 0 ? "main" : text[(at + 1)..];
        if (!TryValidateId(id))
            throw new ArgumentException($"'{text}' is not a hub model id: expected org/name[@revision] with letters, digits, '-', '_' and '.'");
        if (revision.Length == 0 || revision.Any(char.IsControl) || revision.Contains(".."))
            throw new ArgumentException($"'{text}': revision '{revision}' is not a valid branch, tag or commit");
        return new RepoReference(id, revision);
    }

    /// <summary>True when <paramref name="text"/> looks like org/name[@rev] rather than a local path.</summary>
    public static bool LooksLikeRepoId(string text)
    {
        var at = text.IndexOf('@');
        var id = at < 0 ? text : text[..at];
        return id.Count(c => c == '/') == 1 && TryValidateId(id) && !text.StartsWith('.') && !text.StartsWith('/');
    }

    static bool TryValidateId(string id)
    {
        var parts = id.Split('/');
        return parts.Length is 1 or 2 && parts.All(p => IdPart().IsMatch(p) && p is not "." and not ".." && !p.Contains("--"));
    }

    /// <summary>True when the revision is a full commit hash.</summary>
    public bool IsCommitHash => CommitHash().IsMatch(Revision);

    /// <summary>The cache folder name: "models--org--name".</summary>
    public string CacheFolderName => "models--" + RepoId.Replace("/", "--");

    /// <inheritdoc />
    public override string ToString() => Revision == "main" ? RepoId : $"{RepoId}@{Revision}";

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]{0,95}$")]
    private static partial Regex IdPart();

    [GeneratedRegex("^[0-9a-f]{40}$")]
    internal static partial Regex CommitHash();
}
