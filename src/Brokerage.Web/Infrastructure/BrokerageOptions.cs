namespace Brokerage.Web.Infrastructure;

public sealed class BrokerageOptions
{
    public const string Section = "Brokerage";

    /// <summary>Rule files; relative paths are taken from the app root.</summary>
    public string RulesDirectory { get; set; } = "rules";

    /// <summary>Seeds fictional demo data and logins. On by default only in Development.</summary>
    public bool? DemoData { get; set; }

    /// <summary>Runs background delivery of the outbox on this node.</summary>
    public bool RunJobs { get; set; } = true;

    public int OutboxPollSeconds { get; set; } = 15;
}
