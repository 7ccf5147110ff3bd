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

    public async Task<CandidateResult> EvaluateAsync(RequestInput request, SettingInput setting, MatchFacts facts)
    {
        var parameters = Parameters(request, setting, facts);
        var findings = new List<RuleFinding>();
        foreach (var result in await rules.Engine.ExecuteAllRulesAsync(RuleSet.EligibilityWorkflow, parameters))
        {
            if (!result.IsSuccess)
            {
                var meta = rules.Metadata[RuleSet.Key(RuleSet.EligibilityWorkflow, result.Rule.RuleName)];
                findings.Add(new RuleFinding(meta.RuleName, meta.Outcome, meta.Reason, meta.Basis));
            }
        }

        var outcome = findings.Count == 0 ? EligibilityOutcome.Eligible : findings.Max(f => f.Outcome);
        if (outcome == EligibilityOutcome.Excluded)
        {
            // Excluded settings are listed with their reasons, never scored.
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

    public async Task<IReadOnlyList<CandidateResult>> RankAsync(RequestInput request, IReadOnlyList<(SettingInput Setting, MatchFacts Facts)> candidates, CancellationToken cancellationToken = default)
    {
        var results = new CandidateResult[candidates.Count];
        // Each evaluation is independent and the compiled rules are shared, so both cores can work.
        await Parallel.ForAsync(0, candidates.Count, cancellationToken, async (i, _) =>
            results[i] = await EvaluateAsync(request, candidates[i].Setting, candidates[i].Facts));
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
