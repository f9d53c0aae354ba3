// Downloads files from the Hugging Face hub into the standard cache, as huggingface_hub `hf_hub_download` does:
// HEAD the resolve URL for X-Repo-Commit and the ETag (X-Linked-Etag / X-Linked-Size for LFS files), reuse the blob when
// cached, otherwise GET into blobs/<etag>.incomplete resuming with Range, check size and sha256, then link the snapshot.
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;

namespace NluSharp.Checkpoints.Hub;

/// <summary>A hub client bound to one set of <see cref="HubSettings"/>.</summary>
public sealed class HubClient : IDisposable
{
    const int MaxAttempts = 5;
    const int MaxRedirects = 5;

    readonly HttpClient _http;
    readonly HubSettings _settings;

    /// <summary>The cache this client reads and fills.</summary>
    public HubCache Cache { get; }

    /// <summary>Files a model folder needs beyond its weights; each is fetched when the repo has it.</summary>
    public static readonly IReadOnlyList<string> OptionalModelFiles =
    [
        "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt", "vocab.json", "merges.txt",
        "spiece.model", "sentencepiece.bpe.model",
    ];

    /// <summary>Weight files in the order transformers looks for them.</summary>
    public static readonly IReadOnlyList<string> WeightFiles =
        ["model.safetensors", "model.safetensors.index.json", "pytorch_model.bin", "pytorch_model.bin.index.json"];

