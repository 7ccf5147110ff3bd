namespace Brokerage.Core.Tests;

/// <summary>The repository's real rule files (copied next to the tests) and scratch copies to break.</summary>
public static class RulesDirectory
{
    public static string Real => Path.Combine(AppContext.BaseDirectory, "rules");

    /// <summary>A private copy of the real rules, so a test can change one file.</summary>
    public static string Copy()
    {
        var target = Path.Combine(Path.GetTempPath(), "brokerage-rules-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(Real, "*.json", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(Real, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }
}
