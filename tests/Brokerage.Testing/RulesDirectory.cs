namespace Brokerage.Testing;

/// <summary>The repository's real rule files, and private copies of them for tests that change or break one.</summary>
public static class RulesDirectory
{
    /// <summary>
    /// The nearest rules/ folder above the tests: the copy a test project puts beside its build, or
    /// the repository's own.
    /// </summary>
    public static string Real { get; } = Find();

    /// <summary>A private copy of every rule file, deleted when disposed.</summary>
    public static RulesCopy Copy() => new(Real);

    private static string Find()
    {
        for (var directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (Directory.Exists(Path.Combine(directory, "rules", "calendar")))
            {
                return Path.Combine(directory, "rules");
            }
        }

        throw new DirectoryNotFoundException("rules/ not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>A private copy of the rule files, in a folder of its own that goes when the copy is disposed.</summary>
public sealed class RulesCopy : IDisposable
{
    private readonly TempFolder _folder = new("rules");

    internal RulesCopy(string source)
    {
        foreach (var file in Directory.GetFiles(source, "*.json", SearchOption.AllDirectories))
        {
            var copy = _folder.Combine(System.IO.Path.GetRelativePath(source, file));
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }
    }

    public string Path => _folder.Path;

    /// <summary>So that code written when a copy was only its path (a string) reads the same.</summary>
    public static implicit operator string(RulesCopy copy) => copy.Path;

    /// <summary>
    /// Replaces text in one rule file (a path relative to the rules folder), and fails if the text is
    /// not there: an edit that silently changes nothing would leave the test proving nothing.
    /// </summary>
    public void Edit(string file, string find, string replace)
    {
        var path = _folder.Combine(file);
        var text = File.ReadAllText(path);
        if (!text.Contains(find, StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"{file} does not contain {find}");
        }

        File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));
    }

    public void Dispose() => _folder.Dispose();
}
