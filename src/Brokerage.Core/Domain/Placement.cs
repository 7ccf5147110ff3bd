namespace Brokerage.Core.Domain;

public class Placement
{
    public int Id { get; set; }
    public int PlacementRequestId { get; set; }
    public PlacementRequest PlacementRequest { get; set; } = null!;
    public int OfferId { get; set; }
    public Offer Offer { get; set; } = null!;
    public int SettingId { get; set; }
    public Setting Setting { get; set; } = null!;
    public PlacementStatus Status { get; set; }
    public DateOnly StartDate { get; set; }
    public decimal WeeklyCost { get; set; }

    /// <summary>Joint funding: what health and education pay each week; social care pays the rest.</summary>
    public decimal HealthContribution { get; set; }
    public decimal EducationContribution { get; set; }
    public decimal SocialCareContribution => WeeklyCost - HealthContribution - EducationContribution;
    public ContractArrangement Contract { get; set; }

    /// <summary>The setting's registration on the day the placement starts (or was confirmed, if later), frozen at acceptance.</summary>
    public Registration Registration { get; set; }

    /// <summary>Great-circle miles from the child's home area, frozen at acceptance for the distance reports.</summary>
    public double DistanceMiles { get; set; }

    /// <summary>Frozen at acceptance: out-of-county placements are reported.</summary>
    public bool OutOfCounty { get; set; }
    public string? FrameworkLot { get; set; }

    /// <summary>Why this home was chosen, frozen at acceptance so the record shows what the broker saw.</summary>
    public required string MatchRationale { get; set; }
    public string? ApprovalReason { get; set; }

    /// <summary>The assistant director's approval this placement was confirmed on, when one was needed.</summary>
    public int? ApprovalRequestId { get; set; }
    public ApprovalRequest? ApprovalRequest { get; set; }
    public string? ApprovalReference { get; set; }
    public DateTime AcceptedAt { get; set; }
    public required string AcceptedBy { get; set; }
    public DateTime? ConfirmedAt { get; set; }
    public string? ConfirmedBy { get; set; }
}
