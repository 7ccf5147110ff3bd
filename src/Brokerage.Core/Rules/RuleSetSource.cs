namespace Brokerage.Core.Rules;

/// <summary>
/// The rules the app is running, and the way to take up edited rule files without a restart.
/// A reload checks the files completely first; if any is broken, the last good rules keep
/// running and the failure (file, rule and reason) is kept to be shown until a reload succeeds.
/// Each request or job takes <see cref="Current"/> once, so it works with one version throughout.
/// </summary>
public sealed class RuleSetSource
{
    private readonly string _directory;
    private readonly Lock _reloading = new();
    private volatile RuleSet _current;
    private volatile RuleReloadOutcome? _lastReload;

    /// <summary>Loads the rules at start-up: a broken file stops the app here, naming the file, rule and reason.</summary>
    public RuleSetSource(string directory)
    {
        _directory = directory;
        _current = RuleSet.Load(directory);
    }

    public RuleSet Current => _current;

    public string Directory => _directory;

    /// <summary>The last reload, if there has been one since start-up.</summary>
    public RuleReloadOutcome? LastReload => _lastReload;

    public RuleReloadOutcome Reload(DateTime now)
    {
        lock (_reloading)
        {
            var previous = _current.Version;
            try
            {
                _current = RuleSet.Load(_directory);
                _lastReload = new RuleReloadOutcome(now, previous, _current.Version, null);
            }
            catch (RuleFileException ex)
            {
                _lastReload = new RuleReloadOutcome(now, previous, previous, ex);
            }

            return _lastReload;
        }
    }
}

/// <summary>What a reload did: the version before and after, or the error that kept the old rules running.</summary>
public sealed record RuleReloadOutcome(DateTime At, string PreviousVersion, string RunningVersion, RuleFileException? Error)
{
    public bool Succeeded => Error is null;

    public string Summary => Error is null
        ? PreviousVersion == RunningVersion
            ? $"Rule files reloaded: unchanged (version {RunningVersion})"
            : $"Rule files reloaded: version {PreviousVersion} replaced by {RunningVersion}"
        : $"Rule files not reloaded — {Error.Message}. The last good rules (version {RunningVersion}) are still running";
}
