namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>A private copy of the repository's rules/ folder, for tests that change or break a file.</summary>
public static class TestRules
{
    public static string Copy()
    {
        var source = AppContext.BaseDirectory;
        while (!Directory.Exists(Path.Combine(source, "rules", "calendar")))
        {
            source = Path.GetDirectoryName(source) ?? throw new DirectoryNotFoundException("rules/ not found above " + AppContext.BaseDirectory);
        }

        source = Path.Combine(source, "rules");
        var target = Path.Combine(Path.GetTempPath(), "brokerage-rules-" + Guid.NewGuid().ToString("N"));
        foreach (var file in Directory.GetFiles(source, "*.json", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(target, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        return target;
    }
}
