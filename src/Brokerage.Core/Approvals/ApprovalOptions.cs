using Brokerage.Core.Domain;

namespace Brokerage.Core.Approvals;

/// <summary>A broker's approval request: the unregulated-placement risk assessment for one offer.</summary>
public sealed record RaiseApprovalOptions
{
    public int RequestId { get; init; }
    public int OfferId { get; init; }
    public string? HowNeedsAreMet { get; init; }
    public QualityCheck QualityChecks { get; init; }
    public string? QualityAssuranceNotes { get; init; }

    /// <summary>Rows the broker filled in; wholly blank rows are ignored.</summary>
    public IReadOnlyList<RiskItem> Risks { get; init; } = [];
    public VisitingFrequency? VisitingFrequency { get; init; }
    public DateOnly? RegistrationAppliedOn { get; init; }
    public DateOnly? RegistrationExpectedBy { get; init; }
    public DateOnly? ProposedReviewDate { get; init; }
    public string? NoRegulatedOptionReason { get; init; }
    public required string Actor { get; init; }
}

/// <param name="ExpectedVersion">The approval version the assistant director's page was built from.</param>
public sealed record DecideApprovalOptions(int ApprovalId, int ExpectedVersion, ApprovalDecision? Decision, string? Reasons, string? Conditions, string Actor);

public sealed record ReviewApprovalOptions
{
    public int ApprovalId { get; init; }
    public ReviewOutcome? Outcome { get; init; }
    public string? Notes { get; init; }
    public string? Conditions { get; init; }
    public DateOnly? RegistrationAppliedOn { get; init; }
    public DateOnly? RegistrationExpectedBy { get; init; }
    public DateOnly? NextReviewDate { get; init; }

    /// <summary>The approval version the page was built from; a review made from a stale page is refused.</summary>
    public int? ExpectedVersion { get; init; }
    public required string Actor { get; init; }
}
