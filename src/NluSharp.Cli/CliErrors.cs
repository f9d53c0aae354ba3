// Turns the exceptions a user can cause (bad files, bad options) into one clear line and exit code 2,
// instead of a stack trace. Bugs (anything else) still surface with their stack trace.
namespace NluSharp.Cli;

internal static class CliErrors
{
    public static int Run(Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception e) when (IsUserError(e))
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }

    static bool IsUserError(Exception e) =>
        e is FormatException or InvalidDataException or FileNotFoundException or DirectoryNotFoundException
          or ArgumentException or UnauthorizedAccessException or NotSupportedException or IOException;
}
