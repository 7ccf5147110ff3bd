using System.Collections.Concurrent;

namespace Brokerage.LoadRun;

/// <summary>The kinds of request the run times, in the order the report lists them.</summary>
public static class Kinds
{
    public const string RequestList = "Broker: request list (GET /requests)";
    public const string RequestPage = "Broker: request page (GET /requests/{id})";
    public const string RunMatching = "Broker: run matching (POST /requests/{id}?handler=RunMatching)";
    public const string MatchingResults = "Broker: matching results (GET /requests/{id}/matching/{run})";
    public const string Offers = "Broker: offers (GET /requests/{id}/offers)";
    public const string Vacancies = "Broker: vacancies (GET /vacancies)";
    public const string ReferralForm = "Provider: referral form (GET /provider/referrals/{id})";
    public const string Answer = "Provider: answer (POST /provider/referrals/{id})";

    public static readonly IReadOnlyList<string> All = [RequestList, RequestPage, RunMatching, MatchingResults, Offers, Vacancies, ReferralForm, Answer];
}

/// <summary>Latency percentiles in milliseconds, nearest rank.</summary>
public sealed record LatencySummary(int Count, int Errors, double P50, double P95, double P99, double Max)
{
    public static LatencySummary Of(IReadOnlyList<double> latencies, int errors)
    {
        if (latencies.Count == 0)
        {
            return new LatencySummary(0, errors, 0, 0, 0, 0);
        }

        var sorted = latencies.Order().ToArray();
        double At(double percentile) => sorted[Math.Clamp((int)Math.Ceiling(percentile / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new LatencySummary(sorted.Length, errors, At(50), At(95), At(99), sorted[^1]);
    }
}

/// <summary>Every timed request's latency by kind, with its errors and a few examples of each.</summary>
public sealed class LatencyRecorder
{
    private const int ExamplesKept = 5;

    private readonly ConcurrentDictionary<string, Kind> _kinds = new();

    public void Record(string kind, double milliseconds, string? error = null)
    {
        var stats = _kinds.GetOrAdd(kind, _ => new Kind());
        lock (stats)
        {
            stats.Latencies.Add(milliseconds);
            if (error is not null)
            {
                stats.Errors++;
                if (stats.Examples.Count < ExamplesKept)
                {
                    stats.Examples.Add(error);
                }
            }
        }
    }

    /// <summary>A request that failed before it had a latency (refused, timed out): counted, not timed.</summary>
    public void RecordFailure(string kind, double milliseconds, Exception exception) =>
        Record(kind, milliseconds, exception.GetType().Name + ": " + exception.Message);

    public LatencySummary Summary(string kind)
    {
        if (!_kinds.TryGetValue(kind, out var stats))
        {
            return LatencySummary.Of([], 0);
        }

        lock (stats)
        {
            return LatencySummary.Of(stats.Latencies, stats.Errors);
        }
    }

    public LatencySummary Overall()
    {
        var all = new List<double>();
        var errors = 0;
        foreach (var stats in _kinds.Values)
        {
            lock (stats)
            {
                all.AddRange(stats.Latencies);
                errors += stats.Errors;
            }
        }

        return LatencySummary.Of(all, errors);
    }

    public IReadOnlyList<string> ErrorExamples(string kind)
    {
        if (!_kinds.TryGetValue(kind, out var stats))
        {
            return [];
        }

        lock (stats)
        {
            return [.. stats.Examples];
        }
    }

    private sealed class Kind
    {
        public List<double> Latencies { get; } = [];
        public int Errors { get; set; }
        public List<string> Examples { get; } = [];
    }
}
