using Brokerage.Core.Rules;
using Microsoft.AspNetCore.Hosting;

namespace Brokerage.Web.Tests.Infrastructure;

public sealed class StartupTests
{
    [Fact]
    public void Startup_WithABrokenRuleFile_StopsAndNamesTheFileRuleAndReason()
    {
        var rules = TestRules.Copy();
        var scoring = Path.Combine(rules, RuleSet.ScoringFile);
        File.WriteAllText(scoring, File.ReadAllText(scoring).Replace("setting.InCounty", "setting.InCountry", StringComparison.Ordinal));
        using var factory = new BrokenRulesFactory(rules);

        var error = Assert.Throws<RuleFileException>(() => factory.CreateClient());

        Assert.Equal(RuleSet.ScoringFile, error.File);
        Assert.Equal("InCounty", error.Rule);
        Assert.Contains("InCountry", error.Reason, StringComparison.Ordinal);
    }

    private sealed class BrokenRulesFactory(string rulesDirectory) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        private readonly string _database = Path.Combine(Path.GetTempPath(), "brokerage-broken-" + Guid.NewGuid().ToString("N") + ".db");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Brokerage:RulesDirectory", rulesDirectory);
            builder.UseSetting("ConnectionStrings:Brokerage", "Data Source=" + _database);
            builder.UseSetting("Brokerage:RunJobs", "false");
        }
    }
}
