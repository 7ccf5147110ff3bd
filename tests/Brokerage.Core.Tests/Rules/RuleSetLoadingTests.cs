using Brokerage.Core.Rules;

namespace Brokerage.Core.Tests.Rules;

public sealed class RuleSetLoadingTests
{
    [Fact]
    public void Load_TheShippedRules_Succeeds()
    {
        var rules = RuleSet.Load(RulesDirectory.Real);

        Assert.Matches("^[0-9a-f]{16}$", rules.Version);
    }

    [Fact]
    public void Version_ChangesWhenARuleFileChanges()
    {
        using var directory = RulesDirectory.Copy();
        var before = RuleSet.Load(directory).Version;
        var path = Path.Combine(directory, RuleSet.ScoringFile);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"40\"", "\"45\"", StringComparison.Ordinal));

        Assert.NotEqual(before, RuleSet.Load(directory).Version);
    }

    [Fact]
    public void Load_WithAnExpressionThatDoesNotCompile_NamesTheFileRuleAndReason()
    {
        var error = LoadWithEdit(RuleSet.EligibilityFile, "fact.FreePlaces > 0", "fact.FreeBeds > 0");

        Assert.Equal(RuleSet.EligibilityFile, error.File);
        Assert.Equal("HasFreePlace", error.Rule);
        Assert.Contains("FreeBeds", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("System.IO.File.Exists(\\\"/etc/passwd\\\")")]
    [InlineData("System.Diagnostics.Process.Start(\\\"sh\\\") != null")]
    [InlineData("System.Environment.GetEnvironmentVariable(\\\"HOME\\\") != null")]
    public void Load_WithAnExpressionReachingOutsideTheAllowedTypes_IsRejected(string expression)
    {
        var error = LoadWithEdit(RuleSet.EligibilityFile, "fact.FreePlaces > 0", expression);

        Assert.Equal(RuleSet.EligibilityFile, error.File);
        Assert.Equal("HasFreePlace", error.Rule);
    }

    /// <summary>Reflection compiled and loaded under Dynamic LINQ's own checks (only invoking was refused); none of it may compile.</summary>
    [Theory]
    [InlineData("\\\"\\\".GetType().Assembly.FullName != null")]
    [InlineData("\\\"\\\".GetType().Assembly.DefinedTypes.Count() > 0")]
    [InlineData("\\\"\\\".GetType().Assembly.ManifestModule.Name != null")]
    [InlineData("setting.GetType().Name != null")]
    [InlineData("fact.FreePlaces.GetType() != null")]
    [InlineData("Convert.ChangeType(fact.ChildAge, fact.ChildAge.GetTypeCode()) != null")]
    public void Load_WithAnExpressionThatReachesForTypesOrReflection_IsRejectedBeforeItRuns(string expression)
    {
        var error = LoadWithEdit(RuleSet.EligibilityFile, "fact.FreePlaces > 0", expression);

        Assert.Equal("HasFreePlace", error.Rule);
        Assert.Contains("which rules may not use", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithReflectionInAnOutputExpression_IsRejected()
    {
        var error = LoadWithEdit(RuleSet.ScoringFile, "\"Expression\": \"fact.NeedsCovered * 6\"", "\"Expression\": \"fact.GetType().Name.Length\"");

        Assert.Equal("MeetsChildsNeeds", error.Rule);
        Assert.Contains("which rules may not use", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithAnActionOnAnEligibilityRule_IsRejected_SoNoUncheckedExpressionRuns()
    {
        var error = LoadWithEdit(RuleSet.EligibilityFile, "\"Expression\": \"fact.FreePlaces > 0\",",
            "\"Expression\": \"fact.FreePlaces > 0\", \"Actions\": { \"OnSuccess\": { \"Name\": \"OutputExpression\", \"Context\": { \"Expression\": \"\\\"\\\".GetType().Assembly.DefinedTypes.Count()\" } } },");

        Assert.Equal("HasFreePlace", error.Rule);
        Assert.Contains("take no Actions", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("setting.GendersAccepted.StartsWith(\\\"A\\\") || fact.FreePlaces > 0")]
    [InlineData("new[] { 1, 2, 3 }.Contains(fact.FreePlaces) || fact.FreePlaces > 0")]
    [InlineData("Math.Max(fact.FreePlaces, 0) > 0 && fact.ChildAge.ToString().Length > 0")]
    public void Load_WithPlainValuesTextAndListsInAnExpression_StillLoads(string expression)
    {
        using var directory = RulesDirectory.Copy();
        directory.Edit(RuleSet.EligibilityFile, "fact.FreePlaces > 0", expression);

        Assert.NotNull(RuleSet.Load(directory));
    }

    [Fact]
    public void Load_WithAnOutputExpressionThatIsNotANumber_IsRejected()
    {
        var error = LoadWithEdit(RuleSet.ScoringFile, "\"Expression\": \"fact.NeedsCovered * 6\"", "\"Expression\": \"\\\"six\\\"\"");

        Assert.Equal(RuleSet.ScoringFile, error.File);
        Assert.Equal("MeetsChildsNeeds", error.Rule);
        Assert.Contains("number", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithAnUnknownScoringDimension_IsRejected()
    {
        var error = LoadWithEdit(RuleSet.ScoringFile, "\"Dimension\": \"Quality\", \"Reason\": \"Ofsted rating Good\"", "\"Dimension\": \"Vibes\", \"Reason\": \"Ofsted rating Good\"");

        Assert.Equal("RatedGood", error.Rule);
        Assert.Contains("Vibes", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithAnEligibilityRuleMissingItsReason_IsRejected()
    {
        var error = LoadWithEdit(RuleSet.EligibilityFile, "\"Reason\": \"No places free\"", "\"Note\": \"No places free\"");

        Assert.Equal("HasFreePlace", error.Rule);
        Assert.Contains("Reason", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithAMisspeltRuleProperty_IsRejectedAsInvalidJsonShape()
    {
        var error = LoadWithEdit(RuleSet.EligibilityFile, "\"Expression\": \"fact.FreePlaces > 0\"", "\"Expresion\": \"fact.FreePlaces > 0\"");

        Assert.Equal(RuleSet.EligibilityFile, error.File);
        Assert.Contains("Expresion", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithBrokenJson_NamesTheFile()
    {
        var error = LoadWithEdit(RuleSet.ScoringFile, "\"Rules\": [", "\"Rules\": [[");

        Assert.Equal(RuleSet.ScoringFile, error.File);
    }

    [Fact]
    public void Load_WithUrgencyBandsOutOfOrder_IsRejected()
    {
        var error = LoadWithEdit(RuleSet.UrgencyFile, "\"maxNoticeDays\": 13", "\"maxNoticeDays\": 2");

        Assert.Equal(RuleSet.UrgencyFile, error.File);
        Assert.Equal("ShortNotice", error.Rule);
    }

    [Fact]
    public void Load_WithAnUrgencyMissingFromTheSla_NamesTheUrgency()
    {
        var error = LoadWithEdit(RuleSet.SlaFile, "\"Planned\"", "\"Plannned\"");

        Assert.Equal(RuleSet.SlaFile, error.File);
        Assert.Equal("Planned", error.Rule);
    }

    [Fact]
    public void Load_WithAnExpressionReachingForTheFileSystem_IsRejected()
    {
        var error = LoadWithEdit(RuleSet.EligibilityFile, "fact.FreePlaces > 0", "System.IO.File.Exists(\\\"/etc/passwd\\\")");

        Assert.Equal("HasFreePlace", error.Rule);
    }

    private static RuleFileException LoadWithEdit(string file, string find, string replace)
    {
        using var directory = RulesDirectory.Copy();
        var path = Path.Combine(directory, file);
        var text = File.ReadAllText(path);
        Assert.Contains(find, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));
        return Assert.Throws<RuleFileException>(() => RuleSet.Load(directory));
    }
}
