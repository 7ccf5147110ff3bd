using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Rules;

namespace Brokerage.Core.Tests.Matching;

public sealed class RankingTests
{
    private static readonly MatchingEngine Engine = new(RuleSet.Load(RulesDirectory.Real));

    [Fact]
    public void Rank_WhenAllElseIsEqual_PrefersInHouseThenBlockThenFrameworkThenSpot()
    {
        var settings = new[] { "Spot", "Framework", "BlockContract", "InHouse" }
            .Select((contract, i) => (RuleInputs.Setting(id: i + 1, contract: contract), RuleInputs.Facts()))
            .ToList();

        var ranked = Engine.Rank(RuleInputs.Request(), settings);

        Assert.Equal(["InHouse", "BlockContract", "Framework", "Spot"], ranked.Select(r => r.Setting.Contract));
        Assert.Equal([1, 2, 3, 4], ranked.Select(r => r.Rank!.Value));
    }

    [Fact]
    public void Rank_WithEqualScores_BreaksTiesByContractArrangementThenDistance()
    {
        CandidateResult Candidate(int id, string contract, double distance) =>
            new(RuleInputs.Setting(id: id, contract: contract), RuleInputs.Facts(distance: distance), EligibilityOutcome.Eligible, [], [], 50m);

        var ranked = MatchingEngine.Rank([Candidate(1, "Spot", 1), Candidate(2, "Framework", 9), Candidate(3, "BlockContract", 12), Candidate(4, "Framework", 3)]);

        Assert.Equal([3, 4, 2, 1], ranked.Select(r => r.Setting.Id));
    }

    [Fact]
    public void Rank_PutsEligibleSettingsBeforeThoseNeedingApproval_AndLeavesExcludedUnranked()
    {
        var settings = new List<(SettingInput, MatchFacts)>
        {
            (RuleInputs.Setting(id: 1, rating: "Inadequate", contract: "InHouse"), RuleInputs.Facts()),
            (RuleInputs.Setting(id: 2, contract: "Spot"), RuleInputs.Facts(distance: 40)),
            (RuleInputs.Setting(id: 3), RuleInputs.Facts(freePlaces: 0)),
        };

        var ranked = Engine.Rank(RuleInputs.Request(), settings);

        Assert.Equal([2, 1, 3], ranked.Select(r => r.Setting.Id));
        Assert.Equal([1, 2], ranked.Where(r => r.Rank is not null).Select(r => r.Rank!.Value));
        Assert.Null(ranked.Single(r => r.Setting.Id == 3).Rank);
    }

    [Fact]
    public void Score_IsTheSumOfTheRulesThatFired_AndCloserIsBetter()
    {
        var near = Engine.Evaluate(RuleInputs.Request(), RuleInputs.Setting(), RuleInputs.Facts(distance: 2));
        var far = Engine.Evaluate(RuleInputs.Request(), RuleInputs.Setting(), RuleInputs.Facts(distance: 35));

        Assert.Equal(near.ScoreLines.Sum(l => l.Points), near.Score);
        Assert.True(near.Score > far.Score);
        Assert.Contains(far.ScoreLines, l => l.Rule == "BeyondPreferredDistance" && l.Points < 0);
        Assert.DoesNotContain(far.ScoreLines, l => l.Rule == "CloseToHome");
    }

    [Fact]
    public void EditingTheScoringFile_ChangesTheRanking()
    {
        // A commissioner who values spot purchases over framework places edits two numbers and restarts.
        using var directory = RulesDirectory.Copy();
        var path = Path.Combine(directory, RuleSet.ScoringFile);
        var text = File.ReadAllText(path)
            .Replace("\"setting.Contract == \\\"Framework\\\"\"", "\"setting.Contract == \\\"Spot\\\"\"", StringComparison.Ordinal);
        File.WriteAllText(path, text);
        var engine = new MatchingEngine(RuleSet.Load(directory));
        var settings = new[] { "Spot", "Framework" }.Select((c, i) => (RuleInputs.Setting(id: i + 1, contract: c), RuleInputs.Facts())).ToList();

        var ranked = engine.Rank(RuleInputs.Request(), settings);

        Assert.Equal("Spot", ranked[0].Setting.Contract);
    }
}
