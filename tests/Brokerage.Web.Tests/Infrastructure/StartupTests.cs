using Brokerage.Core.Rules;
using Microsoft.AspNetCore.Hosting;

namespace Brokerage.Web.Tests.Infrastructure;

public sealed class StartupTests
{
    [Fact]
    public void Startup_WithABrokenRuleFile_StopsAndNamesTheFileRuleAndReason()
    {
        using var rules = RulesDirectory.Copy();
        rules.Edit(RuleSet.ScoringFile, "setting.InCounty", "setting.InCountry");
        using var factory = new BrokenRulesFactory(rules);

        var error = Assert.Throws<RuleFileException>(() => factory.CreateClient());

        Assert.Equal(RuleSet.ScoringFile, error.File);
        Assert.Equal("InCounty", error.Rule);
        Assert.Contains("InCountry", error.Reason, StringComparison.Ordinal);
    }

    private sealed class BrokenRulesFactory(string rulesDirectory) : Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactory<Program>
    {
        private readonly TempFolder _folder = new("broken");

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseSetting("Brokerage:RulesDirectory", rulesDirectory);
            builder.UseSetting("ConnectionStrings:Brokerage", "Data Source=" + _folder.Combine("brokerage.db"));
            builder.UseSetting("Brokerage:RunJobs", "false");
        }

        protected override void Dispose(bool disposing)
        {
            base.Dispose(disposing);
            _folder.Dispose();
        }
    }
}
