// Errors of the hub client (401/403/404, offline misses, failed checks): IOExceptions with a message that says what to do.
namespace NluSharp.Checkpoints.Hub;

/// <summary>A hub download or cache lookup failed; the message names the repo, revision and file.</summary>
public class HubException(string message, int? statusCode = null, Exception? inner = null) : IOException(message, inner)
{
    /// <summary>HTTP status when the server answered (401, 403, 404, ...), else null.</summary>
    public int? StatusCode { get; } = statusCode;
}