    /// <summary>Creates a client; <paramref name="handler"/> replaces the HTTP stack (tests use a loopback server instead).</summary>
    public HubClient(HubSettings settings, HttpMessageHandler? handler = null)
    {
        _settings = settings;
        Cache = new HubCache(settings.CacheDir);
        // Redirects are followed by hand: the metadata headers are on the redirect response itself, and the token must
        // not be sent to another host (the CDN).
        _http = new HttpClient(handler ?? new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            Timeout = TimeSpan.FromMinutes(10),
        };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("NluSharp", "0.1"));
    }

    /// <summary>
    /// The local path of <paramref name="fileName"/> at <paramref name="repo"/>'s revision, downloading it when the cache
    /// does not have it. Offline (or when the hub cannot be reached) the cached copy is used if there is one.
    /// </summary>
    /// <exception cref="HubException">401/403/404, offline with no cached copy, or a failed size/sha256 check.</exception>
    public async Task<string> DownloadFileAsync(RepoReference repo, string fileName, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ValidateFileName(fileName);
        if (_settings.Offline)
            return Cache.TryGetFile(repo, fileName) ?? throw new HubException(
                $"{repo}: '{fileName}' is not in the local cache ({Cache.RepoFolder(repo)}) and HF_HUB_OFFLINE=1 forbids downloading it; " +
                "unset HF_HUB_OFFLINE or download it once while online");
        if (repo.IsCommitHash && Cache.TryGetFile(repo, fileName) is { } pinned)
            return pinned; // a commit never changes: no need to ask the hub

        FileMetadata meta;
        try
        {
            meta = await HeadAsync(repo, fileName, cancellationToken).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            // As huggingface_hub: when the hub is unreachable, fall back to what the cache has for this revision.
            return Cache.TryGetFile(repo, fileName) ?? throw new HubUnreachableException(
                $"{repo}: cannot reach {_settings.Endpoint} to download '{fileName}' ({e.Message}), and it is not in the local cache", e);
        }

        var pointer = Cache.SnapshotPath(repo, meta.Commit, fileName);
        Cache.WriteRef(repo, meta.Commit);
        if (File.Exists(pointer)) return pointer;
        var blob = Cache.BlobPath(repo, meta.ETag);
        if (!File.Exists(blob))
            await DownloadBlobAsync(repo, fileName, meta, blob, progress, cancellationToken).ConfigureAwait(false);
        return Cache.LinkSnapshot(repo, meta.Commit, fileName, meta.ETag);
    }

    /// <summary>
    /// Fetches what loading a model needs — config.json, the weights (single file, or index plus every shard) and the
    /// tokenizer files the repo has — and returns the snapshot folder that holds them.
    /// </summary>
    public async Task<string> DownloadModelAsync(RepoReference repo, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var config = await DownloadFileAsync(repo, "config.json", progress, cancellationToken).ConfigureAwait(false);
        string? weights = null;
        foreach (var name in WeightFiles)
        {
            weights = await TryDownloadAsync(repo, name, progress, cancellationToken).ConfigureAwait(false);
            if (weights != null) break;
        }
        if (weights == null)
            throw new HubException(_settings.Offline
                ? $"{repo}: none of {string.Join(", ", WeightFiles)} is in the local cache and HF_HUB_OFFLINE=1 forbids downloading"
                : $"{repo}: found none of {string.Join(", ", WeightFiles)} (neither on the hub nor, if it is unreachable, in the local cache)", 404);
        if (weights.EndsWith(".index.json", StringComparison.Ordinal))
        {
            var index = Sharding.ShardIndex.Parse(weights, await File.ReadAllBytesAsync(weights, cancellationToken).ConfigureAwait(false));
            foreach (var shard in index.ShardFiles)
                await DownloadFileAsync(repo, shard, progress, cancellationToken).ConfigureAwait(false);
        }
        foreach (var name in OptionalModelFiles)
            await TryDownloadAsync(repo, name, progress, cancellationToken).ConfigureAwait(false);
        return Path.GetDirectoryName(config)!;
    }

    /// <summary>Like <see cref="DownloadFileAsync"/> but null when the repo does not have the file.</summary>
    public async Task<string?> TryDownloadAsync(RepoReference repo, string fileName, IProgress<DownloadProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        if (_settings.Offline) return Cache.TryGetFile(repo, fileName);
        if (repo.IsCommitHash && Cache.IsKnownMissing(repo, fileName)) return null;
        try
        {
            return await DownloadFileAsync(repo, fileName, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (EntryNotFoundException)
        {
            return null;
        }
        catch (HubUnreachableException)
        {
            // Working from the cache while the hub is down: an optional file the cache lacks is treated as absent.
            return null;
        }
    }

    // ---- HEAD: commit, etag, size ---------------------------------------------------------------

    sealed record FileMetadata(string Commit, string ETag, long? Size, Uri DownloadUri);

    sealed class EntryNotFoundException(string message) : HubException(message, 404);

    sealed class HubUnreachableException(string message, Exception inner) : HubException(message, null, inner);

    Uri ResolveUri(RepoReference repo, string fileName) =>
        new(_settings.Endpoint, $"{repo.RepoId}/resolve/{Uri.EscapeDataString(repo.Revision)}/{string.Join('/', fileName.Split('/').Select(Uri.EscapeDataString))}");

    async Task<FileMetadata> HeadAsync(RepoReference repo, string fileName, CancellationToken ct)
    {
        var uri = ResolveUri(repo, fileName);
        for (int hop = 0; hop <= MaxRedirects; hop++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Head, uri);
            AddAuth(request, uri);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                var target = location.IsAbsoluteUri ? location : new Uri(uri, location);
                // A relative redirect is a renamed repo: follow it. An absolute one goes to the CDN: the metadata is already here.
                if (!location.IsAbsoluteUri || target.Host == _settings.Endpoint.Host && target.Port == _settings.Endpoint.Port && target.AbsolutePath.Contains("/resolve/"))
                {
                    uri = target;
                    continue;
                }
                return ReadMetadata(repo, fileName, response, target);
            }
            if (response.IsSuccessStatusCode) return ReadMetadata(repo, fileName, response, uri);
            ThrowForStatus(repo, fileName, response);
        }
        throw new HubException($"{repo}: too many redirects resolving '{fileName}'");
    }

    FileMetadata ReadMetadata(RepoReference repo, string fileName, HttpResponseMessage response, Uri downloadUri)
    {
        var commit = Header(response, "X-Repo-Commit");
        var etag = NormalizeETag(Header(response, "X-Linked-Etag") ?? Header(response, "ETag") ?? response.Headers.ETag?.Tag);
        var sizeText = Header(response, "X-Linked-Size");
        long? size = sizeText != null && long.TryParse(sizeText, out var s) ? s : response.Content.Headers.ContentLength;
        if (commit == null || !RepoReference.CommitHash().IsMatch(commit))
            throw new HubException($"{repo}: the server's answer for '{fileName}' has no valid X-Repo-Commit header; is HF_ENDPOINT ({_settings.Endpoint}) a Hugging Face hub?");
        if (etag == null || etag.Length == 0 || etag.Contains('/') || etag.Contains('\\') || etag.Contains(".."))
            throw new HubException($"{repo}: the server's answer for '{fileName}' has no usable ETag");
        return new FileMetadata(commit, etag, size, downloadUri);
    }

    void ThrowForStatus(RepoReference repo, string fileName, HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var code = Header(response, "X-Error-Code");
        var commit = Header(response, "X-Repo-Commit");
        var tokenHint = _settings.Token == null ? "set HF_TOKEN to a token with read access" : "check that HF_TOKEN has read access to it";
        switch (status, code)
        {
            case (404, "EntryNotFound"):
            case (404, null) when commit != null:
                if (commit != null && RepoReference.CommitHash().IsMatch(commit)) Cache.MarkMissing(repo, commit, fileName);
                throw new EntryNotFoundException($"{repo}: file '{fileName}' does not exist at revision '{repo.Revision}' (404)");
            case (404, "RevisionNotFound"):
                throw new HubException($"{repo.RepoId}: revision '{repo.Revision}' does not exist (404)", 404);
            case (401, _):
                throw new HubException($"{repo}: 401 Unauthorized for '{fileName}': the repository does not exist or is private; {tokenHint}", 401);
            case (403, _):
                throw new HubException($"{repo}: 403 Forbidden for '{fileName}': the repository is gated or your token lacks access; {tokenHint}", 403);
            case (404, _):
                throw new HubException($"{repo}: repository '{repo.RepoId}' not found (404); check the name, or {tokenHint} if it is private", 404);
            default:
                throw new HubException($"{repo}: the hub answered {status} {response.ReasonPhrase} for '{fileName}'", status);
        }
    }

    // ---- GET with resume --------------------------------------------------------------------------

    async Task DownloadBlobAsync(RepoReference repo, string fileName, FileMetadata meta, string blob, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(blob)!);
        var incomplete = blob + ".incomplete";
        Exception? last = null;
        for (int attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            try
            {
                await GetIntoAsync(repo, fileName, meta, incomplete, progress, ct).ConfigureAwait(false);
                last = null;
                break;
            }
            catch (Exception e) when (e is IOException or HttpRequestException && e is not HubException && !ct.IsCancellationRequested)
            {
                // A cut connection: the bytes already on disk are kept and the next attempt resumes with a Range request.
                last = e;
                await Task.Delay(TimeSpan.FromMilliseconds(100 * attempt), ct).ConfigureAwait(false);
            }
        }
        if (last != null)
            throw new HubException($"{repo}: downloading '{fileName}' failed after {MaxAttempts} attempts ({last.Message}); run again to resume from {new FileInfo(incomplete).Length} bytes", null, last);

        var length = new FileInfo(incomplete).Length;
        if (meta.Size is { } expected && length != expected)
        {
            File.Delete(incomplete);
            throw new HubException($"{repo}: '{fileName}' downloaded {length} bytes but the hub announced {expected}; the partial file was removed, run again");
        }
        if (IsSha256(meta.ETag))
        {
            string actual;
            await using (var f = File.OpenRead(incomplete))
                actual = Convert.ToHexStringLower(await SHA256.HashDataAsync(f, ct).ConfigureAwait(false));
            if (actual != meta.ETag)
            {
                File.Delete(incomplete);
                throw new HubException($"{repo}: '{fileName}' has sha256 {actual} but the hub announced {meta.ETag}; the corrupt download was removed, run again");
            }
        }
        File.Move(incomplete, blob, overwrite: true);
    }

    async Task GetIntoAsync(RepoReference repo, string fileName, FileMetadata meta, string incomplete, IProgress<DownloadProgress>? progress, CancellationToken ct)
    {
        var uri = meta.DownloadUri;
        for (int hop = 0; hop <= MaxRedirects; hop++)
        {
            long have = File.Exists(incomplete) ? new FileInfo(incomplete).Length : 0;
            if (meta.Size is { } size && have == size && size > 0) return; // a previous attempt finished the bytes
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            AddAuth(request, uri);
            request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue("identity"));
            if (have > 0) request.Headers.Range = new RangeHeaderValue(have, null);
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            var status = (int)response.StatusCode;
            if (status is >= 300 and < 400 && response.Headers.Location is { } location)
            {
                uri = location.IsAbsoluteUri ? location : new Uri(uri, location);
                continue;
            }
            if (status == 416 && have > 0)
            {
                File.Delete(incomplete); // our partial file is longer than the blob: start over
                continue;
            }
            if (!response.IsSuccessStatusCode) ThrowForStatus(repo, fileName, response);

            var resume = status == 206 && have > 0;
            if (resume && response.Content.Headers.ContentRange is { From: { } from } && from != have)
                throw new HubException($"{repo}: the server resumed '{fileName}' at byte {from}, not {have}");
            long done = resume ? have : 0;
            long? total = meta.Size ?? (response.Content.Headers.ContentLength is { } cl ? cl + done : null);
            await using var file = new FileStream(incomplete, resume ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16, useAsync: true);
            await using var body = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
            var buffer = new byte[1 << 16];
            progress?.Report(new DownloadProgress(fileName, done, total));
            int read;
            while ((read = await body.ReadAsync(buffer, ct).ConfigureAwait(false)) > 0)
            {
                if (meta.Size is { } limit && done + read > limit)
                    throw new HubException($"{repo}: '{fileName}' is longer than the {limit} bytes the hub announced");
                await file.WriteAsync(buffer.AsMemory(0, read), ct).ConfigureAwait(false);
                done += read;
                progress?.Report(new DownloadProgress(fileName, done, total));
            }
            if (meta.Size is { } want && done < want)
            {
                await file.FlushAsync(ct).ConfigureAwait(false);
                throw new IOException($"connection closed after {done} of {want} bytes");
            }
            return;
        }
        throw new HubException($"{repo}: too many redirects downloading '{fileName}'");
    }

    // ---- helpers ----------------------------------------------------------------------------------

    void AddAuth(HttpRequestMessage request, Uri uri)
    {
        // The token goes to the hub only, never to a redirect target on another host.
        if (_settings.Token != null && uri.Host == _settings.Endpoint.Host && uri.Port == _settings.Endpoint.Port)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _settings.Token);
    }

    static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() :
        response.Content.Headers.TryGetValues(name, out var contentValues) ? contentValues.FirstOrDefault() : null;

    /// <summary>huggingface_hub `_normalize_etag`: drop a weak "W/" prefix and the quotes.</summary>
    static string? NormalizeETag(string? etag) => etag == null ? null : (etag.StartsWith("W/", StringComparison.Ordinal) ? etag[2..] : etag).Trim('"');

    static bool IsSha256(string etag) => etag.Length == 64 && etag.All(char.IsAsciiHexDigitLower);

    static void ValidateFileName(string fileName)
    {
        if (fileName.Length == 0 || fileName.StartsWith('/') || fileName.Contains('\\') || fileName.Split('/').Any(p => p is "" or "." or ".."))
            throw new ArgumentException($"'{fileName}' is not a file name inside a repository");
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
