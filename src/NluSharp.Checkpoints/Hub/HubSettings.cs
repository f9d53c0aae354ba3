// Where the Hugging Face hub lives and how to reach it, read from the same environment variables huggingface_hub uses
// (huggingface_hub/constants.py): HF_ENDPOINT, HF_HUB_CACHE, HF_HOME, HF_TOKEN, HF_HUB_OFFLINE.
namespace NluSharp.Checkpoints.Hub;

/// <summary>Hub endpoint, cache folder, token and offline switch.</summary>
/// <param name="Endpoint">Base URL, e.g. https://huggingface.co (HF_ENDPOINT).</param>
/// <param name="CacheDir">The hub cache: HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub.</param>
/// <param name="Token">Bearer token: HF_TOKEN, else the file $HF_HOME/token; null for anonymous access.</param>
/// <param name="Offline">HF_HUB_OFFLINE=1: never touch the network, serve from the cache only.</param>
public sealed record HubSettings(Uri Endpoint, string CacheDir, string? Token, bool Offline)
{
    /// <summary>Reads the settings from the environment (or from <paramref name="getVariable"/>, for tests).</summary>
    public static HubSettings FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        string? Get(string name) => getVariable(name) is { Length: > 0 } v ? v : null;

        var home = Get("HF_HOME") ?? Path.Combine(
            Get("XDG_CACHE_HOME") ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache"), "huggingface");
        var cache = Get("HF_HUB_CACHE") ?? Get("HUGGINGFACE_HUB_CACHE") ?? Path.Combine(home, "hub");
        var token = Get("HF_TOKEN") ?? Get("HUGGING_FACE_HUB_TOKEN") ?? ReadTokenFile(Path.Combine(home, "token"));
        var endpoint = Get("HF_ENDPOINT") ?? "https://huggingface.co";
        if (!Uri.TryCreate(endpoint.TrimEnd('/') + "/", UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            throw new ArgumentException($"HF_ENDPOINT '{endpoint}' is not an http(s) URL");
        var offline = Get("HF_HUB_OFFLINE") ?? Get("TRANSFORMERS_OFFLINE");
        return new HubSettings(uri, cache, token, offline != null && IsTrue(offline));
    }

    // huggingface_hub `_is_true`: "1", "ON", "YES", "TRUE" (case-insensitive).
    static bool IsTrue(string value) => value.ToUpperInvariant() is "1" or "ON" or "YES" or "TRUE";

    static string? ReadTokenFile(string path)
    {
        try { return File.Exists(path) ? File.ReadAllText(path).Trim() is { Length: > 0 } t ? t : null : null; }
        catch (IOException) { return null; }
    }
}
