// Writes a user-visible output folder as a whole: filled as a hidden sibling, then renamed into place, so a failure or a
// kill leaves the old folder (or none), never a half-written one. Replacing an existing folder takes two renames (old
// aside, new in): a kill between them leaves the new folder as a hidden sibling and no folder at the name, never a mix.
namespace NluSharp.Checkpoints.IO;

/// <summary>Atomic folder creation and replacement.</summary>
public static class AtomicFolder
{
    /// <summary>
    /// Runs <paramref name="fill"/> on an empty temporary folder beside <paramref name="folder"/> and moves it into place.
    /// An existing folder is replaced when <paramref name="replaceExisting"/>, else the call fails with <see cref="IOException"/>.
    /// </summary>
    public static void Write(string folder, Action<string> fill, bool replaceExisting)
    {
        var full = Path.GetFullPath(folder);
        var parent = Path.GetDirectoryName(full)!;
        var name = Path.GetFileName(full);
        Directory.CreateDirectory(parent);
        var partial = Path.Combine(parent, $".{name}.partial-{Environment.ProcessId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(partial);
        try
        {
            fill(partial);
            if (!Directory.Exists(full)) { Directory.Move(partial, full); return; }
            if (!replaceExisting) throw new IOException($"{folder} already exists; choose a new folder (nothing there is overwritten)");
            var old = Path.Combine(parent, $".{name}.old-{Environment.ProcessId}-{Guid.NewGuid():N}");
            Directory.Move(full, old);
            Directory.Move(partial, full);
            Directory.Delete(old, true);
        }
        catch
        {
            if (Directory.Exists(partial)) Directory.Delete(partial, true);
            throw;
        }
    }
}
