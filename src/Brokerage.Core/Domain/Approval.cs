namespace Brokerage.Core.Domain;

/// <summary>
/// A broker's request for an assistant director to approve an unregulated or unregistered
/// placement, with the risk assessment the decision is taken on. Raised against one offer;
/// the placement can be confirmed only once this is approved.
/// </summary>
public class ApprovalRequest
{
    public int Id { get; set; }

    /// <summary>Quoted on the decision record and the placement record, e.g. "UPA-2026-0007".</summary>
    public required string Reference { get; set; }
    public int PlacementRequestId { get; set; }
    public PlacementRequest PlacementRequest { get; set; } = null!;
    public int ReferralId { get; set; }
    public Referral Referral { get; set; } = null!;
    public int SettingId { get; set; }
    public Setting Setting { get; set; } = null!;

    /// <summary>Under16Exception when the child is under 16: the placement breaches the 2021 regulations.</summary>
    public ApprovalRoute Route { get; set; }

    /// <summary>
    /// The setting's registration when the child would be placed, frozen when approval is asked for:
    /// the decision was taken on it, whatever the directory says later.
    /// </summary>
    public Registration Registration { get; set; }

    /// <summary>Why approval is needed, from the eligibility rules and the setting's registration.</summary>
    public required string Grounds { get; set; }

    public required string HowNeedsAreMet { get; set; }
    public QualityCheck QualityChecks { get; set; }
    public string? QualityAssuranceNotes { get; set; }
    public List<RiskItem> Risks { get; set; } = [];
    public VisitingFrequency VisitingFrequency { get; set; }
    public DateOnly? RegistrationAppliedOn { get; set; }
    public DateOnly? RegistrationExpectedBy { get; set; }
    public DateOnly ProposedReviewDate { get; set; }

    /// <summary>Under-16 route only: why no regulated option can meet the child's needs today.</summary>
    public string? NoRegulatedOptionReason { get; set; }

    /// <summary>The search as it stood when the request was raised: what was asked of whom and what came back.</summary>
    public List<SearchEvidenceItem> SearchEvidence { get; set; } = [];

    public DateTime RaisedAt { get; set; }
    public required string RaisedBy { get; set; }
    public ApprovalStatus Status { get; set; }
    public string? DecisionReasons { get; set; }
    public string? Conditions { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecidedBy { get; set; }

    /// <summary>Set once the placement is confirmed on this approval, and moved on by each review.</summary>
    public DateOnly? NextReviewDate { get; set; }

    // Review deadlines are columns so that a restart or lost job storage forgets nothing.
    public DateTime? ReviewReminderAt { get; set; }
    public DateTime? ReviewReminderSentAt { get; set; }
    public DateTime? ReviewOverdueAt { get; set; }
    public DateTime? ReviewOverdueEscalatedAt { get; set; }

    /// <summary>Bumped on every decision so that two assistant directors cannot both decide.</summary>
    public int Version { get; set; }

    public List<DecisionRecord> Records { get; set; } = [];
    public List<ApprovalReview> Reviews { get; set; } = [];

    public bool IsApproved => Status is ApprovalStatus.Approved or ApprovalStatus.ApprovedWithConditions;
}

/// <summary>One risk in the unregulated-placement risk assessment, with who owns its mitigation.</summary>
public sealed record RiskItem(string Risk, string Mitigation, string Owner);

/// <summary>One referral in the search history, frozen when an approval request is raised.</summary>
public sealed record SearchEvidenceItem(string Setting, string Provider, string Registration, DateTime SentAt, string Outcome, string? Detail);

/// <summary>
/// An issued unregulated-risk decision record. The PDF bytes are stored and never change; a
/// review issues a new version.
/// </summary>
public class DecisionRecord
{
    public int Id { get; set; }
    public int ApprovalRequestId { get; set; }
    public ApprovalRequest ApprovalRequest { get; set; } = null!;
    public int Version { get; set; }

    /// <summary>The approval reference and version, e.g. "UPA-2026-0007-v2".</summary>
    public required string DocumentReference { get; set; }
    public DecisionRecordKind Kind { get; set; }
    public DateTime IssuedAt { get; set; }
    public required string IssuedBy { get; set; }
    public required byte[] Pdf { get; set; }

    /// <summary>SHA-256 of the PDF, so a copy can be checked against what was issued.</summary>
    public required string Sha256 { get; set; }
}

/// <summary>An assistant director's review of a live unregulated placement.</summary>
public class ApprovalReview
{
    public int Id { get; set; }
    public int ApprovalRequestId { get; set; }
    public ApprovalRequest ApprovalRequest { get; set; } = null!;
    public DateTime ReviewedAt { get; set; }
    public required string ReviewedBy { get; set; }
    public ReviewOutcome Outcome { get; set; }
    public required string Notes { get; set; }
    public string? Conditions { get; set; }
    public DateOnly? RegistrationAppliedOn { get; set; }
    public DateOnly? RegistrationExpectedBy { get; set; }
    public DateOnly? NextReviewDate { get; set; }
    public int RecordVersion { get; set; }
}

public enum ApprovalRoute
{
    Standard,
    Under16Exception,
}

public enum ApprovalStatus
{
    Pending,
    Approved,
    ApprovedWithConditions,
    Declined,

    /// <summary>The placement has ended or the provider is now registered: no longer reviewed.</summary>
    Closed,

    /// <summary>Not decided because the offer went first: its hold lapsed, or another offer was accepted.</summary>
    Withdrawn,
}

public enum ApprovalDecision
{
    Approve,
    ApproveWithConditions,
    Decline,
}

public enum ReviewOutcome
{
    Continue,
    ContinueWithConditions,
    Close,
}

public enum DecisionRecordKind
{
    Decision,
    Review,
}

public enum VisitingFrequency
{
    Daily,
    TwiceWeekly,
    Weekly,
    Fortnightly,
}

/// <summary>The quality-assurance checklist for unregulated provision.</summary>
[Flags]
public enum QualityCheck
{
    None = 0,
    AccommodationVisited = 1 << 0,
    StaffVettingSeen = 1 << 1,
    SafeguardingPoliciesSeen = 1 << 2,
    SafetyCertificatesSeen = 1 << 3,
    InsuranceSeen = 1 << 4,
    ReferencesTaken = 1 << 5,
    RegistrationApplicationSeen = 1 << 6,
}
