namespace Brokerage.Core.Domain;

public enum Urgency
{
    Crisis,
    Emergency,
    ShortNotice,
    Planned,
}

public enum ContractArrangement
{
    InHouse,
    BlockContract,
    Framework,
    Spot,
}

public enum PlacementType
{
    Fostering,
    ChildrensHome,
    SupportedAccommodation,
    CareHome,
}

/// <summary>
/// A set of placement types, for the types a child's plan finds suitable besides the preferred one
/// (the DfE Placements Data Standard records preferred, suitable or not suitable per type).
/// </summary>
[Flags]
public enum PlacementTypes
{
    None = 0,
    Fostering = 1 << (int)PlacementType.Fostering,
    ChildrensHome = 1 << (int)PlacementType.ChildrensHome,
    SupportedAccommodation = 1 << (int)PlacementType.SupportedAccommodation,
    CareHome = 1 << (int)PlacementType.CareHome,
}

public enum Registration
{
    OfstedChildrensHome,
    OfstedFosteringAgency,
    OfstedSupportedAccommodation,
    Cqc,
    Unregistered,
    Unregulated,
}

public enum OfstedRating
{
    Outstanding,
    Good,
    RequiresImprovement,
    Inadequate,
    NotYetInspected,
}

public enum Gender
{
    Female,
    Male,
    NonBinary,
}

public enum GendersAccepted
{
    Any,
    Female,
    Male,
}

public enum LegalStatus
{
    Section20,
    InterimCareOrder,
    CareOrder,
    PlacementOrder,
    RemandToLocalAuthority,
    PoliceProtection,
    EmergencyProtectionOrder,
}

/// <summary>The needs from the council's sufficiency strategy that matching must understand.</summary>
[Flags]
public enum Needs
{
    None = 0,
    MentalHealth = 1 << 0,
    CriminalExploitation = 1 << 1,
    SexualExploitation = 1 << 2,
    ComplexDisability = 1 << 3,
    ComplexHealth = 1 << 4,
    Trauma = 1 << 5,
    Semh = 1 << 6,
    SoloOrDualPlacement = 1 << 7,
    ReturningFromCustody = 1 << 8,
    StepDownFromHospital = 1 << 9,
    ParentAndChild = 1 << 10,
    SiblingGroup = 1 << 11,
    SeparatedChild = 1 << 12,
}

public enum EligibilityOutcome
{
    Eligible,
    NeedsApproval,
    Excluded,
}

public enum RequestStatus
{
    Open,
    Searching,
    Placed,
    Closed,
}

public enum ReferralStatus
{
    Sent,
    Offered,
    Declined,
    NoResponse,
    Accepted,
    NotSelected,

    /// <summary>The council withdrew the referral, or the whole request.</summary>
    Withdrawn,
}

public enum DeclineReason
{
    NoVacancy,
    CannotMeetNeeds,
    ImpactOnOtherChildren,
    LocationNotSuitable,
    CostNotAgreed,
    Other,
}

public enum OfferStatus
{
    Open,
    HeldInPrinciple,
    HoldLapsed,
    Accepted,
    NotSelected,
    Withdrawn,
}

public enum PlacementStatus
{
    /// <summary>Agreed with the provider; the child has not arrived yet.</summary>
    Confirmed,
    Started,

    /// <summary>The child never arrived; the request was re-opened.</summary>
    DidNotStart,
    Ended,
}

/// <summary>Why a request was withdrawn before a placement started.</summary>
public enum WithdrawalReason
{
    NoLongerNeeded,
    PlacedByAnotherRoute,
    ReturnedHome,
    StayingInCurrentPlacement,
    Duplicate,
    Other,
}

/// <summary>How a request came to be closed.</summary>
public enum RequestClosure
{
    PlacementStarted,
    Withdrawn,
}

/// <summary>Who ended a placement and why, as the sufficiency strategy counts endings.</summary>
public enum EndReason
{
    ProviderNotice,
    CouncilDecision,
    NeedsChanged,
    ChildWishes,
    Breakdown,
    ReturnedHome,
    Permanence,
    LeftCare,
    Other,
}

/// <summary>Why a placement's weekly cost changed.</summary>
public enum CostChangeReason
{
    FeeUplift,
    PackageReview,
    NeedsChanged,
    Other,
}

public enum OutboxStatus
{
    Pending,
    Sent,
    Failed,
}

public enum ReferralOrigin
{
    Referral,
    ProviderInterest,
    Vacancy,
}

public static class PlacementTypeSets
{
    public static PlacementTypes AsSet(this PlacementType type) => (PlacementTypes)(1 << (int)type);

    public static PlacementTypes AsSet(this IEnumerable<PlacementType> types) => types.Aggregate(PlacementTypes.None, (set, type) => set | type.AsSet());
}
