// Hub client against a loopback server that emulates the hub: fresh download into the standard cache layout, resume
// after a cut connection and from a leftover .incomplete, cache hits without network, offline mode, 401/404 messages,
// sha256 verification and token handling. Nothing here touches the internet.
using System.Text;
using NluSharp.Checkpoints.Hub;
using NluSharp.Checkpoints.Safetensors;
using NluSharp.Checkpoints.Tests.Support;

namespace NluSharp.Checkpoints.Tests;

public sealed class HubClientTests : IDisposable
{
    readonly string _cache = Directory.CreateTempSubdirectory("nlu-hub-").FullName;
    readonly FakeHub _hub = new();
    readonly byte[] _weights = SafetensorsWriter.Serialize(TestTensors.AllDTypes(5).Select(t => t with { Name = t.Name }).Concat([TestTensors.Make("big", Tensors.TensorDType.F32, [64, 64], 9)]));
    readonly byte[] _config = Encoding.UTF8.GetBytes("{\n  \"hidden_size\": 32,\n  \"model_type\": \"bert\",\n  \"num_attention_heads\": 4\n}\n");

    public HubClientTests()
    {
        _hub.Files["config.json"] = _config;
        _hub.Files["model.safetensors"] = _weights;
        _hub.Files["vocab.txt"] = "[PAD]\n[UNK]\n"u8.ToArray();
    }

    public void Dispose()
    {
        _hub.Dispose();
        Directory.Delete(_cache, recursive: true);
    }

    HubClient Client(bool offline = false, string? token = null, Uri? endpoint = null) =>
        new(new HubSettings(endpoint ?? _hub.Endpoint, _cache, token, offline));

    static readonly RepoReference Repo = RepoReference.Parse("org/tiny");

    sealed class Recorder : IProgress<DownloadProgress>
    {
        public readonly List<DownloadProgress> Reports = [];
        public void Report(DownloadProgress value) { lock (Reports) Reports.Add(value); }
    }

    [Fact]
    public async Task Fresh_download_fills_the_standard_cache_layout()
    {
        using var client = Client();
        var progress = new Recorder();
        var folder = await client.DownloadModelAsync(Repo, progress);

        var repoFolder = Path.Combine(_cache, "models--org--tiny");
        Assert.Equal(Path.Combine(repoFolder, "snapshots", _hub.Commit), folder);
        Assert.Equal(_hub.Commit, File.ReadAllText(Path.Combine(repoFolder, "refs", "main")));
        Assert.Equal(_weights, File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));
        Assert.Equal(_config, File.ReadAllBytes(Path.Combine(folder, "config.json")));
        Assert.True(File.Exists(Path.Combine(folder, "vocab.txt")));
        // snapshot entries are relative symlinks into blobs/, LFS blobs named by their sha256
        var link = new FileInfo(Path.Combine(folder, "model.safetensors")).LinkTarget;
        Assert.Equal(Path.Combine("..", "..", "blobs", FakeHub.Sha256(_weights)), link);
        Assert.True(File.Exists(Path.Combine(repoFolder, ".no_exist", _hub.Commit, "tokenizer.json")));
        Assert.Empty(Directory.GetFiles(Path.Combine(repoFolder, "blobs"), "*.incomplete"));
        Assert.Contains(progress.Reports, p => p.FileName == "model.safetensors" && p.BytesDone == _weights.Length && p.TotalBytes == _weights.Length);

