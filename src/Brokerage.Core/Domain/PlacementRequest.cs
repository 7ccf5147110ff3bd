namespace Brokerage.Core.Domain;

public class PlacementRequest
{
    public int Id { get; set; }
    public required string Reference { get; set; }

    /// <summary>Pseudonymised case reference; the child's name never enters Brokerage.</summary>
    public required string ChildReference { get; set; }
    public DateOnly DateOfBirth { get; set; }
    public Gender Gender { get; set; }
    public required string Ethnicity { get; set; }
    public LegalStatus LegalStatus { get; set; }
    public bool IsSeparatedChild { get; set; }
    public Needs Needs { get; set; }
    public string? HomePostcode { get; set; }
    public required string HomeLocality { get; set; }
    public double HomeLatitude { get; set; }
    public double HomeLongitude { get; set; }
    /// <summary>The type of placement the child's plan prefers.</summary>
    public PlacementType PlacementType { get; set; }

    /// <summary>Other types the plan finds suitable; every type not here (nor preferred) is not suitable.</summary>
    public PlacementTypes AlsoSuitableTypes { get; set; }

    /// <summary>The preferred type, then the others that are suitable: matching considers each.</summary>
    public IReadOnlyList<PlacementType> SuitableTypes =>
        [PlacementType, .. Enum.GetValues<PlacementType>().Where(t => t != PlacementType && AlsoSuitableTypes.HasFlag(t.AsSet()))];

    public DateTime NoticeReceivedAt { get; set; }
    public DateTime RequiredFrom { get; set; }
    public Urgency Urgency { get; set; }
    public decimal WeeklyBudget { get; set; }
    public int MaxDistanceMiles { get; set; }
    public string? Summary { get; set; }
    public RequestStatus Status { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }

    /// <summary>The social work team that asked, for the timeliness scorecard.</summary>
    public string Team { get; set; } = Requests.Teams.Unassigned;

    /// <summary>Bumped on every decision so that two brokers acting on a stale page cannot both win.</summary>
    public int Version { get; set; }

    /// <summary>When the team manager is told and the search widens if no offer has come in.</summary>
    public DateTime? EscalateAt { get; set; }
    public DateTime? EscalatedAt { get; set; }

    /// <summary>How far automatic widening has gone, as an index into rules/widening.json.</summary>
    public int SearchStage { get; set; }

    public DateTime? ClosedAt { get; set; }
    public string? ClosedBy { get; set; }
    public RequestClosure? Closure { get; set; }
    public WithdrawalReason? WithdrawalReason { get; set; }
    public string? WithdrawalDetails { get; set; }

    /// <summary>
    /// Set when the request was edited after matching ran, in a way that changes who fits; the
    /// broker is asked to run matching again, and the next run clears it.
    /// </summary>
    public DateTime? ChangedSinceMatchingAt { get; set; }

    /// <summary>
    /// For a move: the placement this request is to replace. A plain column, not a foreign key:
    /// SQLite can add a constraint only by rebuilding the table, which a migration cannot do in a transaction.
    /// </summary>
    public int? ReplacesPlacementId { get; set; }

    public List<MatchingRun> MatchingRuns { get; set; } = [];
    public List<Referral> Referrals { get; set; } = [];

    /// <summary>Every placement made for the request, including one where the child never arrived.</summary>
    public List<Placement> Placements { get; set; } = [];

    /// <summary>The placement that stands: agreed, started or ended, but not one that never started.</summary>
    public Placement? Placement => Placements.Where(p => p.Status != PlacementStatus.DidNotStart).OrderByDescending(p => p.Id).FirstOrDefault();

    /// <summary>A request can change, and be worked, until an offer is accepted or it is closed.</summary>
    public bool IsLive => Status is RequestStatus.Open or RequestStatus.Searching;

    public int AgeOn(DateOnly date)
    {
        var age = date.Year - DateOfBirth.Year;
        return DateOfBirth.AddYears(age) > date ? age - 1 : age;
    }
}
