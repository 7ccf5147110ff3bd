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
            .Select((contract, i) => (Inputs.Setting(id: i + 1, contract: contract), Inputs.Facts()))
            .ToList();

        var ranked = Engine.Rank(Inputs.Request(), settings);

        Assert.Equal(["InHouse", "BlockContract", "Framework", "Spot"], ranked.Select(r => r.Setting.Contract));
        Assert.Equal([1, 2, 3, 4], ranked.Select(r => r.Rank!.Value));
    }

    [Fact]
    public void Rank_WithEqualScores_BreaksTiesByContractArrangementThenDistance()
    {
        CandidateResult Candidate(int id, string contract, double distance) =>
            new(Inputs.Setting(id: id, contract: contract), Inputs.Facts(distance: distance), EligibilityOutcome.Eligible, [], [], 50m);

        var ranked = MatchingEngine.Rank([Candidate(1, "Spot", 1), Candidate(2, "Framework", 9), Candidate(3, "BlockContract", 12), Candidate(4, "Framework", 3)]);

        Assert.Equal([3, 4, 2, 1], ranked.Select(r => r.Setting.Id));
    }

    [Fact]
    public void Rank_PutsEligibleSettingsBeforeThoseNeedingApproval_AndLeavesExcludedUnranked()
    {
        var settings = new List<(SettingInput, MatchFacts)>
        {
            (Inputs.Setting(id: 1, rating: "Inadequate", contract: "InHouse"), Inputs.Facts()),
            (Inputs.Setting(id: 2, contract: "Spot"), Inputs.Facts(distance: 40)),
            (Inputs.Setting(id: 3), Inputs.Facts(freePlaces: 0)),
        };

        var ranked = Engine.Rank(Inputs.Request(), settings);

        Assert.Equal([2, 1, 3], ranked.Select(r => r.Setting.Id));
        Assert.Equal([1, 2], ranked.Where(r => r.Rank is not null).Select(r => r.Rank!.Value));
        Assert.Null(ranked.Single(r => r.Setting.Id == 3).Rank);
    }

    [Fact]
    public void Score_IsTheSumOfTheRulesThatFired_AndCloserIsBetter()
    {
        var near = Engine.Evaluate(Inputs.Request(), Inputs.Setting(), Inputs.Facts(distance: 2));
        var far = Engine.Evaluate(Inputs.Request(), Inputs.Setting(), Inputs.Facts(distance: 35));

        Assert.Equal(near.ScoreLines.Sum(l => l.Points), near.Score);
        Assert.True(near.Score > far.Score);
        Assert.Contains(far.ScoreLines, l => l.Rule == "BeyondPreferredDistance" && l.Points < 0);
        Assert.DoesNotContain(far.ScoreLines, l => l.Rule == "CloseToHome");
    }

    [Fact]
    public void EditingTheScoringFile_ChangesTheRanking()
    {
        // A commissioner who values spot purchases over framework places edits two numbers and restarts.
        var directory = RulesDirectory.Copy();
        var path = Path.Combine(directory, RuleSet.ScoringFile);
        var text = File.ReadAllText(path)
            .Replace("\"setting.Contract == \\\"Framework\\\"\"", "\"setting.Contract == \\\"Spot\\\"\"", StringComparison.Ordinal);
        File.WriteAllText(path, text);
        var engine = new MatchingEngine(RuleSet.Load(directory));
        var settings = new[] { "Spot", "Framework" }.Select((c, i) => (Inputs.Setting(id: i + 1, contract: c), Inputs.Facts())).ToList();

        var ranked = engine.Rank(Inputs.Request(), settings);

        Assert.Equal("Spot", ranked[0].Setting.Contract);
    }
}
