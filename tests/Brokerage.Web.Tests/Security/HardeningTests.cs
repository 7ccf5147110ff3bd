using System.Net;
using System.Text.Json;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Security;

[Collection(SharedApp.Name)]
public sealed class HardeningTests(BrokerageWebFactory app)
{
    [Fact]
    public async Task Pages_CarryTheSecurityHeaders_WithNoInlineScriptAllowed()
    {
        var factory = app;

        var (response, _) = await Browser.For(factory).GetAsync("/sign-in");

        var policy = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    [Fact]
    public async Task SignIn_IsRateLimitedPerAddress_WithA429()
    {
        using var factory = new BrokerageWebFactory { Settings = new Dictionary<string, string> { ["Brokerage:RateLimits:SignInPerMinute"] = "3" } };
        var browser = Browser.For(factory);
        var responses = new List<HttpResponseMessage>();
        for (var i = 0; i < 4; i++)
        {
            responses.Add(await browser.SubmitAsync("/sign-in", new() { ["Email"] = TestUsers.Broker, ["Password"] = "wrong password " + i }));
        }

        // A wrong password is the form re-rendered with its error (400); the fourth try is not even read.
        Assert.Equal([HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests], responses.Select(r => r.StatusCode));
        // A person is told, on a GOV.UK page, to wait: not handed a JSON document.
        var page = await Browser.ParseAsync(responses[3]);
        Assert.Equal("Too many attempts", page.QuerySelector("h1")!.TextContent.Trim());
        Assert.Equal("60", responses[3].Headers.RetryAfter!.ToString());
    }

    [Fact]
    public async Task InvalidApiKeys_AreLimitedPerAddress_AndNeverUseUpTheCouncilKeysAllowance()
    {
        using var factory = new BrokerageWebFactory { Settings = new Dictionary<string, string>
        {
            ["Brokerage:RateLimits:ApiPerMinute"] = "5",
            ["Brokerage:RateLimits:ApiUnauthenticatedPerMinute"] = "3",
            ["Brokerage:Proxy:KnownNetworks:0"] = "10.0.0.0/8",
        } };
        const string councilKey = "brk_demo_case_management_key_0001";
        const string guesser = "203.0.113.66";

        // Guesses that share the council key's prefix, and guesses that change it.
        string[] guesses = [.. Enumerable.Range(0, 4).Select(i => councilKey[..20] + "guess" + i), .. Enumerable.Range(0, 4).Select(i => $"k{i}_" + councilKey)];
        var answers = new List<HttpStatusCode>();
        foreach (var guess in guesses)
        {
            answers.Add((await ApiClient(factory, guess, guesser).GetAsync("/api/v1/placement-requests/1")).StatusCode);
        }

        // Three refusals, then the address is told to slow down, whatever prefix it sends...
        Assert.Equal([HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized, HttpStatusCode.Unauthorized], answers.Take(3));
        Assert.All(answers.Skip(3), a => Assert.Equal(HttpStatusCode.TooManyRequests, a));
        // ...and even a right key from there is not looked up, so a lucky guess cannot be told from a wrong one.
        Assert.Equal(HttpStatusCode.TooManyRequests, (await ApiClient(factory, councilKey, guesser).GetAsync("/api/v1/placement-requests/1")).StatusCode);

        // The council's own system keeps its whole allowance.
        var council = ApiClient(factory, councilKey, "198.51.100.20");
        for (var i = 0; i < 5; i++)
        {
            Assert.NotEqual(HttpStatusCode.TooManyRequests, (await council.GetAsync("/api/v1/placement-requests/1")).StatusCode);
        }

        Assert.Equal(HttpStatusCode.TooManyRequests, (await council.GetAsync("/api/v1/placement-requests/1")).StatusCode);
    }

    private static HttpClient ApiClient(BrokerageWebFactory factory, string key, string address)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        client.DefaultRequestHeaders.Add("X-Forwarded-For", address);
        return client;
    }

    [Fact]
    public async Task Health_ReportsTheDatabaseRuleFilesAndJobServer()
    {
        var factory = app;
        var admin = await Browser.SignedInAsync(factory, TestUsers.Admin);

        var response = await admin.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("Healthy", json.RootElement.GetProperty("status").GetString());
        var checks = json.RootElement.GetProperty("checks");
        Assert.Equal("Healthy", checks.GetProperty("database").GetProperty("status").GetString());
        Assert.StartsWith("Rules version", checks.GetProperty("rule files").GetProperty("description").GetString(), StringComparison.Ordinal);
        Assert.Equal("Healthy", checks.GetProperty("job server").GetProperty("status").GetString());
    }

    [Fact]
    public async Task Health_SaysSoWhenARuleFileHasBrokenSinceStartUp()
    {
        using var rules = RulesDirectory.Copy();
        using var factory = new BrokerageWebFactory { RulesDirectory = rules };
        await factory.CreateClient().GetAsync("/health");

        await File.WriteAllTextAsync(Path.Combine(rules, "sla.json"), "{ not json");
        var admin = await Browser.SignedInAsync(factory, TestUsers.Admin);
        var response = await admin.Client.GetAsync("/health");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("sla.json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // Anyone else learns only that the service is unwell: no file names, versions or parser text.
        var anonymous = await factory.CreateClient().GetAsync("/health");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, anonymous.StatusCode);
        Assert.Equal("{\"status\":\"Unhealthy\"}", await anonymous.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Health_ComparesTheRuleFilesByTheirText_AndSaysWhenTheDiskDiffersFromTheRunningRules()
    {
        using var rules = RulesDirectory.Copy();
        using var factory = new BrokerageWebFactory { RulesDirectory = rules };
        var admin = await Browser.SignedInAsync(factory, TestUsers.Admin);
        var running = Core.Rules.RuleSet.VersionOf(rules);

        Assert.Equal($"Rules version {running}", await RuleFilesCheckAsync(admin));

        // A valid edit not yet reloaded is reported as waiting for a reload, on every call.
        rules.Edit(Core.Rules.RuleSet.SlaFile, "\"firstChaseAfterHours\": 4", "\"firstChaseAfterHours\": 3");
        var edited = Core.Rules.RuleSet.VersionOf(rules);
        Assert.NotEqual(running, edited);
        Assert.Equal($"Running {running}; the files on disk are {edited}: reload them at /admin/rules", await RuleFilesCheckAsync(admin));
        Assert.Equal($"Running {running}; the files on disk are {edited}: reload them at /admin/rules", await RuleFilesCheckAsync(admin));
    }

    private static async Task<string> RuleFilesCheckAsync(Browser admin)
    {
        using var json = JsonDocument.Parse(await admin.Client.GetStringAsync("/health"));
        return json.RootElement.GetProperty("checks").GetProperty("rule files").GetProperty("description").GetString()!;
    }
}
