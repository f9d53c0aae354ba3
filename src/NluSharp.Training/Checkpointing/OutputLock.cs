// The advisory lock that makes an output folder belong to one run at a time: a `.nlusharp.lock` file holding the owner's
// pid and process start time, created with CreateNew and deleted when the run ends. A lock whose pid is not alive, or
// is alive but started at another time (the pid was reused), is stale and taken over; a live owner makes the second run
// fail before any work with an IOException naming the folder and the owner's pid (exit code 2 in the CLI).
using System.Diagnostics;
using System.Globalization;

namespace NluSharp.Training.Checkpointing;

/// <summary>An acquired output-folder lock; <see cref="Dispose"/> releases it.</summary>
public sealed class OutputLock : IDisposable
{
    /// <summary>Lock file name inside the output folder (hidden, so it never counts as run output).</summary>
    public const string FileName = ".nlusharp.lock";

    readonly string path;
    readonly string content;
    bool released;

    OutputLock(string path, string content) => (this.path, this.content) = (path, content);

    /// <summary>
    /// Takes the lock of <paramref name="outputDir"/> (created if needed) for this process, taking over a stale lock.
    /// Throws <see cref="IOException"/> when another live run holds it.
    /// </summary>
    public static OutputLock Acquire(string outputDir)
    {
        Directory.CreateDirectory(outputDir);
        var path = Path.Combine(outputDir, FileName);
        var mine = Describe(Environment.ProcessId, StartTimeOf(Environment.ProcessId) ?? 0);
        for (int attempt = 0; attempt < 10; attempt++)
        {
            try
            {
                using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None))
                using (var writer = new StreamWriter(stream)) writer.Write(mine);
                return new OutputLock(path, mine);
            }
            catch (IOException) when (File.Exists(path)) { }

            string held;
            try { held = File.ReadAllText(path); }
            catch (FileNotFoundException) { continue; }   // released meanwhile
            if (Parse(held) is { } owner && IsAlive(owner.Pid, owner.StartTicks))
                throw new IOException($"output folder {outputDir} is in use by another run (pid {owner.Pid}); wait for it to finish or choose another --output");
            if (held.Length == 0 && File.GetLastWriteTimeUtc(path) > DateTime.UtcNow.AddSeconds(-5)) { Thread.Sleep(50); continue; }   // being written
            // Stale: move it aside under a unique name, then check that what was moved is what was judged stale (another
            // process may have taken it over in between); if not, put it back and look again.
            var aside = $"{path}.stale-{Environment.ProcessId}-{Guid.NewGuid():N}";
            try { File.Move(path, aside); }
            catch (FileNotFoundException) { continue; }
            if (File.ReadAllText(aside) != held)
            {
                try { File.Move(aside, path); } catch (IOException) { }
                continue;
            }
            File.Delete(aside);
        }
        throw new IOException($"output folder {outputDir}: could not take the lock {path}");
    }

    /// <summary>Deletes the lock file if it is still this run's.</summary>
    public void Dispose()
    {
        if (released) return;
        released = true;
        try { if (File.Exists(path) && File.ReadAllText(path) == content) File.Delete(path); }
        catch (IOException) { }
    }

    /// <summary>Lock file content: "pid start-time-ticks (UTC)"; ticks 0 when the start time could not be read.</summary>
    internal static string Describe(int pid, long startTicks) => string.Create(CultureInfo.InvariantCulture, $"{pid} {startTicks}\n");

    static (int Pid, long StartTicks)? Parse(string text)
    {
        var parts = text.Split(' ', '\n', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length >= 2 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var pid) && long.TryParse(parts[1], CultureInfo.InvariantCulture, out var ticks)
            ? (pid, ticks) : null;
    }

    /// <summary>Start time of a process (UTC ticks), or null when it does not exist or cannot be inspected.</summary>
    internal static long? StartTimeOf(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return process.HasExited ? null : process.StartTime.ToUniversalTime().Ticks;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception or NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Whether process <paramref name="pid"/> runs (with <paramref name="startTicks"/> as its start time, when given).</summary>
    /// <remarks>The start time is compared with a one-second tolerance: .NET derives it on Linux from the boot time, which it recomputes per call.</remarks>
    public static bool IsAlive(int pid, long? startTicks = null)
    {
        if (StartTimeOf(pid) is not long actual) return false;
        return startTicks is not long expected || expected == 0 || Math.Abs(actual - expected) < TimeSpan.TicksPerSecond;
    }
}
