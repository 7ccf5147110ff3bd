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

    public ObservabilityOptions Observability { get; set; } = new();

    public ProxyOptions Proxy { get; set; } = new();

    public FirstAdminOptions FirstAdmin { get; set; } = new();
}

/// <summary>The person invited as admin while no admin can sign in: a new council's way in.</summary>
public sealed class FirstAdminOptions
{
    public string? Email { get; set; }

    public string Name { get; set; } = "Brokerage admin";
}

/// <summary>
/// The reverse proxies (a load balancer, nginx) in front of the app, whose X-Forwarded-For and
/// X-Forwarded-Proto headers are believed: the client's address for rate limits and lock-outs,
/// and HTTPS for the Secure cookie flag and HSTS when the proxy ends TLS. None by default, so no
/// caller can claim another address by sending the headers itself.
/// </summary>
public sealed class ProxyOptions
{
    /// <summary>Proxy addresses, such as 10.0.0.5.</summary>
    public IReadOnlyList<string> KnownProxies { get; set; } = [];

    /// <summary>Proxy address ranges, such as 10.0.0.0/24.</summary>
    public IReadOnlyList<string> KnownNetworks { get; set; } = [];

    /// <summary>How many proxies in a row the request passes through (the entries of X-Forwarded-For read from the right).</summary>
    public int ForwardLimit { get; set; } = 1;

    public bool IsConfigured => KnownProxies.Count > 0 || KnownNetworks.Count > 0;
}

public sealed class SecurityOptions
{
    /// <summary>
    /// Roles whose users must sign in with an authenticator app. Until they set one up, every
    /// page sends them to /account/two-factor. Empty: two-factor sign-in is optional for everyone.
    /// </summary>
    public IReadOnlyList<string> RequireTwoFactorForRoles { get; set; } = [];

    /// <summary>A certificate that encrypts the data-protection keys kept in the database; none leaves them readable there.</summary>
    public KeyCertificateOptions KeyCertificate { get; set; } = new();
}

public sealed class KeyCertificateOptions
{
    /// <summary>A PKCS#12 (.pfx) file with its private key, relative to the app's root folder or absolute.</summary>
    public string? Path { get; set; }

    public string? Password { get; set; }

    /// <summary>Certificates used before this one, kept so that keys they encrypted can still be read after a renewal.</summary>
    public IReadOnlyList<KeyCertificateFile> Previous { get; set; } = [];
}

public sealed class KeyCertificateFile
{
    public string? Path { get; set; }

    public string? Password { get; set; }
}

public enum LogFormat
{
    /// <summary>Compact JSON, one event per line, for a log collector.</summary>
    Json,

    /// <summary>One readable line per event, for a person at a terminal.</summary>
    Text,
}

/// <summary>Logs and metrics. Minimum log levels are Serilog's own <c>Serilog:MinimumLevel</c> section.</summary>
public sealed class ObservabilityOptions
{
    /// <summary>How the console log is written. Not set: text in Development, JSON everywhere else.</summary>
    public LogFormat? LogFormat { get; set; }

    /// <summary>
    /// Client addresses (CIDR ranges) that may read <c>/metrics</c> without signing in, e.g. the
    /// Prometheus server's. Not set: this machine only. Signed-in admins may always read it.
    /// </summary>
    // Null rather than a default list: the configuration binder adds to a list it finds, so a
    // configured list could never drop the default.
    public string[]? MetricsAllowedNetworks { get; set; }
}

/// <summary>Cron schedules (Europe/London) for the recurring sweeps.</summary>
public sealed class JobSchedules
{
    public string DeadlineSweepCron { get; set; } = "* * * * *";
    public string HoldSweepCron { get; set; } = "*/5 * * * *";
    public string OutboxCron { get; set; } = "* * * * *";

    /// <summary>When settings' arrangements today are brought up to date with contracts that started or ended.</summary>
    public string ContractCalendarCron { get; set; } = "1 * * * *";

    /// <summary>
    /// How often an idle Hangfire worker asks PostgreSQL for queued jobs (seconds). Unused on
    /// SQLite, where the queue is in memory and wakes workers at once.
    /// </summary>
    public int QueuePollSeconds { get; set; } = 5;

    /// <summary>
    /// /health reports Degraded when a deadline sweep has not finished for this long (on any node).
    /// Longer than the slowest sweep's schedule (holds: every 5 minutes).
    /// </summary>
    public int HealthSweepLateMinutes { get; set; } = 15;

    /// <summary>The weekly Placements Planning Forum digest: Monday 09:00.</summary>
    public string PlanningForumDigestCron { get; set; } = "0 9 * * 1";
}
