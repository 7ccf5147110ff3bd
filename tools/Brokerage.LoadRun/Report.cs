using System.Globalization;
using System.Text;

namespace Brokerage.LoadRun;

/// <summary>The run's figures as Markdown docs/performance.md can take, and the verdict against the goal.</summary>
public sealed class Report(LoadRunOptions options, Fixture fixture, LatencyRecorder recorder, ProviderArrivals arrivals, IReadOnlyList<BrokerLoop> brokers, VerificationResult verification, TimeSpan elapsed, MailStallResult? stall = null)
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public bool GeneratorFellBehind => arrivals.Dropped > 0 || arrivals.Late > 0;

    /// <summary>Why the goal was missed; empty when it was met.</summary>
    public IReadOnlyList<string> Misses()
    {
        var misses = new List<string>();
        var overall = recorder.Overall();
        if (overall.Errors > 0)
        {
            misses.Add($"{overall.Errors:N0} errors");
        }

        foreach (var kind in Kinds.All)
        {
            var summary = recorder.Summary(kind);
            if (summary.Count > 0 && summary.P95 >= options.GoalP95Milliseconds)
            {
                misses.Add($"p95 {summary.P95:N0} ms for {ShortName(kind)}");
            }
        }

        if (overall.P95 >= options.GoalP95Milliseconds)
        {
            misses.Add($"p95 {overall.P95:N0} ms overall");
        }

        if (GeneratorFellBehind)
        {
            misses.Add($"the answer generator fell behind ({arrivals.Dropped:N0} dropped, {arrivals.Late:N0} over {ProviderArrivals.LateMilliseconds:N0} ms late)");
        }

        if (arrivals.Scheduled < options.ScheduledAnswers)
        {
            misses.Add($"only {arrivals.Scheduled:N0} of {options.ScheduledAnswers:N0} answers had a referral");
        }

        misses.AddRange(verification.Problems());
        if (stall is not null)
        {
            foreach (var job in SweepJobs)
            {
                // Cron runs the sweeps each minute: an item is dealt with at most one interval after it falls due.
                if (stall.DuringStall.Jobs.TryGetValue(job, out var lag) && lag.Count > 0 && lag.MeanSeconds >= SweepIntervalSeconds)
                {
                    misses.Add($"{job} lagged {lag.MeanSeconds:N0} s on average while the mail server hung, over one sweep interval");
                }
            }
        }

        return misses;
    }

    public string Verdict()
    {
        var overall = recorder.Overall();
        var worst = Kinds.All.Select(k => (Kind: k, Summary: recorder.Summary(k))).Where(k => k.Summary.Count > 0).MaxBy(k => k.Summary.P95);
        var figures = string.Create(Invariant,
            $"p95 {overall.P95:N0} ms overall, worst {ShortName(worst.Kind)} {worst.Summary.P95:N0} ms; {overall.Errors:N0} errors; {verification.StoredAsSent:N0} of {verification.Acknowledged:N0} acknowledged answers stored exactly once");
        var misses = Misses();
        return misses.Count == 0
            ? $"VERDICT: PASS ({options.Label}) - goal met: {figures}"
            : $"VERDICT: FAIL ({options.Label}) - {string.Join("; ", misses)}. {figures}";
    }

    public string ToMarkdown()
    {
        var md = new StringBuilder();
        void Line(FormattableString text) => md.AppendLine(text.ToString(Invariant));

        Line($"### {options.Label}: {options.DurationSeconds} s, {options.Rate:0.#} answers/s, {fixture.Brokers.Count} brokers");
        Line($"");
        Line($"{DateTime.UtcNow:ddd d MMMM yyyy HH:mm} UTC, {Environment.ProcessorCount} cores, .NET {Environment.Version}. Set-up (not timed): {fixture.Requests.Count:N0} placement requests and {fixture.Answers.Count:N0} referrals through the API, {fixture.Providers.Count} provider and {fixture.Brokers.Count} broker sessions signed in through the sign-in form. Broker pause between page views: {options.ThinkMilliseconds} ms on average. Measured phase took {elapsed.TotalSeconds:N1} s including the requests still in flight at the end.");
        Line($"");
        Line($"| Request | Count | Errors | p50 (ms) | p95 (ms) | p99 (ms) | Max (ms) |");
        Line($"|---|---:|---:|---:|---:|---:|---:|");
        foreach (var kind in Kinds.All)
        {
            Row(md, kind, recorder.Summary(kind));
        }

        Row(md, "**All requests**", recorder.Overall());
        Line($"");

        var acknowledged = arrivals.Count(AnswerOutcome.Acknowledged);
        var lag = arrivals.StartLag;
        var e2e = arrivals.ArrivalToAcknowledged;
        Line($"| Provider answers (open loop) | |");
        Line($"|---|---:|");
        Line($"| Scheduled | {arrivals.Scheduled:N0} at {options.Rate:0.#}/s |");
        Line($"| Acknowledged (302 to the referral list) | {acknowledged:N0} ({acknowledged / (double)options.DurationSeconds:N1}/s) |");
        Line($"| Failed: form / answer | {arrivals.Count(AnswerOutcome.FormFailed):N0} / {arrivals.Count(AnswerOutcome.AnswerFailed):N0} |");
        Line($"| Generator fell behind | {(GeneratorFellBehind ? "yes" : "no")}: {arrivals.Dropped:N0} dropped, {arrivals.Late:N0} started over {ProviderArrivals.LateMilliseconds:N0} ms late; start lag p99 {lag.P99:N1} ms, max {lag.Max:N1} ms |");
        Line($"| Due to acknowledged (form + answer) p50 / p95 / p99 | {e2e.P50:N0} / {e2e.P95:N0} / {e2e.P99:N0} ms |");
        Line($"| Broker visits (list, request, matching, results, offers or vacancies) | {brokers.Sum(b => b.Visits):N0} |");
        Line($"");
        Line($"| Stored exactly once (checked over the API and the audit export) | |");
        Line($"|---|---:|");
        Line($"| Acknowledged answers stored as sent | {verification.StoredAsSent:N0} of {verification.Acknowledged:N0} |");
        Line($"| Acknowledged but lost or stored differently | {verification.Lost:N0} |");
        Line($"| Stored although the POST failed | {verification.StoredForFailedPost:N0} |");
        Line($"| Stored although never posted | {verification.StoredWithoutPost:N0} |");
        Line($"| Audit events duplicated / missing | {verification.DuplicatedAuditEvents:N0} / {verification.MissingAuditEvents:N0} |");

        if (stall is not null)
        {
            Line($"");
            Line($"Mail server hung (took connections, never answered) for the first {stall.StallSeconds} s of the measured phase. Sweep lag from the app's `brokerage_job_lag_seconds`:");
            Line($"");
            Line($"| Job | While hung: actions | mean lag (s) | within 60 s | all within (s) | After: actions | mean lag (s) | within 60 s |");
            Line($"|---|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var job in SweepJobs.Append("outbox-delivery"))
            {
                var during = stall.DuringStall.Jobs.GetValueOrDefault(job) ?? new JobLag();
                var after = stall.AfterStall.Jobs.GetValueOrDefault(job) ?? new JobLag();
                Line($"| {job} | {during.Count:N0} | {during.MeanSeconds:N1} | {during.ShareWithin(60):P0} | {(during.Count > 0 ? $"≤ {during.MaxBoundSeconds:N0}" : "-")} | {after.Count:N0} | {after.MeanSeconds:N1} | {after.ShareWithin(60):P0} |");
            }

            Line($"");
            Line($"| Email | |");
            Line($"|---|---:|");
            Line($"| Connections held in silence | {stall.StalledConnections:N0} |");
            Line($"| /health at the end of the stall | {stall.HealthDuringStall}: outbox {stall.OutboxDuringStall} |");
            Line($"| Messages the mail server accepted in the whole run | {stall.Delivered:N0} |");
            Line($"| Outbox empty after recovery | {(stall.DrainedSecondsAfterRecovery is { } s ? $"{s:N0} s" : "not within 15 minutes")} |");
        }

        var errors = Kinds.All.SelectMany(k => recorder.ErrorExamples(k).Select(e => $"- {ShortName(k)}: {e}")).Concat(verification.Examples.Select(e => "- " + e)).ToList();
        if (errors.Count > 0)
        {
            Line($"");
            Line($"Examples of what went wrong:");
            Line($"");
            foreach (var error in errors)
            {
                md.AppendLine(error);
            }
        }

        return md.ToString();
    }

    private static readonly string[] SweepJobs = ["referral-deadlines", "search-escalation"];
    private const double SweepIntervalSeconds = 60;

    private static void Row(StringBuilder md, string name, LatencySummary s) =>
        md.AppendLine(string.Create(Invariant, $"| {name} | {s.Count:N0} | {s.Errors:N0} | {s.P50:N1} | {s.P95:N1} | {s.P99:N1} | {s.Max:N1} |"));

    private static string ShortName(string kind) => kind[..kind.IndexOf(" (", StringComparison.Ordinal)];
}
