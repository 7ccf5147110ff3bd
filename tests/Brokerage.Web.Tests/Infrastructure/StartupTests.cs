using Brokerage.Core.Rules;
using Microsoft.AspNetCore.Hosting;

namespace Brokerage.Web.Tests.Infrastructure;

public sealed class StartupTests
{
    [Fact]
    public void Startup_WithABrokenRuleFile_StopsAndNamesTheFileRuleAndReason()
    {
        var rules = Path.Combine(Path.GetTempPath(), "brokerage-broken-rules-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(rules);
        var shipped = Path.GetDirectoryName(typeof(StartupTests).Assembly.Location)!;
        var source = FindRules(shipped);
        foreach (var file in Directory.GetFiles(source, "*.json", SearchOption.AllDirectories))
        {
            var copy = Path.Combine(rules, Path.GetRelativePath(source, file));
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        var scoring = Path.Combine(rules, RuleSet.ScoringFile);
        File.WriteAllText(scoring, File.ReadAllText(scoring).Replace("setting.InCounty", "setting.InCountry", StringComparison.Ordinal));
        using var factory = new BrokenRulesFactory(rules);

        var error = Assert.Throws<RuleFileException>(() => factory.CreateClient());

        Assert.Equal(RuleSet.ScoringFile, error.File);
        Assert.Equal("InCounty", error.Rule);
        Assert.Contains("InCountry", error.Reason, StringComparison.Ordinal);
    }

    private static string FindRules(string start)
    {
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "rules");
            if (File.Exists(Path.Combine(candidate, RuleSet.EligibilityFile)))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException("rules/ not found above " + start);
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
