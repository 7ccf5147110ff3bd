using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Brokerage.LoadRun;

/// <summary>Sends one timed request and records it under its kind, with any error.</summary>
public static partial class Timed
{
    [GeneratedRegex("""govuk-error-summary__list">\s*<li>\s*(?:<a [^>]*>)?([^<]+)""")]
    private static partial Regex FirstError();

    /// <summary>
    /// Null when the request failed: a status other than <paramref name="expected"/>, a check
    /// that did not hold, or no answer at all (refused, or the client's timeout).
    /// </summary>
    public static async Task<PageResponse?> SendAsync(
        LatencyRecorder recorder, string kind, Func<Task<PageResponse>> send, HttpStatusCode expected, Func<PageResponse, bool>? check = null)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await send();
            var error = response.Status != expected ? Describe(response, expected)
                : check is not null && !check(response) ? $"HTTP {response.Code} but not the page expected (Location: {response.Location ?? "none"})"
                : null;
            recorder.Record(kind, response.Milliseconds, error);
            return error is null ? response : null;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            recorder.RecordFailure(kind, Stopwatch.GetElapsedTime(started).TotalMilliseconds, ex);
            return null;
        }
    }

    private static string Describe(PageResponse response, HttpStatusCode expected)
    {
        // A form shown again says why in its GOV.UK error summary.
        var why = FirstError().Match(response.Body) is { Success: true } m ? ": " + WebUtility.HtmlDecode(m.Groups[1].Value).Trim() : "";
        return $"HTTP {response.Code}, expected {(int)expected}{why}";
    }
}
