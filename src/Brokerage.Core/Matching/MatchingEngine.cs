using System.Globalization;
using Brokerage.Core.Domain;
using Brokerage.Core.Rules;
using RulesEngine.Models;

namespace Brokerage.Core.Matching;

/// <summary>Runs the eligibility and scoring workflows for one request against many settings, and ranks them.</summary>
public sealed class MatchingEngine(RuleSet rules)
{
    public static RuleParameter[] Parameters(RequestInput request, SettingInput setting, MatchFacts facts) =>
        [new("request", request), new("setting", setting), new("fact", facts)];

    /// <summary>Evaluates one setting with the workflows' compiled expressions.</summary>
    public CandidateResult Evaluate(RequestInput request, SettingInput setting, MatchFacts facts)
    {
        object[] inputs = [request, setting, facts];
        var findings = new List<RuleFinding>();
        foreach (var rule in rules.EligibilityRules)
        {
            if (!Passes(rule.Passes, inputs))
            {
                findings.Add(rule.Meta.Finding());
            }
        }

        var outcome = Outcome(findings);
        if (outcome == EligibilityOutcome.Excluded)
        {
            // Excluded settings are listed with their reasons, never scored.
            return new CandidateResult(setting, facts, outcome, findings, [], 0m);
        }

        var lines = new List<ScoreLine>();
        foreach (var rule in rules.ScoringRules)
        {
            if (Passes(rule.Applies, inputs) && TryReadPoints(rule.Points(inputs), out var points))
            {
                lines.Add(new ScoreLine(rule.Meta.RuleName, rule.Meta.Dimension!, points));
            }
        }

        return new CandidateResult(setting, facts, outcome, findings, lines, lines.Sum(l => l.Points));
    }

    /// <summary>
    /// The same evaluation through RulesEngine's own executor (ExecuteAllRulesAsync). Slower;
    /// kept as the reference that tests and benchmarks hold the compiled path against.
    /// </summary>
    internal async Task<CandidateResult> EvaluateWithExecutorAsync(RequestInput request, SettingInput setting, MatchFacts facts)
    {
        var parameters = Parameters(request, setting, facts);
        var findings = new List<RuleFinding>();
        foreach (var result in await rules.Engine.ExecuteAllRulesAsync(RuleSet.EligibilityWorkflow, parameters))
        {
            if (!result.IsSuccess)
            {
                var meta = rules.Metadata[RuleSet.Key(RuleSet.EligibilityWorkflow, result.Rule.RuleName)];
                findings.Add(meta.Finding());
            }
        }

        var outcome = Outcome(findings);
        if (outcome == EligibilityOutcome.Excluded)
        {
            return new CandidateResult(setting, facts, outcome, findings, [], 0m);
        }

        var lines = new List<ScoreLine>();
        foreach (var result in await rules.Engine.ExecuteAllRulesAsync(RuleSet.ScoringWorkflow, parameters))
        {
            if (result.IsSuccess && TryReadPoints(result.ActionResult?.Output, out var points))
            {
                var meta = rules.Metadata[RuleSet.Key(RuleSet.ScoringWorkflow, result.Rule.RuleName)];
                lines.Add(new ScoreLine(meta.RuleName, meta.Dimension!, points));
            }
        }

        return new CandidateResult(setting, facts, outcome, findings, lines, lines.Sum(l => l.Points));
    }

    private static EligibilityOutcome Outcome(List<RuleFinding> findings) =>
        findings.Count == 0 ? EligibilityOutcome.Eligible : findings.Max(f => f.Outcome);

    /// <summary>As in RulesEngine's executor, an expression that throws counts as a rule that did not pass.</summary>
    private static bool Passes(Func<object[], bool> expression, object[] inputs)
    {
        try
        {
            return expression(inputs);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or NullReferenceException or InvalidCastException or ArithmeticException)
        {
            return false;
        }
    }

    public IReadOnlyList<CandidateResult> Rank(RequestInput request, IReadOnlyList<(SettingInput Setting, MatchFacts Facts)> candidates)
    {
        var results = new CandidateResult[candidates.Count];
        // Below a few thousand settings the cost of starting threads outweighs the work.
        if (candidates.Count < 2_000)
        {
            for (var i = 0; i < candidates.Count; i++)
            {
                results[i] = Evaluate(request, candidates[i].Setting, candidates[i].Facts);
            }
        }
        else
        {
            Parallel.For(0, candidates.Count, i => results[i] = Evaluate(request, candidates[i].Setting, candidates[i].Facts));
        }

        return Rank(results);
    }

    /// <summary>
    /// Eligible settings first, then those needing approval, each by score; ties go to the
    /// preferred contract arrangement (in-house and block, framework, spot), then the nearer.
    /// </summary>
    public static IReadOnlyList<CandidateResult> Rank(IEnumerable<CandidateResult> results)
    {
        var ordered = results
            .OrderBy(r => r.Outcome)
            .ThenByDescending(r => r.Score)
            .ThenBy(r => Enum.Parse<ContractArrangement>(r.Setting.Contract))
            .ThenBy(r => r.Facts.DistanceMiles)
            .ThenBy(r => r.Setting.Id)
            .ToList();
        var rank = 1;
        foreach (var result in ordered.Where(r => r.Outcome != EligibilityOutcome.Excluded))
        {
            result.Rank = rank++;
        }

        return ordered;
    }

    internal static bool TryReadPoints(object? output, out decimal points)
    {
        switch (output)
        {
            case int or long or double or decimal or float or short:
                points = Math.Round(Convert.ToDecimal(output, CultureInfo.InvariantCulture), 1);
                return true;
            default:
                points = 0;
                return false;
        }
    }
}

public sealed class CandidateResult(SettingInput setting, MatchFacts facts, EligibilityOutcome outcome, IReadOnlyList<RuleFinding> findings, IReadOnlyList<ScoreLine> scoreLines, decimal score)
{
    public SettingInput Setting { get; } = setting;
    public MatchFacts Facts { get; } = facts;
    public EligibilityOutcome Outcome { get; } = outcome;
    public IReadOnlyList<RuleFinding> Findings { get; } = findings;
    public IReadOnlyList<ScoreLine> ScoreLines { get; } = scoreLines;
    public decimal Score { get; } = score;
    public int? Rank { get; set; }
}
