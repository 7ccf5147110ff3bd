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
}

public enum PlacementStatus
{
    Confirmed,
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
