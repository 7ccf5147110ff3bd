using System.Globalization;

namespace Brokerage.LoadRun;

/// <summary>What to run against which Brokerage, from the command line.</summary>
public sealed record LoadRunOptions
{
    public const string Usage = """
        Usage: Brokerage.LoadRun --url http://127.0.0.1:PORT [options]

          --url URL              the running Brokerage (loopback only)
          --duration SECONDS     length of the measured phase (default 60)
          --rate PER_SECOND      provider answers started per second, open loop (default 200)
          --brokers N            broker sessions browsing and matching (default 50)
          --think-ms MS          mean pause between a broker's page views, 0 for none (default 500)
          --offer-share FRACTION answers that are offers rather than declines (default 0.3)
          --goal-p95-ms MS       the p95 every kind of request must stay under (default 300)
          --label TEXT           what the report calls the database (default SQLite)
          --report FILE          also write the Markdown report to FILE
          --seed N               seed for the choices the run makes (default 2026)
          --max-in-flight N      answers allowed in flight before arrivals are dropped (default 2000)
          --smtp-port PORT       run a fake mail server on this loopback port (the app's Email:Smtp:Port)
          --mail-stall SECONDS   with --smtp-port: the mail server hangs (takes connections, never
                                 answers) for the first SECONDS of the measured phase (default 0)
        """;

    public required Uri BaseUrl { get; init; }
    public int DurationSeconds { get; init; } = 60;
    public double Rate { get; init; } = 200;
    public int Brokers { get; init; } = 50;
    public int ThinkMilliseconds { get; init; } = 500;
    public double OfferShare { get; init; } = 0.3;
    public double GoalP95Milliseconds { get; init; } = 300;
    public string Label { get; init; } = "SQLite";
    public string? ReportPath { get; init; }
    public int Seed { get; init; } = 2026;
    public int MaxInFlight { get; init; } = 2000;
    public int? SmtpPort { get; init; }
    public int MailStallSeconds { get; init; }

    // The demo seed's credentials (src/Brokerage.Web/Infrastructure/Startup.cs).
    public string ApiKey { get; init; } = "brk_demo_case_management_key_0001";
    public string Password { get; init; } = "Brokerage-demo-2026";
    public IReadOnlyList<string> BrokerEmails { get; init; } = ["broker@ambershire.example", "broker2@ambershire.example"];
    public string AdminEmail { get; init; } = "admin@ambershire.example";

    /// <summary>Answers the generator will start: one referral each, so set-up sends at least this many.</summary>
    public int ScheduledAnswers => (int)Math.Round(Rate * DurationSeconds);

    /// <exception cref="ArgumentException">An option is missing, unknown or out of range; the message says which.</exception>
    public static LoadRunOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (!name.StartsWith("--", StringComparison.Ordinal) || i + 1 >= args.Count)
            {
                throw new ArgumentException($"Expected --option value, got '{name}'");
            }

            values[name[2..]] = args[++i];
        }

        string? Take(string name) => values.Remove(name, out var value) ? value : null;
        int Int(string name, int fallback, int min) =>
            Take(name) is not { } text ? fallback
            : int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min ? n
            : throw new ArgumentException($"--{name} must be a whole number of at least {min}");
        double Number(string name, double fallback, double min, double max) =>
            Take(name) is not { } text ? fallback
            : double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max ? n
            : throw new ArgumentException($"--{name} must be a number from {min} to {max}");

        var url = Take("url") ?? throw new ArgumentException("Give --url, the running Brokerage");
        if (!Uri.TryCreate(url, UriKind.Absolute, out var baseUrl) || !baseUrl.IsLoopback)
        {
            // Load is only ever sent to this machine.
            throw new ArgumentException("--url must be an absolute http URL on the loopback interface");
        }

        var options = new LoadRunOptions
        {
            BaseUrl = baseUrl,
            DurationSeconds = Int("duration", 60, 1),
            Rate = Number("rate", 200, 0.1, 10_000),
            Brokers = Int("brokers", 50, 0),
            ThinkMilliseconds = Int("think-ms", 500, 0),
            OfferShare = Number("offer-share", 0.3, 0, 1),
            GoalP95Milliseconds = Number("goal-p95-ms", 300, 1, 60_000),
            Label = Take("label") ?? "SQLite",
            ReportPath = Take("report"),
            Seed = Int("seed", 2026, 0),
            MaxInFlight = Int("max-in-flight", 2000, 1),
            SmtpPort = Take("smtp-port") is { } port ? int.Parse(port, NumberStyles.None, CultureInfo.InvariantCulture) : null,
            MailStallSeconds = Int("mail-stall", 0, 0),
        };
        if (options.MailStallSeconds > 0 && (options.SmtpPort is null || options.MailStallSeconds >= options.DurationSeconds))
        {
            throw new ArgumentException("--mail-stall needs --smtp-port, and must be shorter than --duration");
        }

        if (values.Count > 0)
        {
            throw new ArgumentException("Unknown option --" + string.Join(", --", values.Keys));
        }

        return options;
    }
}
