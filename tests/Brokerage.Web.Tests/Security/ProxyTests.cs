using System.Net;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Brokerage.Web.Tests.Security;

/// <summary>
/// Behind a proxy that ends TLS: the proxy's X-Forwarded-Proto and X-Forwarded-For are believed
/// only when the proxy is configured, and then the sign-in cookie is Secure and HSTS is sent.
/// (A test server has no client address, which ASP.NET Core treats as the first proxy.)
/// </summary>
public sealed class ProxyTests
{
    [Fact]
    public async Task BehindAConfiguredProxy_TheSignInCookieIsSecure_AndHstsIsSent()
    {
        using var factory = new BrokerageWebFactory
        {
            Environment = "Production",
            Settings = new Dictionary<string, string> { ["Brokerage:Proxy:KnownNetworks:0"] = "10.0.0.0/8" },
        };

        var (cookie, hsts) = await SignInThroughProxyAsync(factory);

        Assert.Contains("secure", cookie.Split(';').Select(p => p.Trim().ToLowerInvariant()));
        Assert.StartsWith("max-age=", hsts, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithNoProxyConfigured_ACallersOwnForwardedHeadersAreNotBelieved()
    {
        using var factory = new BrokerageWebFactory { Environment = "Production" };

        var (cookie, hsts) = await SignInThroughProxyAsync(factory);

        Assert.DoesNotContain("secure", cookie.Split(';').Select(p => p.Trim().ToLowerInvariant()));
        Assert.Null(hsts);
    }

    /// <summary>Signs the broker in over plain HTTP saying the client used HTTPS; the sign-in cookie and the HSTS header of a page.</summary>
    private static async Task<(string Cookie, string? Hsts)> SignInThroughProxyAsync(BrokerageWebFactory factory)
    {
        // HSTS is never sent to localhost, so the site has a name.
        var client = factory.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("http://brokerage.example/"), AllowAutoRedirect = false, HandleCookies = true });
        client.DefaultRequestHeaders.Add("X-Forwarded-Proto", "https");
        client.DefaultRequestHeaders.Add("X-Forwarded-For", "203.0.113.9");
        var browser = new Browser(client);

        var signedIn = await browser.SubmitAsync("/sign-in", new() { ["Email"] = TestUsers.Broker, ["Password"] = TestUsers.Password });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var cookie = signedIn.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("brokerage.auth=", StringComparison.Ordinal));
        var page = await client.GetAsync("/sign-in");
        return (cookie, page.Headers.TryGetValues("Strict-Transport-Security", out var values) ? values.Single() : null);
    }
}
