using Brokerage.Core.Matching;
using Brokerage.Core.Rules;

namespace Brokerage.Core.Tests.Matching;

public sealed class CompiledWorkflowTests
{
    [Fact]
    public async Task CompiledWorkflows_ReachTheSameOutcomesAndScoresAsRulesEngineExecutor()
    {
        var engine = new MatchingEngine(RuleSet.Load(RulesDirectory.Real));
        var market = SyntheticSettings.Create(1_500);

        foreach (var (setting, facts) in market)
        {
            var compiled = engine.Evaluate(SyntheticSettings.Request, setting, facts);
            var executed = await engine.EvaluateWithExecutorAsync(SyntheticSettings.Request, setting, facts);

            Assert.Equal(executed.Outcome, compiled.Outcome);
            Assert.Equal(executed.Findings, compiled.Findings);
            Assert.Equal(executed.ScoreLines, compiled.ScoreLines);
        }

        // The market must exercise every outcome for the comparison to mean anything.
        var outcomes = market.Select(m => engine.Evaluate(SyntheticSettings.Request, m.Setting, m.Facts).Outcome).Distinct().Count();
        Assert.Equal(3, outcomes);
    }
}
