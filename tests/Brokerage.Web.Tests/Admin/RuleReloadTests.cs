using System.Net;
using Brokerage.Core.Rules;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Admin;

public sealed class RuleReloadTests : IDisposable
{
    private const string InCountyPoints = "\"RuleName\": \"InCounty\",\n      \"Expression\": \"setting.InCounty\",\n      \"Actions\": { \"OnSuccess\": { \"Name\": \"OutputExpression\", \"Context\": { \"Expression\": \"5\" } } }";

    private readonly RulesCopy _rules = RulesDirectory.Copy();
    private readonly BrokerageWebFactory _factory;

    public RuleReloadTests()
    {
        _factory = new BrokerageWebFactory { RulesDirectory = _rules };
    }

    [Fact]
    public async Task ABrokenReload_KeepsTheLastGoodRulesRunning_AndSaysWhichFileRuleAndWhy()
    {
        var admin = await Browser.SignedInAsync(_factory, "admin@ambershire.example");
        var (_, before) = await admin.GetAsync("/admin/rules");
        var runningVersion = before.QuerySelector("[data-testid=running-version]")!.TextContent.Trim();
        Edit(RuleSet.ScoringFile, "setting.InCounty", "setting.InCountry");

        var refused = await admin.SubmitAsync("/admin/rules", []);

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await Browser.ParseAsync(refused);
        var error = page.QuerySelector(".govuk-error-summary")!.TextContent;
        Assert.Contains("scoring.json", error, StringComparison.Ordinal);
        Assert.Contains("InCounty", error, StringComparison.Ordinal);
        Assert.Contains("InCountry", error, StringComparison.Ordinal);
        Assert.Contains("still running", error, StringComparison.Ordinal);
        Assert.Equal(runningVersion, page.QuerySelector("[data-testid=running-version]")!.TextContent.Trim());

        // Matching goes on with the rules that were running, in-county points and all.
        var lines = await InCountyLinesAsync("CH-RELOAD-BAD");
        Assert.NotEmpty(lines);
        Assert.All(lines, points => Assert.Equal(5m, points));

        var health = await (await Browser.SignedInAsync(_factory, TestUsers.Admin)).Client.GetAsync("/health");
        Assert.Contains("still running", await health.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(1, await _factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == "RulesReloadRefused")));
    }

    [Fact]
    public async Task AGoodReload_TakesUpTheEditedRules_WithoutARestart()
    {
        var admin = await Browser.SignedInAsync(_factory, "admin@ambershire.example");
        Assert.All(await InCountyLinesAsync("CH-RELOAD-BEFORE"), points => Assert.Equal(5m, points));
        Edit(RuleSet.ScoringFile, InCountyPoints, InCountyPoints.Replace("\"5\"", "\"7\"", StringComparison.Ordinal));

        var reloaded = await admin.SubmitAsync("/admin/rules", []);

        Assert.Equal(HttpStatusCode.Redirect, reloaded.StatusCode);
        var (_, page) = await admin.GetAsync("/admin/rules");
        Assert.Contains("replaced by", page.QuerySelector("[data-testid=success-banner]")!.TextContent, StringComparison.Ordinal);
        var lines = await InCountyLinesAsync("CH-RELOAD-AFTER");
        Assert.NotEmpty(lines);
        Assert.All(lines, points => Assert.Equal(7m, points));
        Assert.Equal(1, await _factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == "RulesReloaded")));
    }

    /// <summary>The in-county points every eligible in-county setting got in a fresh matching run.</summary>
    private async Task<List<decimal>> InCountyLinesAsync(string child)
    {
        var run = await Scenario.MatchedAsync(_factory, child);
        return run.Candidates.SelectMany(c => c.ScoreLines).Where(l => l.Rule == "InCounty").Select(l => l.Points).ToList();
    }

    private void Edit(string file, string from, string to)
    {
        var path = Path.Combine(_rules, file);
        var text = File.ReadAllText(path);
        Assert.Contains(from, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(from, to, StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _factory.Dispose();
        _rules.Dispose();
    }
}
