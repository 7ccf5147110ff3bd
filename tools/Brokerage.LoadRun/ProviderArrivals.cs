using System.Diagnostics;
using System.Globalization;
using System.Net;

namespace Brokerage.LoadRun;

public enum AnswerOutcome
{
    /// <summary>The generator never got to it, or dropped it with too many answers in flight.</summary>
    NotStarted,

    /// <summary>The form was posted and the server redirected to the referral list: the answer was taken.</summary>
    Acknowledged,

    /// <summary>The form could not be read, so nothing was posted.</summary>
    FormFailed,

    /// <summary>The answer was posted but not acknowledged (an error, a re-shown form or no reply).</summary>
    AnswerFailed,
}

/// <summary>
/// Providers answering referrals as an open loop: answer i starts at i / rate seconds whether or
/// not earlier answers have finished, so a slow server shows as latency rather than as a lower
/// rate. Each answer is the referral form (GET) and the answer (POST) in the provider's session.
/// </summary>
public sealed class ProviderArrivals(Fixture fixture, LatencyRecorder recorder, LoadRunOptions options)
{
    /// <summary>An answer starting later than this has not been sent at the rate asked for.</summary>
    public const double LateMilliseconds = 1000;

    private readonly List<double> _startLags = [];
    private readonly List<double> _arrivalToAcknowledged = [];
    private int _inFlight;
    private int _dropped;

    public AnswerOutcome[] Outcomes { get; } = new AnswerOutcome[fixture.Answers.Count];
    public int Scheduled { get; private set; }
    public int Dropped => _dropped;
    public int Late => _startLags.Count(l => l > LateMilliseconds);
    public LatencySummary StartLag => LatencySummary.Of(_startLags, 0);

    /// <summary>From the moment the answer was due to start until its POST was acknowledged.</summary>
    public LatencySummary ArrivalToAcknowledged
    {
        get
        {
            lock (_arrivalToAcknowledged)
            {
                return LatencySummary.Of(_arrivalToAcknowledged, 0);
            }
        }
    }

    public int Count(AnswerOutcome outcome) => Outcomes.Count(o => o == outcome);

    /// <summary>Starts every answer due in the window from <paramref name="start"/>, then waits for them all.</summary>
    public async Task RunAsync(long start)
    {
        Scheduled = Math.Min(options.ScheduledAnswers, fixture.Answers.Count);
        var interval = 1000.0 / options.Rate;
        var running = new List<Task>(Scheduled);
        var availableFrom = DateOnly.FromDateTime(DateTime.UtcNow.AddDays(14));
        var next = 0;
        while (next < Scheduled)
        {
            var now = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            for (; next < Scheduled && next * interval <= now; next++)
            {
                var due = next * interval;
                _startLags.Add(now - due);
                if (Volatile.Read(ref _inFlight) >= options.MaxInFlight)
                {
                    Interlocked.Increment(ref _dropped);
                    continue;
                }

                Interlocked.Increment(ref _inFlight);
                var index = next;
                var dueAt = start + (long)(due * Stopwatch.Frequency / 1000);
                running.Add(Task.Run(() => AnswerAsync(index, dueAt, availableFrom)));
            }

            await Task.Delay(1);
        }

        await Task.WhenAll(running);
    }

    private async Task AnswerAsync(int index, long dueAt, DateOnly availableFrom)
    {
        try
        {
            var answer = fixture.Answers[index];
            var session = fixture.Providers[answer.ProviderName];
            var form = await Timed.SendAsync(recorder, Kinds.ReferralForm, () => session.GetAsync(answer.Path, CancellationToken.None), HttpStatusCode.OK, r => r.FormToken is not null);
            if (form?.FormToken is not { } token)
            {
                Outcomes[index] = AnswerOutcome.FormFailed;
                return;
            }

            var posted = await Timed.SendAsync(recorder, Kinds.Answer, () => session.PostFormAsync(answer.Path, Fields(answer, token, availableFrom), CancellationToken.None),
                HttpStatusCode.Redirect, r => r.Location == "/provider/referrals");
            Outcomes[index] = posted is null ? AnswerOutcome.AnswerFailed : AnswerOutcome.Acknowledged;
            if (posted is not null)
            {
                lock (_arrivalToAcknowledged)
                {
                    _arrivalToAcknowledged.Add(Stopwatch.GetElapsedTime(dueAt).TotalMilliseconds);
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    /// <summary>Every field of the form, filled in as a provider would for an offer or a decline.</summary>
    internal static List<KeyValuePair<string, string>> Fields(PlannedAnswer answer, string token, DateOnly availableFrom)
    {
        string Text(int n) => n.ToString(CultureInfo.InvariantCulture);
        return
        [
            new(BrowserSession.TokenField, token),
            new("Answer", answer.Offer ? "offer" : "decline"),
            new("AvailableFrom.Day", answer.Offer ? Text(availableFrom.Day) : ""),
            new("AvailableFrom.Month", answer.Offer ? Text(availableFrom.Month) : ""),
            new("AvailableFrom.Year", answer.Offer ? Text(availableFrom.Year) : ""),
            new("WeeklyCost", answer.Offer ? answer.WeeklyCost.ToString("0.00", CultureInfo.InvariantCulture) : ""),
            new("Conditions", ""),
            new("DeclineReason", answer.Offer ? "" : answer.DeclineReason),
            new("Details", answer.Offer ? "" : "Sent by the load run"),
        ];
    }
}
