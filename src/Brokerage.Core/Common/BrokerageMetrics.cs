using System.Diagnostics.Metrics;
using Brokerage.Core.Domain;

namespace Brokerage.Core.Common;

/// <summary>
/// The "Brokerage" meter: how long matching takes, how late the sweeps act on what fell due,
/// and how many referrals go out and come back. Tags are a handful of fixed words (urgency,
/// job, outcome), never an id, a name or anything else that could single out a child or a
/// person, and they keep the number of series small.
/// </summary>
public sealed class BrokerageMetrics
{
    public const string MeterName = "Brokerage";

    public static class Jobs
    {
        public const string ReferralDeadlines = "referral-deadlines";
        public const string SearchEscalation = "search-escalation";
        public const string OutboxDelivery = "outbox-delivery";
    }

    private readonly Histogram<double> _matchingDuration;
    private readonly Histogram<double> _jobLag;
    private readonly Histogram<double> _outboxAge;
    private readonly Counter<long> _referralsSent;
    private readonly Counter<long> _providerResponses;

    public BrokerageMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        // Milliseconds, as each matching run already records and shows them; the target is well under a second.
        _matchingDuration = meter.CreateHistogram(
            "brokerage.matching.duration", "ms", "Time to check and rank every setting for one placement request",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 10, 25, 50, 100, 250, 500, 1_000, 2_500, 5_000, 10_000] });
        // Sweeps run every minute or five, so anything much over five minutes means a sweep is not running.
        _jobLag = meter.CreateHistogram(
            "brokerage.job.lag", "s", "How long after an item fell due a sweep dealt with it",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1_800, 3_600, 14_400, 86_400] });
        _outboxAge = meter.CreateHistogram(
            "brokerage.outbox.message.age", "s", "Time from an email being queued to its delivery, retries included",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 5, 15, 30, 60, 120, 300, 600, 1_800, 3_600, 14_400, 86_400] });
        _referralsSent = meter.CreateCounter<long>("brokerage.referrals.sent", "{referral}", "Referrals sent to providers");
        _providerResponses = meter.CreateCounter<long>("brokerage.provider.responses", "{response}", "Providers' answers to referrals");
    }

    public void MatchingRan(Urgency urgency, TimeSpan elapsed) =>
        _matchingDuration.Record(elapsed.TotalMilliseconds, new KeyValuePair<string, object?>("brokerage.urgency", urgency.ToString()));

    /// <summary>A sweep acted on an item due at <paramref name="dueAt"/>.</summary>
    public void SweepActed(string job, string action, DateTime dueAt, DateTime now) =>
        _jobLag.Record(Math.Max(0, (now - dueAt).TotalSeconds), new KeyValuePair<string, object?>("brokerage.job", job), new KeyValuePair<string, object?>("brokerage.action", action));

    public void OutboxDelivered(DateTime queuedAt, DateTime sentAt) =>
        _outboxAge.Record(Math.Max(0, (sentAt - queuedAt).TotalSeconds));

    public void ReferralsSent(Urgency urgency, int count) =>
        _referralsSent.Add(count, new KeyValuePair<string, object?>("brokerage.urgency", urgency.ToString()));

    public void ProviderResponded(Urgency urgency, string outcome) =>
        _providerResponses.Add(1, new KeyValuePair<string, object?>("brokerage.urgency", urgency.ToString()), new KeyValuePair<string, object?>("brokerage.outcome", outcome));
}
