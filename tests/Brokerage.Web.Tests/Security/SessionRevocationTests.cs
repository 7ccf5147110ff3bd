using System.Net;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Brokerage.Web.Tests.Security;

/// <summary>Signing out ends the session for good: a copy of the cookie is refused at its next request.</summary>
public sealed class SessionRevocationTests : IDisposable
{
    private readonly BrokerageWebFactory _factory = new();

    public void Dispose() => _factory.Dispose();

    [Fact]
    public async Task ACookieReplayedAfterSignOut_IsRefused_AsIsTheSameUsersSessionElsewhere()
    {
        var browser = Browser.For(_factory);
        var signedIn = await browser.SubmitAsync("/sign-in", new() { ["Email"] = TestUsers.Broker, ["Password"] = TestUsers.Password });
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("brokerage.auth=", StringComparison.Ordinal)).Split(';')[0];
        var elsewhere = await Browser.SignedInAsync(_factory, TestUsers.Broker);
        Assert.Equal(HttpStatusCode.OK, (await ReplayAsync(cookie)).StatusCode);

        await browser.SubmitAsync("/sign-out", new());

        var replayed = await ReplayAsync(cookie);
        Assert.Equal(HttpStatusCode.Redirect, replayed.StatusCode);
        Assert.StartsWith("/sign-in", replayed.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        var (other, _) = await elsewhere.GetAsync("/requests");
        Assert.StartsWith("/sign-in", other.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        // Signing in again works as before.
        var again = await Browser.SignedInAsync(_factory, TestUsers.Broker);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/requests")).Response.StatusCode);
    }

    private async Task<HttpResponseMessage> ReplayAsync(string cookie)
    {
        var client = _factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Get, "/requests");
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }
}
