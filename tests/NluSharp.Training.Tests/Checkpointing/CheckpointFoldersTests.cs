// checkpoint-N folders: atomic creation and replacement, discovery that ignores anything incomplete, rotation that
// keeps the last K plus the best, and --resume argument resolution.
using NluSharp.Training.Checkpointing;

namespace NluSharp.Training.Tests.Checkpointing;

public sealed class CheckpointFoldersTests : IDisposable
{
    readonly string dir = Directory.CreateTempSubdirectory("nlusharp-folders-").FullName;
    public void Dispose() => Directory.Delete(dir, recursive: true);

    string Make(long step, string content = "x") => CheckpointFolders.Create(dir, step, folder =>
    {
        File.WriteAllText(Path.Combine(folder, "payload.txt"), content);
        new TrainerState { GlobalStep = step }.Save(folder);
    });

    [Fact]
    public void CreateReplacesAnExistingFolderWhole()
    {
        Make(10, "old");
        var path = Make(10, "new");
        Assert.Equal("new", File.ReadAllText(Path.Combine(path, "payload.txt")));
        Assert.Single(Directory.GetDirectories(dir));
    }

    [Fact]
    public void AWriterThatForgetsTheMarkerIsRejectedAndLeavesNothing()
    {
        Assert.Throws<InvalidOperationException>(() => CheckpointFolders.Create(dir, 5, folder => File.WriteAllText(Path.Combine(folder, "a"), "")));
        Assert.Empty(Directory.GetDirectories(dir));
    }

    [Fact]
    public void LatestIgnoresIncompleteAndForeignFolders()
    {
        Make(2); Make(10);
        Directory.CreateDirectory(Path.Combine(dir, "checkpoint-99"));             // no trainer_state.json
        Directory.CreateDirectory(Path.Combine(dir, ".checkpoint-50.partial-2147483647-x")); // interrupted save
        Directory.CreateDirectory(Path.Combine(dir, "checkpoint-final"));           // not a step
        Assert.Equal([2L, 10L], CheckpointFolders.List(dir).Select(c => c.Step));   // numeric order, not "10" < "2"
        Assert.Equal(Path.Combine(dir, "checkpoint-10"), CheckpointFolders.Latest(dir));
        Assert.Equal(Path.Combine(dir, "checkpoint-2"), CheckpointFolders.Resolve(Path.Combine(dir, "checkpoint-2"), dir));
        Assert.Contains("not a complete checkpoint", Assert.Throws<InvalidDataException>(() => CheckpointFolders.Resolve(Path.Combine(dir, "checkpoint-99"), dir)).Message);
        Assert.Throws<DirectoryNotFoundException>(() => CheckpointFolders.Resolve(Path.Combine(dir, "nope"), dir));
        CheckpointFolders.RemoveInterrupted(dir);
        Assert.False(Directory.Exists(Path.Combine(dir, ".checkpoint-50.partial-2147483647-x")));
        Assert.True(Directory.Exists(Path.Combine(dir, "checkpoint-99")));             // not ours to delete
    }

    [Fact]
    public void RotationKeepsTheLastKPlusTheBest()
    {
        foreach (var s in new[] { 5, 10, 15, 20, 25 }) Make(s);
        CheckpointFolders.Rotate(dir, keepLast: 2, best: Path.Combine(dir, "checkpoint-10"));
        Assert.Equal([10L, 20L, 25L], CheckpointFolders.List(dir).Select(c => c.Step));
        CheckpointFolders.Rotate(dir, keepLast: 1, best: Path.Combine(dir, "checkpoint-25"));
        Assert.Equal([25L], CheckpointFolders.List(dir).Select(c => c.Step));
    }
}
