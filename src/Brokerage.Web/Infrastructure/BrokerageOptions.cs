namespace Brokerage.Web.Infrastructure;

public sealed class BrokerageOptions
{
    public const string Section = "Brokerage";

    /// <summary>Rule files; relative paths are taken from the app root.</summary>
    public string RulesDirectory { get; set; } = "rules";

    /// <summary>Seeds fictional demo data and logins. On by default only in Development.</summary>
    public bool? DemoData { get; set; }

    /// <summary>Years of closed historical requests the demo data adds, so the reports show something. 0 for none.</summary>
    public int DemoHistoryYears { get; set; } = 3;

    /// <summary>Runs a Hangfire server (the sweeps and outbox delivery) on this node.</summary>
    public bool RunJobs { get; set; } = true;

    public JobSchedules Jobs { get; set; } = new();

    public SecurityOptions Security { get; set; } = new();
}

public sealed class SecurityOptions
{
    /// <summary>
    /// Roles whose users must sign in with an authenticator app. Until they set one up, every
    /// page sends them to /account/two-factor. Empty: two-factor sign-in is optional for everyone.
    /// </summary>
    public IReadOnlyList<string> RequireTwoFactorForRoles { get; set; } = [];
}

/// <summary>Cron schedules (Europe/London) for the recurring sweeps.</summary>
public sealed class JobSchedules
{
    public string DeadlineSweepCron { get; set; } = "* * * * *";
    public string HoldSweepCron { get; set; } = "*/5 * * * *";
    public string OutboxCron { get; set; } = "* * * * *";

    /// <summary>
    /// How often an idle Hangfire worker asks PostgreSQL for queued jobs (seconds). Unused on
    /// SQLite, where the queue is in memory and wakes workers at once.
    /// </summary>
    public int QueuePollSeconds { get; set; } = 5;

    /// <summary>The weekly Placements Planning Forum digest: Monday 09:00.</summary>
    public string PlanningForumDigestCron { get; set; } = "0 9 * * 1";
}
