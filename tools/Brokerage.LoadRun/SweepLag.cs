using System.Globalization;
using System.Text.RegularExpressions;

namespace Brokerage.LoadRun;

/// <summary>
/// The app's own brokerage_job_lag_seconds histogram, read from /metrics (this machine may read
/// it without signing in): how late each sweep acted on what fell due, by job.
/// </summary>
public sealed partial class SweepLag
{
    private readonly Dictionary<string, JobLag> _jobs;

    private SweepLag(Dictionary<string, JobLag> jobs) => _jobs = jobs;

    public IReadOnlyDictionary<string, JobLag> Jobs => _jobs;

    public static async Task<SweepLag> ReadAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var text = await client.GetStringAsync("/metrics", cancellationToken);
        var jobs = new Dictionary<string, JobLag>(StringComparer.Ordinal);
        foreach (var line in text.Split('\n'))
        {
            var match = Sample().Match(line);
            if (!match.Success)
            {
                continue;
            }

            var labels = Label().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            if (!labels.TryGetValue("brokerage_job", out var job))
            {
                continue;
            }

            var value = double.Parse(match.Groups["value"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
            var lag = jobs.TryGetValue(job, out var known) ? known : jobs[job] = new JobLag();
            switch (match.Groups["kind"].Value)
            {
                case "count":
                    lag.Count += value;
                    break;
                case "sum":
                    lag.Sum += value;
                    break;
                default:
                    var bound = labels["le"] == "+Inf" ? double.PositiveInfinity : double.Parse(labels["le"], NumberStyles.Float, CultureInfo.InvariantCulture);
                    lag.Buckets[bound] = lag.Buckets.GetValueOrDefault(bound) + value;
                    break;
            }
        }

        return new SweepLag(jobs);
    }

    /// <summary>What happened between an earlier reading and this one.</summary>
    public SweepLag Since(SweepLag earlier) => new(_jobs.ToDictionary(j => j.Key, j =>
    {
        var before = earlier._jobs.GetValueOrDefault(j.Key) ?? new JobLag();
        var lag = new JobLag { Count = j.Value.Count - before.Count, Sum = j.Value.Sum - before.Sum };
        foreach (var (bound, count) in j.Value.Buckets)
        {
            lag.Buckets[bound] = count - before.Buckets.GetValueOrDefault(bound);
        }

        return lag;
    }));

    [GeneratedRegex(@"^brokerage_job_lag_seconds_(?<kind>bucket|sum|count)\{(?<labels>[^}]*)\}\s+(?<value>\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex("([a-z_]+)=\"([^\"]*)\"")]
    private static partial Regex Label();
}

/// <summary>One job's lag: how many actions, their total lag, and the cumulative count at each bucket bound (seconds).</summary>
public sealed class JobLag
{
    public double Count { get; set; }
    public double Sum { get; set; }
    public SortedDictionary<double, double> Buckets { get; } = [];

    public double MeanSeconds => Count > 0 ? Sum / Count : 0;

    /// <summary>The smallest bucket bound every action's lag was within: the most late any action could have been.</summary>
    public double MaxBoundSeconds => Buckets.FirstOrDefault(b => b.Value >= Count && Count > 0, new(0, 0)).Key;

    /// <summary>The share of actions within <paramref name="seconds"/> (a bucket bound).</summary>
    public double ShareWithin(double seconds) => Count > 0 ? Buckets.GetValueOrDefault(seconds) / Count : 1;
}
