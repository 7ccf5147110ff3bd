using Brokerage.Core.Domain;

namespace Brokerage.Web.Api;

/// <summary>
/// A placement request handed over by a case-management system. Values are text so that a
/// wrong value comes back as a field error naming the allowed values, not a parse failure.
/// </summary>
public record CreatePlacementRequestBody
{
    public string? ChildReference { get; init; }
    public DateOnly? DateOfBirth { get; init; }

    /// <summary>Female, Male or NonBinary.</summary>
    public string? Gender { get; init; }
    public string? Ethnicity { get; init; }

    /// <summary>Section20, InterimCareOrder, CareOrder, PlacementOrder, RemandToLocalAuthority, PoliceProtection or EmergencyProtectionOrder.</summary>
    public string? LegalStatus { get; init; }
    public bool? IsSeparatedChild { get; init; }

    /// <summary>Any of MentalHealth, CriminalExploitation, SexualExploitation, ComplexDisability, ComplexHealth, Trauma, Semh, SoloOrDualPlacement, ReturningFromCustody, StepDownFromHospital, ParentAndChild, SiblingGroup, SeparatedChild.</summary>
    public IReadOnlyList<string>? Needs { get; init; }

    /// <summary>One of the county's localities (GET /api/v1/localities).</summary>
    public string? HomeLocality { get; init; }
    public string? HomePostcode { get; init; }

    /// <summary>The type the child's plan prefers: Fostering, ChildrensHome, SupportedAccommodation or CareHome.</summary>
    public string? PlacementType { get; init; }

    /// <summary>Other types the plan finds suitable (optional); any type not given, nor preferred, is not suitable.</summary>
    public IReadOnlyList<string>? AlsoSuitableTypes { get; init; }
    public DateTimeOffset? NoticeReceivedAt { get; init; }
    public DateTimeOffset? RequiredFrom { get; init; }
    public decimal? WeeklyBudget { get; init; }
    public int? MaxDistanceMiles { get; init; }
    public string? Summary { get; init; }

    /// <summary>The social work team asking (optional): one of the teams listed in the README.</summary>
    public string? Team { get; init; }

    /// <summary>The broker or team mailbox responsible for the request: offers, no-responses and escalations go there.</summary>
    public string? BrokerEmail { get; init; }
}

/// <summary>
/// A change to a placement request: every field as for a new one (a field left out is cleared or
/// takes its default, as in a new request), with the version read. The broker responsible does not
/// change, so brokerEmail is not needed.
/// </summary>
public sealed record EditPlacementRequestBody : CreatePlacementRequestBody
{
    /// <summary>The request's version as read (GET /api/v1/placement-requests/{id}); a request changed since is a conflict.</summary>
    public int? Version { get; init; }
}

/// <summary>Why the request is withdrawn: reason NoLongerNeeded, PlacedByAnotherRoute, ReturnedHome, StayingInCurrentPlacement, Duplicate or Other (with details).</summary>
public sealed record WithdrawPlacementRequestBody(string? Reason, string? Details);

/// <param name="Changed">What changed, in the words of the request page; empty when nothing did.</param>
/// <param name="ProvidersTold">Providers with an open referral sent the changed profile.</param>
/// <param name="RunMatchingAgain">The change alters who fits, and matching has run before: run it again.</param>
public sealed record EditPlacementRequestResponse(PlacementRequestResponse Request, IReadOnlyList<string> Changed, int ProvidersTold, bool RunMatchingAgain);

public sealed record PlacementRequestResponse(
    int Id,
    string Reference,
    string ChildReference,
    Urgency Urgency,
    int NoticeDays,
    RequestStatus Status,
    PlacementType PlacementType,
    IReadOnlyList<PlacementType> AlsoSuitableTypes,
    DateTimeOffset NoticeReceivedAt,
    DateTimeOffset RequiredFrom,
    decimal WeeklyBudget,
    int MaxDistanceMiles,
    IReadOnlyList<Needs> Needs,
    string HomeLocality,
    DateTimeOffset CreatedAt,
    DateOnly DateOfBirth,
    Gender Gender,
    string Ethnicity,
    LegalStatus LegalStatus,
    bool IsSeparatedChild,
    string? HomePostcode,
    string? Summary,
    string Team,
    string BrokerEmail,
    int Version,
    RequestClosure? Closure,
    WithdrawalReason? WithdrawalReason,
    string? WithdrawalDetails,
    int? ReplacesPlacementId);

public sealed record SendReferralsBody
{
    public int? MatchingRunId { get; init; }
    public IReadOnlyList<int>? SettingIds { get; init; }
}

public sealed record MatchingRunResponse(
    int Id,
    int PlacementRequestId,
    DateTimeOffset RanAt,
    string RulesVersion,
    string Reason,
    int SettingsConsidered,
    IReadOnlyList<CandidateResponse> Candidates);

public sealed record CandidateResponse(
    int SettingId,
    string SettingName,
    string ProviderName,
    ContractArrangement Contract,
    EligibilityOutcome Outcome,
    int? Rank,
    decimal Score,
    double DistanceMiles,
    IReadOnlyDictionary<string, decimal> Breakdown,
    IReadOnlyList<ScoreLine> RulesFired,
    IReadOnlyList<RuleFinding> Reasons);

public sealed record ReferralResponse(
    int Id,
    int PlacementRequestId,
    int SettingId,
    string SettingName,
    string ProviderName,
    ReferralStatus Status,
    DateTimeOffset SentAt,
    DateTimeOffset RespondBy,
    DateTimeOffset? RespondedAt,
    OfferResponse? Offer,
    DeclineReason? DeclineReason,
    DateTimeOffset? ChasedAt,
    string? WithdrawnReason);

public sealed record OfferResponse(int Id, DateOnly AvailableFrom, decimal WeeklyCost, string? Conditions, OfferStatus Status);
