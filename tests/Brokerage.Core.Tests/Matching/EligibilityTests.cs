using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Rules;

namespace Brokerage.Core.Tests.Matching;

/// <summary>The legal guardrails and hard constraints, as the shipped rule files apply them.</summary>
public sealed class EligibilityTests
{
    private static readonly MatchingEngine Engine = new(RuleSet.Load(RulesDirectory.Real));

    [Fact]
    public void RegisteredSettingThatFits_IsEligibleWithNoFindings()
    {
        var result = Evaluate(RuleInputs.Setting(), RuleInputs.Facts(childAge: 12));

        Assert.Equal(EligibilityOutcome.Eligible, result.Outcome);
        Assert.Empty(result.Findings);
        Assert.NotEmpty(result.ScoreLines);
    }

    [Theory]
    [InlineData("Unregulated", 15)]
    [InlineData("Unregistered", 15)]
    [InlineData("Unregulated", 8)]
    public void Under16_InUnregulatedOrUnregisteredProvision_IsExcludedCitingTheRegulations(string registration, int age)
    {
        var result = Evaluate(RuleInputs.Setting(type: "SupportedAccommodation", registration: registration, rating: "None", minAge: 0), RuleInputs.Facts(childAge: age), "SupportedAccommodation");

        Assert.Equal(EligibilityOutcome.Excluded, result.Outcome);
        var finding = Assert.Single(result.Findings, f => f.Rule == "Under16NotInUnregulatedOrUnregistered");
        Assert.Contains("2021", finding.Basis, StringComparison.Ordinal);
        Assert.Empty(result.ScoreLines);
    }

    [Theory]
    [InlineData("Unregulated", 16)]
    [InlineData("Unregistered", 17)]
    public void SixteenOrSeventeen_InUnregulatedOrUnregisteredProvision_NeedsAssistantDirectorApproval(string registration, int age)
    {
        var result = Evaluate(RuleInputs.Setting(type: "SupportedAccommodation", registration: registration, rating: "None", minAge: 16), RuleInputs.Facts(childAge: age), "SupportedAccommodation");

        Assert.Equal(EligibilityOutcome.NeedsApproval, result.Outcome);
        Assert.Equal("UnregulatedNeedsAssistantDirectorApproval", Assert.Single(result.Findings).Rule);
        Assert.NotEmpty(result.ScoreLines);
    }

    [Theory]
    [InlineData(15, true, EligibilityOutcome.Excluded)]
    [InlineData(16, false, EligibilityOutcome.Excluded)]
    [InlineData(16, true, EligibilityOutcome.Eligible)]
    public void CqcCareHome_OnlyFor16PlusWhoseNeedIsNursingOrPersonalCare(int age, bool careNeed, EligibilityOutcome expected)
    {
        var result = Evaluate(RuleInputs.Setting(type: "CareHome", registration: "Cqc", rating: "None", minAge: 0), RuleInputs.Facts(childAge: age, careNeed: careNeed), "CareHome");

        Assert.Equal(expected, result.Outcome);
    }

    [Fact]
    public void InadequateRating_NeedsApproval()
    {
        var result = Evaluate(RuleInputs.Setting(rating: "Inadequate"), RuleInputs.Facts(childAge: 12));

        Assert.Equal(EligibilityOutcome.NeedsApproval, result.Outcome);
        Assert.Equal("InadequateRatingNeedsApproval", Assert.Single(result.Findings).Rule);
    }

    [Fact]
    public void ChildOutsideTheAgeRange_IsExcluded()
    {
        var result = Evaluate(RuleInputs.Setting(minAge: 11), RuleInputs.Facts(childAge: 9));

        Assert.Equal("ChildAgeWithinRange", Assert.Single(result.Findings).Rule);
        Assert.Equal(EligibilityOutcome.Excluded, result.Outcome);
    }

    [Fact]
    public void NoFreePlace_IsExcluded()
    {
        var result = Evaluate(RuleInputs.Setting(), RuleInputs.Facts(childAge: 12, freePlaces: 0));

        Assert.Equal("HasFreePlace", Assert.Single(result.Findings).Rule);
        Assert.Equal(EligibilityOutcome.Excluded, result.Outcome);
    }

    [Fact]
    public void GenderNotAccepted_IsExcluded()
    {
        var result = Evaluate(RuleInputs.Setting(genders: "Male"), RuleInputs.Facts(childAge: 12));

        Assert.Equal("AcceptsChildGender", Assert.Single(result.Findings).Rule);
        Assert.Equal(EligibilityOutcome.Excluded, result.Outcome);
    }

    [Fact]
    public void ATypeThePlanDoesNotFindSuitable_IsExcluded()
    {
        var result = Evaluate(RuleInputs.Setting(type: "ChildrensHome", registration: "OfstedChildrensHome"), RuleInputs.Facts(childAge: 12));

        Assert.Equal("ProvidesASuitablePlacementType", Assert.Single(result.Findings).Rule);
        Assert.Equal(EligibilityOutcome.Excluded, result.Outcome);
    }

    [Fact]
    public void ASuitableTypeThatIsNotPreferred_IsEligible_ButScoresBelowThePreferredType()
    {
        var request = RuleInputs.Request("Fostering", alsoSuitable: "ChildrensHome");
        var home = Engine.Evaluate(request, RuleInputs.Setting(type: "ChildrensHome", registration: "OfstedChildrensHome"), RuleInputs.Facts(childAge: 12));
        var fostering = Engine.Evaluate(request, RuleInputs.Setting(type: "Fostering"), RuleInputs.Facts(childAge: 12));

        Assert.Equal(EligibilityOutcome.Eligible, home.Outcome);
        // The same setting in every other way: the preferred type is 15 points ahead (rules/scoring.json).
        Assert.Equal(15, fostering.Score - home.Score);
        Assert.Contains(home.ScoreLines, l => l.Rule == "SuitableButNotThePreferredType" && l.Points == -15);
    }

    [Fact]
    public void SeveralFailures_AreAllReported()
    {
        var result = Evaluate(RuleInputs.Setting(type: "SupportedAccommodation", registration: "Unregulated", rating: "None", minAge: 16), RuleInputs.Facts(childAge: 13, freePlaces: 0), "SupportedAccommodation");

        Assert.Equal(
            ["ChildAgeWithinRange", "HasFreePlace", "Under16NotInUnregulatedOrUnregistered", "UnregulatedNeedsAssistantDirectorApproval"],
            result.Findings.Select(f => f.Rule));
        Assert.Equal(EligibilityOutcome.Excluded, result.Outcome);
    }

    private static CandidateResult Evaluate(SettingInput setting, MatchFacts facts, string placementType = "Fostering") =>
        Engine.Evaluate(RuleInputs.Request(placementType), setting, facts);
}
