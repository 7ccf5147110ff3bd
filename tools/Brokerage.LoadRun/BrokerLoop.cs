using System.Globalization;
using System.Net;

namespace Brokerage.LoadRun;

/// <summary>
/// One broker working the queue in a closed loop: the request list, one request, a matching run
/// through that page's own form, its results, then the request's offers or the vacancies.
/// Between page views the broker pauses for <see cref="LoadRunOptions.ThinkMilliseconds"/> on
/// average (drawn evenly from none to twice that), so 50 brokers do not click in step.
/// </summary>
public sealed class BrokerLoop(BrowserSession session, Fixture fixture, LatencyRecorder recorder, LoadRunOptions options, int seed)
{
    private readonly Random _random = new(seed);

    public int Visits { get; private set; }

    /// <summary>Starts no request once <paramref name="stop"/> fires; the one in flight still completes and is counted.</summary>
    public async Task RunAsync(CancellationToken stop)
    {
        try
        {
            // Brokers start as they go on, out of step, rather than all asking for the list at once.
            await PauseAsync(stop);
            while (true)
            {
                await VisitAsync(stop);
                Visits++;
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }

    /// <summary>One pass: list, request, matching, results, then offers or vacancies.</summary>
    public async Task VisitAsync(CancellationToken stop)
    {
        var request = "/requests/" + fixture.Requests[_random.Next(fixture.Requests.Count)].Id.ToString(CultureInfo.InvariantCulture);
        await StepAsync(Kinds.RequestList, () => session.GetAsync("/requests", CancellationToken.None), HttpStatusCode.OK, stop);
        var page = await StepAsync(Kinds.RequestPage, () => session.GetAsync(request, CancellationToken.None), HttpStatusCode.OK, stop, r => r.FormToken is not null);
        if (page?.FormToken is { } token)
        {
            // The matching page's own handler, as the "Run matching" button posts it; it redirects to the new run's results.
            var run = await StepAsync(Kinds.RunMatching,
                () => session.PostFormAsync(request + "?handler=RunMatching", [new(BrowserSession.TokenField, token)], CancellationToken.None),
                HttpStatusCode.Redirect, stop, r => r.Location?.StartsWith(request + "/matching/", StringComparison.Ordinal) == true);
            if (run?.Location is { } results)
            {
                await StepAsync(Kinds.MatchingResults, () => session.GetAsync(results, CancellationToken.None), HttpStatusCode.OK, stop);
            }
        }

        var (kind, path) = Visits % 2 == 0 ? (Kinds.Offers, request + "/offers") : (Kinds.Vacancies, "/vacancies");
        await StepAsync(kind, () => session.GetAsync(path, CancellationToken.None), HttpStatusCode.OK, stop);
    }

    private async Task<PageResponse?> StepAsync(string kind, Func<Task<PageResponse>> send, HttpStatusCode expected, CancellationToken stop, Func<PageResponse, bool>? check = null)
    {
        stop.ThrowIfCancellationRequested();
        var response = await Timed.SendAsync(recorder, kind, send, expected, check);
        await PauseAsync(stop);
        return response;
    }

    private Task PauseAsync(CancellationToken stop) =>
        options.ThinkMilliseconds > 0 ? Task.Delay(_random.Next(0, (2 * options.ThinkMilliseconds) + 1), stop) : Task.CompletedTask;
}
