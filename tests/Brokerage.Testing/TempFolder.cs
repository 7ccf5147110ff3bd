namespace Brokerage.Testing;

/// <summary>
/// A folder of the test's own in the system's temporary folder, deleted with everything in it when
/// disposed. Named brokerage-{purpose}-{random}, so that one left behind says which test made it.
/// </summary>
public sealed class TempFolder : IDisposable
{
    public TempFolder(string purpose)
    {
        Path = Directory.CreateTempSubdirectory($"brokerage-{purpose}-").FullName;
    }

    public string Path { get; }

    /// <summary>A path inside the folder.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose() => Delete(Path);

    /// <summary>
    /// Deletes a folder and everything in it. An app that has only just stopped may still be writing
    /// a file (a mail, a log), so a failed attempt is tried again; one that still fails is reported,
    /// not thrown, so that it never hides the test's own result.
    /// </summary>
    public static void Delete(string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
            {
                if (attempt == 5)
                {
                    Console.Error.WriteLine($"Temporary folder {path} left behind: {exception.Message}");
                    return;
                }

                Thread.Sleep(100 * attempt);
            }
        }
    }
}
