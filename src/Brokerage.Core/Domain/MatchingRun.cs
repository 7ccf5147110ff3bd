namespace Brokerage.Core.Domain;

public class MatchingRun
{
    public int Id { get; set; }
    public int PlacementRequestId { get; set; }
    public PlacementRequest PlacementRequest { get; set; } = null!;
    public DateTime RanAt { get; set; }
    public required string RanBy { get; set; }
    public required string Reason { get; set; }

    /// <summary>Content hash of the rule files that produced these results.</summary>
    public required string RulesVersion { get; set; }
    public int SettingsConsidered { get; set; }
    public double ElapsedMilliseconds { get; set; }
    public List<MatchCandidate> Candidates { get; set; } = [];
}

public class MatchCandidate
{
    public int Id { get; set; }
    public int MatchingRunId { get; set; }
    public MatchingRun MatchingRun { get; set; } = null!;
    public int SettingId { get; set; }
    public Setting Setting { get; set; } = null!;
    public EligibilityOutcome Outcome { get; set; }

    /// <summary>1 is best; excluded settings have no rank.</summary>
    public int? Rank { get; set; }
    public decimal Score { get; set; }
    public double DistanceMiles { get; set; }
    public List<ScoreLine> ScoreLines { get; set; } = [];
    public List<RuleFinding> Findings { get; set; } = [];
}

/// <summary>Points one scoring rule gave, and the dimension it counts towards.</summary>
public record ScoreLine(string Rule, string Dimension, decimal Points);

/// <summary>
/// An eligibility rule that did not pass, with its consequence and reason. ExceptionalRoute marks
/// an exclusion an assistant director may still approve on the exceptional route.
/// </summary>
public record RuleFinding(string Rule, EligibilityOutcome Outcome, string Reason, string? Basis, bool ExceptionalRoute = false);
