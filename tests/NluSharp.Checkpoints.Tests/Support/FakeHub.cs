// A loopback HTTP server (HttpListener on 127.0.0.1) that answers like the Hugging Face hub's resolve endpoints:
// X-Repo-Commit / ETag on regular files, 302 to a CDN path with X-Linked-Etag / X-Linked-Size on LFS files,
// Range requests, X-Error-Code on 401/404, and an optional connection cut to exercise resume.
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace NluSharp.Checkpoints.Tests.Support;

public sealed class FakeHub : IDisposable
{
    readonly HttpListener _listener = new();
    readonly CancellationTokenSource _stop = new();
    readonly Task _loop;

    public Uri Endpoint { get; }
    public string RepoId { get; init; } = "org/tiny";
    public string Commit { get; } = "0123456789abcdef0123456789abcdef01234567";
    /// <summary>Repository files; names ending in .safetensors or .bin are served as LFS files.</summary>
    public Dictionary<string, byte[]> Files { get; } = new();
    /// <summary>When set, requests must carry "Authorization: Bearer &lt;token&gt;".</summary>
    public string? RequiredToken { get; set; }
    /// <summary>The next CDN GET sends this many bytes, then cuts the connection (once).</summary>
    public int CutNextDownloadAfter { get; set; } = -1;
    /// <summary>Serve LFS bodies with one byte flipped (sha256 mismatch).</summary>
    public bool CorruptLfsBodies { get; set; }
    /// <summary>Every request: "METHOD path [range] [auth]".</summary>
    public List<string> Requests { get; } = [];

    public FakeHub()
    {
        var probe = new TcpListener(IPAddress.Loopback, 0);
        probe.Start();
        var port = ((IPEndPoint)probe.LocalEndpoint).Port;
        probe.Stop();
        Endpoint = new Uri($"http://127.0.0.1:{port}/");
        _listener.Prefixes.Add(Endpoint.ToString());
        // The "CDN" answers on another host name (localhost), as the real CDN is another host than the hub.
        _listener.Prefixes.Add($"http://localhost:{port}/");
        _listener.Start();
        _loop = Task.Run(Loop);
    }

    static bool IsLfs(string name) => name.EndsWith(".safetensors") || name.EndsWith(".bin");
    public static string Sha256(byte[] b) => Convert.ToHexStringLower(SHA256.HashData(b));
    static string GitSha1(byte[] b) => Convert.ToHexStringLower(SHA1.HashData(b));

    async Task Loop()
    {
        while (!_stop.IsCancellationRequested)
        {
            HttpListenerContext ctx;
            try { ctx = await _listener.GetContextAsync(); }
            catch (Exception) { return; }
            try { Handle(ctx); }
            catch (Exception) { try { ctx.Response.Abort(); } catch { } }
        }
    }

    void Handle(HttpListenerContext ctx)
    {
        var req = ctx.Request;
        var res = ctx.Response;
        var path = Uri.UnescapeDataString(req.Url!.AbsolutePath);
        lock (Requests) Requests.Add($"{req.HttpMethod} {path} {req.Headers["Range"]} {req.Headers["Authorization"]}".TrimEnd());

        if (path.StartsWith("/cdn/"))
        {
            var sha = path["/cdn/".Length..];
            var body = Files.Values.FirstOrDefault(f => Sha256(f) == sha);
            if (body == null) { Status(res, 404, null); return; }
            if (CorruptLfsBodies) { body = (byte[])body.Clone(); body[body.Length / 2] ^= 0x55; }
            SendBody(ctx, body, allowRange: true);
            return;
        }
        // /{org}/{name}/resolve/{revision}/{file...}
        var parts = path.TrimStart('/').Split('/', 5);
        if (parts.Length < 5 || parts[2] != "resolve") { Status(res, 404, null); return; }
        var repo = parts[0] + "/" + parts[1];
        var authorized = RequiredToken == null || req.Headers["Authorization"] == "Bearer " + RequiredToken;
        if (repo != RepoId || !authorized)
        {
            // The hub answers 401 to anonymous requests for missing or private repos, 404 RepoNotFound to authenticated ones.
            var anonymous = req.Headers["Authorization"] == null;
            Status(res, anonymous || repo == RepoId ? 401 : 404, "RepoNotFound");
            return;
        }
        if (parts[3] != "main" && parts[3] != Commit) { Status(res, 404, "RevisionNotFound"); return; }
        var file = parts[4];
        res.Headers["X-Repo-Commit"] = Commit;
        if (!Files.TryGetValue(file, out var content)) { Status(res, 404, "EntryNotFound"); return; }
        if (IsLfs(file))
        {
            var sha = Sha256(content);
            res.Headers["X-Linked-Etag"] = $"\"{sha}\"";
            res.Headers["X-Linked-Size"] = content.Length.ToString();
            res.Headers["ETag"] = $"\"{GitSha1(content)}\"";
            res.Headers["Location"] = $"http://localhost:{Endpoint.Port}/cdn/{sha}";
            res.StatusCode = 302;
            res.ContentLength64 = 0;
            res.Close();
            return;
        }
        res.Headers["ETag"] = $"\"{GitSha1(content)}\"";
        SendBody(ctx, content, allowRange: false);
    }

    void SendBody(HttpListenerContext ctx, byte[] body, bool allowRange)
    {
        var res = ctx.Response;
        long from = 0;
        var range = ctx.Request.Headers["Range"];
        if (allowRange && range != null && range.StartsWith("bytes=") && range.EndsWith("-"))
        {
            from = long.Parse(range[6..^1]);
            if (from >= body.Length) { Status(res, 416, null); return; }
            res.StatusCode = 206;
            res.Headers["Content-Range"] = $"bytes {from}-{body.Length - 1}/{body.Length}";
        }
        res.ContentLength64 = body.Length - from;
        if (ctx.Request.HttpMethod == "HEAD") { res.Close(); return; }
        if (CutNextDownloadAfter >= 0 && allowRange)
        {
            var n = CutNextDownloadAfter;
            CutNextDownloadAfter = -1;
            res.OutputStream.Write(body, (int)from, Math.Min(n, body.Length - (int)from));
            res.OutputStream.Flush();
            res.Abort(); // the connection drops mid-body
            return;
        }
        res.OutputStream.Write(body, (int)from, body.Length - (int)from);
        res.Close();
    }

    static void Status(HttpListenerResponse res, int status, string? errorCode)
    {
        res.StatusCode = status;
        if (errorCode != null) res.Headers["X-Error-Code"] = errorCode;
        res.ContentLength64 = 0;
        res.Close();
    }

    public int RequestCount { get { lock (Requests) return Requests.Count; } }

    bool _disposed;

    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _stop.Cancel();
        _listener.Stop();
        _listener.Close();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
    }
}
