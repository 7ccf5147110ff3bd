using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;

namespace Brokerage.LoadRun;

/// <summary>A page response as a browser sees it, with how long it took including the body.</summary>
public sealed record PageResponse(HttpStatusCode Status, string Body, string? Location, double Milliseconds)
{
    public int Code => (int)Status;

    /// <summary>The antiforgery token of the page's form, as a browser would post it back.</summary>
    public string? FormToken => BrowserSession.TokenPattern().Match(Body) is { Success: true } m ? m.Groups[1].Value : null;
}

/// <summary>
/// One signed-in person: their own cookies (sign-in, antiforgery, TempData) over a connection
/// pool shared with everyone else. Redirects are not followed, so a form post is timed on its own
/// and its 302 is what says it was accepted.
/// </summary>
public sealed partial class BrowserSession(HttpClient http, Uri baseUrl, string email)
{
    public const string TokenField = "__RequestVerificationToken";

    private readonly CookieContainer _cookies = new();

    public string Email => email;

    [GeneratedRegex(@"name=""__RequestVerificationToken"" type=""hidden"" value=""([^""]+)""")]
    internal static partial Regex TokenPattern();

    public Task<PageResponse> GetAsync(string path, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Get, path, null, cancellationToken);

    public Task<PageResponse> PostFormAsync(string path, IEnumerable<KeyValuePair<string, string>> form, CancellationToken cancellationToken) =>
        SendAsync(HttpMethod.Post, path, form, cancellationToken);

    /// <summary>Signs in through the real form: GET for the antiforgery cookie and token, then POST.</summary>
    public async Task SignInAsync(string password, CancellationToken cancellationToken)
    {
        var form = await GetAsync("/sign-in", cancellationToken);
        var token = form.FormToken ?? throw new InvalidOperationException($"The sign-in page answered {form.Code} without a form");
        var posted = await PostFormAsync("/sign-in", [new(TokenField, token), new("Email", email), new("Password", password)], cancellationToken);
        if (posted.Status != HttpStatusCode.Redirect)
        {
            throw new InvalidOperationException($"Could not sign in as {email}: the form answered {posted.Code} (are the demo logins seeded, and is Brokerage:RateLimits:SignInPerMinute raised?)");
        }
    }

    private async Task<PageResponse> SendAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? form, CancellationToken cancellationToken)
    {
        var uri = new Uri(baseUrl, path);
        using var request = new HttpRequestMessage(method, uri);
        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }

        var cookie = _cookies.GetCookieHeader(uri);
        if (cookie.Length > 0)
        {
            request.Headers.Add("Cookie", cookie);
        }

        var started = Stopwatch.GetTimestamp();
        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
        {
            foreach (var setCookie in setCookies)
            {
                _cookies.SetCookies(uri, setCookie);
            }
        }

        return new PageResponse(response.StatusCode, body, response.Headers.Location?.OriginalString, elapsed);
    }
}
