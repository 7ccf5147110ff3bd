namespace Brokerage.Core.Rules;

/// <summary>A rule file that cannot be used, naming the file, the rule (where one is at fault) and why.</summary>
public sealed class RuleFileException(string file, string? rule, string reason)
    : Exception(rule is null ? $"Rule file {file}: {reason}" : $"Rule file {file}, rule {rule}: {reason}")
{
    public string File { get; } = file;
    public string? Rule { get; } = rule;
    public string Reason { get; } = reason;
}