        using var ckpt = Checkpoint.Open(folder);
        Assert.Equal(CheckpointFormat.Safetensors, ckpt.Format);
    }

    [Fact]
    public async Task A_cut_connection_is_resumed_with_a_range_request()
    {
        _hub.CutNextDownloadAfter = 1000;
        using var client = Client();
        var path = await client.DownloadFileAsync(Repo, "model.safetensors");
        Assert.Equal(_weights, File.ReadAllBytes(path));
        var gets = _hub.Requests.Where(r => r.StartsWith("GET /cdn/")).ToList();
        Assert.Equal(2, gets.Count);
        Assert.Contains("bytes=1000-", gets[1]);
    }

    [Fact]
    public async Task A_leftover_incomplete_file_from_an_earlier_run_is_resumed()
    {
        var blobs = Path.Combine(_cache, "models--org--tiny", "blobs");
        Directory.CreateDirectory(blobs);
        File.WriteAllBytes(Path.Combine(blobs, FakeHub.Sha256(_weights) + ".incomplete"), _weights[..500]);
        using var client = Client();
        var progress = new Recorder();
        var path = await client.DownloadFileAsync(Repo, "model.safetensors", progress);
        Assert.Equal(_weights, File.ReadAllBytes(path));
        Assert.Contains(_hub.Requests, r => r.StartsWith("GET /cdn/") && r.Contains("bytes=500-"));
        Assert.Equal(500, progress.Reports[0].BytesDone);
    }

    [Fact]
    public async Task Cached_files_are_served_without_network()
    {
        using (var client = Client()) await client.DownloadModelAsync(Repo);

        // A commit hash never changes: no request at all.
        var before = _hub.RequestCount;
        using (var client = Client())
        {
            var pinned = RepoReference.Parse("org/tiny@" + _hub.Commit);
            Assert.Equal(_weights, File.ReadAllBytes(await client.DownloadFileAsync(pinned, "model.safetensors")));
            Assert.Null(await client.TryDownloadAsync(pinned, "tokenizer.json")); // known missing (.no_exist)
        }
        Assert.Equal(before, _hub.RequestCount);

        // A branch with the hub unreachable: served from refs/main + snapshot, for one file and for the whole model.
        _hub.Dispose();
        using (var client = Client())
        {
            var path = await client.DownloadFileAsync(Repo, "model.safetensors");
            Assert.Equal(_weights, File.ReadAllBytes(path));
            var folder = await client.DownloadModelAsync(Repo);
            Assert.Equal(_config, File.ReadAllBytes(Path.Combine(folder, "config.json")));
        }
    }

    [Fact]
    public async Task Offline_mode_uses_the_cache_and_says_why_when_it_cannot()
    {
        using (var offline = Client(offline: true))
        {
            var e = await Assert.ThrowsAsync<HubException>(() => offline.DownloadModelAsync(Repo));
            Assert.Contains("HF_HUB_OFFLINE=1", e.Message);
            Assert.Contains("config.json", e.Message);
            Assert.Contains("org/tiny", e.Message);
        }
        Assert.Equal(0, _hub.RequestCount);
        using (var client = Client()) await client.DownloadModelAsync(Repo);
        var before = _hub.RequestCount;
        using (var offline = Client(offline: true))
        {
            var folder = await offline.DownloadModelAsync(Repo);
            Assert.Equal(_weights, File.ReadAllBytes(Path.Combine(folder, "model.safetensors")));
        }
        Assert.Equal(before, _hub.RequestCount);
    }

    [Fact]
    public async Task Private_repos_need_a_token_and_it_is_not_sent_to_the_cdn()
    {
        _hub.RequiredToken = "hf_secret";
        using (var anonymous = Client())
        {
            var e = await Assert.ThrowsAsync<HubException>(() => anonymous.DownloadFileAsync(Repo, "model.safetensors"));
            Assert.Equal(401, e.StatusCode);
            Assert.Contains("401", e.Message);
            Assert.Contains("HF_TOKEN", e.Message);
        }
        using (var wrong = Client(token: "hf_wrong"))
        {
            var e = await Assert.ThrowsAsync<HubException>(() => wrong.DownloadFileAsync(Repo, "model.safetensors"));
            Assert.Contains("401", e.Message);
        }
        using (var authed = Client(token: "hf_secret"))
            Assert.Equal(_weights, File.ReadAllBytes(await authed.DownloadFileAsync(Repo, "model.safetensors")));
        Assert.Contains(_hub.Requests, r => r.StartsWith("HEAD /org/tiny/resolve/main/model.safetensors") && r.EndsWith("Bearer hf_secret"));
        Assert.DoesNotContain(_hub.Requests, r => r.StartsWith("GET /cdn/") && r.Contains("Bearer"));
    }

    [Fact]
    public async Task Missing_repo_file_and_revision_give_404_messages()
    {
        using var client = Client(token: "hf_any");
        var e = await Assert.ThrowsAsync<HubException>(() => client.DownloadFileAsync(RepoReference.Parse("org/nope"), "config.json"));
        Assert.Equal(404, e.StatusCode);
        Assert.Contains("repository 'org/nope' not found (404)", e.Message);

        e = await Assert.ThrowsAnyAsync<HubException>(() => client.DownloadFileAsync(Repo, "missing.json"));
        Assert.Contains("file 'missing.json' does not exist at revision 'main' (404)", e.Message);

        e = await Assert.ThrowsAsync<HubException>(() => client.DownloadFileAsync(RepoReference.Parse("org/tiny@v9"), "config.json"));
        Assert.Contains("revision 'v9' does not exist (404)", e.Message);

        using var anonymous = Client();
        e = await Assert.ThrowsAsync<HubException>(() => anonymous.DownloadFileAsync(RepoReference.Parse("org/nope"), "config.json"));
        Assert.Contains("401", e.Message);
    }

    [Fact]
    public async Task A_corrupted_download_fails_the_sha256_check_and_is_removed()
    {
        _hub.CorruptLfsBodies = true;
        using var client = Client();
        var e = await Assert.ThrowsAsync<HubException>(() => client.DownloadFileAsync(Repo, "model.safetensors"));
        Assert.Contains("sha256", e.Message);
        var blobs = Path.Combine(_cache, "models--org--tiny", "blobs");
        Assert.Empty(Directory.Exists(blobs) ? Directory.GetFiles(blobs) : []);
    }

    [Fact]
    public async Task Unreachable_hub_without_cache_names_the_endpoint()
    {
        _hub.Dispose();
        using var client = Client();
        var e = await Assert.ThrowsAnyAsync<HubException>(() => client.DownloadFileAsync(Repo, "config.json"));
        Assert.Contains("cannot reach", e.Message);
        Assert.Contains("not in the local cache", e.Message);
    }

    [Fact]
    public void Settings_follow_huggingface_hub_precedence()
    {
        var env = new Dictionary<string, string> { ["HF_HOME"] = "/h", ["HF_HUB_OFFLINE"] = "1", ["HF_TOKEN"] = "t", ["HF_ENDPOINT"] = "http://127.0.0.1:9/" };
        var s = HubSettings.FromEnvironment(k => env.GetValueOrDefault(k));
        Assert.Equal(Path.Combine("/h", "hub"), s.CacheDir);
        Assert.True(s.Offline);
        Assert.Equal("t", s.Token);
        Assert.Equal("http://127.0.0.1:9/", s.Endpoint.ToString());
        env["HF_HUB_CACHE"] = "/c";
        env["HF_HUB_OFFLINE"] = "0";
        s = HubSettings.FromEnvironment(k => env.GetValueOrDefault(k));
        Assert.Equal("/c", s.CacheDir);
        Assert.False(s.Offline);
        s = HubSettings.FromEnvironment(_ => null);
        Assert.EndsWith(Path.Combine(".cache", "huggingface", "hub"), s.CacheDir);
        Assert.Equal("https://huggingface.co/", s.Endpoint.ToString());
    }

    [Theory]
    [InlineData("org/name", "org/name", "main")]
    [InlineData("org/name@v1.0", "org/name", "v1.0")]
    [InlineData("bert-base-uncased", "bert-base-uncased", "main")]
    public void Repo_references_parse(string text, string id, string revision)
    {
        var r = RepoReference.Parse(text);
        Assert.Equal((id, revision), (r.RepoId, r.Revision));
    }

    [Theory]
    [InlineData("org/../x")]
    [InlineData("a/b/c")]
    [InlineData("org/name@")]
    [InlineData("org--x/name")]
    public void Bad_repo_references_are_refused(string text) => Assert.Throws<ArgumentException>(() => RepoReference.Parse(text));
}
