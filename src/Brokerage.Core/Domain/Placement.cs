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

    /// <summary>Bumped on every change of state, so two brokers ending the same placement cannot both win.</summary>
    public int Version { get; set; }

    /// <summary>A stop-gap until the right home is found: kept under the step-out watch.</summary>
    public bool IsInterim { get; set; }

    /// <summary>When the child arrived (UTC); <see cref="StartDate"/> is then that day.</summary>
    public DateTime? ArrivedAt { get; set; }
    public string? StartRecordedBy { get; set; }
    public string? DidNotStartReason { get; set; }

    /// <summary>The child's last night there was the night before this day.</summary>
    public DateOnly? EndDate { get; set; }
    public DateTime? EndRecordedAt { get; set; }
    public string? EndRecordedBy { get; set; }
    public bool? EndPlanned { get; set; }
    public EndReason? EndReason { get; set; }
    public string? EndDetails { get; set; }

    /// <summary>For an ending on the provider's notice: the day notice was given, and the period the contract asks for.</summary>
    public DateOnly? NoticeGivenOn { get; set; }
    public int? NoticePeriodDays { get; set; }

    /// <summary>The request raised when the child moves on from here.</summary>
    public int? MoveRequestId { get; set; }

    public List<PlacementCostChange> CostChanges { get; set; } = [];

    /// <summary>The child is, or was, living there: the place counts as filled until the end.</summary>
    public bool HoldsPlace => Status is PlacementStatus.Confirmed or PlacementStatus.Started;

    /// <summary>The weekly cost in force on a day: the agreed cost, then each change from its effective date.</summary>
    public decimal WeeklyCostOn(DateOnly date) =>
        CostChanges.Where(c => c.EffectiveFrom <= date).OrderBy(c => c.EffectiveFrom).ThenBy(c => c.Id).LastOrDefault()?.WeeklyCost ?? WeeklyCost;

    /// <summary>The provider ended it with less notice than the contract asks for.</summary>
    public bool EndedOnShortNotice => IsShortNotice(EndReason, NoticeGivenOn, NoticePeriodDays, EndDate);

    /// <summary>An ending on the provider's notice sooner than the notice period after it was given.</summary>
    public static bool IsShortNotice(EndReason? reason, DateOnly? noticeGivenOn, int? noticePeriodDays, DateOnly? endDate) =>
        reason == Domain.EndReason.ProviderNotice && noticeGivenOn is { } given && endDate is { } end && end < given.AddDays(noticePeriodDays ?? 0);
}

/// <summary>A change to a placement's weekly cost from a day: a fee uplift, or the outcome of a package review.</summary>
public class PlacementCostChange
{
    public int Id { get; set; }
    public int PlacementId { get; set; }
    public Placement Placement { get; set; } = null!;
    public DateOnly EffectiveFrom { get; set; }
    public decimal WeeklyCost { get; set; }
    public decimal PreviousWeeklyCost { get; set; }
    public CostChangeReason Reason { get; set; }
    public string? Details { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }
}
