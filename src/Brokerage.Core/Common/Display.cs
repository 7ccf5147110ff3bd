using Brokerage.Core.Domain;

namespace Brokerage.Core.Common;

/// <summary>The words the brokerage team uses for each value, in one place.</summary>
public static class Display
{
    public static string Urgency(Urgency value) => value switch
    {
        Domain.Urgency.Crisis => "Crisis",
        Domain.Urgency.Emergency => "Emergency",
        Domain.Urgency.ShortNotice => "Short notice",
        _ => "Planned",
    };

    public static string PlacementType(PlacementType value) => value switch
    {
        Domain.PlacementType.Fostering => "Foster care",
        Domain.PlacementType.ChildrensHome => "Children's home",
        Domain.PlacementType.SupportedAccommodation => "Supported accommodation",
        _ => "CQC-registered care home",
    };

    /// <summary>"Foster care", or "Foster care (preferred); also suitable: Children's home".</summary>
    public static string PlacementTypesWanted(PlacementType preferred, PlacementTypes alsoSuitable) =>
        alsoSuitable == Domain.PlacementTypes.None ? PlacementType(preferred) : $"{PlacementType(preferred)} (preferred); also suitable: {PlacementTypes(alsoSuitable)}";

    /// <summary>A set of types in running text, "None" when empty.</summary>
    public static string PlacementTypes(PlacementTypes value) =>
        value == Domain.PlacementTypes.None
            ? "None"
            : string.Join(", ", Enum.GetValues<PlacementType>().Where(t => value.HasFlag(t.AsSet())).Select(PlacementType));

    public static string Contract(ContractArrangement value) => value switch
    {
        ContractArrangement.InHouse => "In-house",
        ContractArrangement.BlockContract => "Block contract",
        ContractArrangement.Framework => "Framework",
        _ => "Spot purchase",
    };

    public static string Registration(Registration value) => value switch
    {
        Domain.Registration.OfstedChildrensHome => "Ofsted: children's home",
        Domain.Registration.OfstedFosteringAgency => "Ofsted: fostering agency",
        Domain.Registration.OfstedSupportedAccommodation => "Ofsted: supported accommodation",
        Domain.Registration.Cqc => "CQC",
        Domain.Registration.Unregistered => "Unregistered",
        _ => "Unregulated",
    };

    public static string Rating(OfstedRating? value) => value switch
    {
        OfstedRating.Outstanding => "Outstanding",
        OfstedRating.Good => "Good",
        OfstedRating.RequiresImprovement => "Requires improvement",
        OfstedRating.Inadequate => "Inadequate",
        OfstedRating.NotYetInspected => "Not yet inspected",
        _ => "Not applicable",
    };

    public static string UnavailableReason(UnavailableReason value) => value switch
    {
        Domain.UnavailableReason.CarerRespite => "Carer's respite or holiday",
        Domain.UnavailableReason.Staffing => "Staffing",
        Domain.UnavailableReason.MatchingWithChildInPlace => "Kept free to meet the needs of a child already there",
        Domain.UnavailableReason.AwaitingChildMovingIn => "Waiting for a child to move in",
        Domain.UnavailableReason.RepairsOrRefurbishment => "Repairs or refurbishment",
        _ => "Other",
    };

    public static string Gender(Gender value) => value == Domain.Gender.NonBinary ? "Non-binary" : value.ToString();

    public static string LegalStatus(LegalStatus value) => value switch
    {
        Domain.LegalStatus.Section20 => "Accommodated under section 20",
        Domain.LegalStatus.InterimCareOrder => "Interim care order",
        Domain.LegalStatus.CareOrder => "Care order",
        Domain.LegalStatus.PlacementOrder => "Placement order",
        Domain.LegalStatus.RemandToLocalAuthority => "Remanded to local authority accommodation",
        Domain.LegalStatus.PoliceProtection => "Police protection",
        _ => "Emergency protection order",
    };

    public static string Need(Domain.Needs value) => value switch
    {
        Domain.Needs.MentalHealth => "Mental health, self-harm or suicidal ideation",
        Domain.Needs.CriminalExploitation => "Criminal exploitation",
        Domain.Needs.SexualExploitation => "Sexual exploitation",
        Domain.Needs.ComplexDisability => "Complex disability, including autism and behaviour that challenges",
        Domain.Needs.ComplexHealth => "Complex health or nursing care",
        Domain.Needs.Trauma => "Trauma from abuse",
        Domain.Needs.Semh => "Social, emotional and mental health (SEMH)",
        Domain.Needs.SoloOrDualPlacement => "Needs a solo or dual placement",
        Domain.Needs.ReturningFromCustody => "Returning from custody or secure remand",
        Domain.Needs.StepDownFromHospital => "Step-down from hospital",
        Domain.Needs.ParentAndChild => "Parent and child",
        Domain.Needs.SiblingGroup => "Sibling group",
        Domain.Needs.SeparatedChild => "Separated (unaccompanied asylum-seeking) child",
        _ => value.ToString(),
    };

    public static IEnumerable<Domain.Needs> EachNeed(Domain.Needs needs) =>
        Enum.GetValues<Domain.Needs>().Where(n => n != Domain.Needs.None && needs.HasFlag(n));

    public static string NeedsList(Domain.Needs needs) =>
        needs == Domain.Needs.None ? "None recorded" : string.Join("; ", EachNeed(needs).Select(Need));

    public static string DeclineReason(DeclineReason value) => value switch
    {
        Domain.DeclineReason.NoVacancy => "No vacancy",
        Domain.DeclineReason.CannotMeetNeeds => "Cannot meet the child's needs",
        Domain.DeclineReason.ImpactOnOtherChildren => "Impact on children already living there",
        Domain.DeclineReason.LocationNotSuitable => "Location not suitable",
        Domain.DeclineReason.CostNotAgreed => "Cost not agreed",
        _ => "Other",
    };

    public static string WithdrawalReason(WithdrawalReason value) => value switch
    {
        Domain.WithdrawalReason.NoLongerNeeded => "No longer needed",
        Domain.WithdrawalReason.PlacedByAnotherRoute => "Placed by another route",
        Domain.WithdrawalReason.ReturnedHome => "Child returned home",
        Domain.WithdrawalReason.StayingInCurrentPlacement => "Staying in the current placement",
        Domain.WithdrawalReason.Duplicate => "Duplicate request",
        _ => "Other",
    };

    public static string EndReason(EndReason value) => value switch
    {
        Domain.EndReason.ProviderNotice => "The provider gave notice",
        Domain.EndReason.CouncilDecision => "The council ended it",
        Domain.EndReason.NeedsChanged => "The child's needs changed",
        Domain.EndReason.ChildWishes => "The child's wishes",
        Domain.EndReason.Breakdown => "The placement broke down",
        Domain.EndReason.ReturnedHome => "The child returned home",
        Domain.EndReason.Permanence => "Adoption, special guardianship or a child arrangements order",
        Domain.EndReason.LeftCare => "The child left care",
        _ => "Other",
    };

    public static string CostChangeReason(CostChangeReason value) => value switch
    {
        Domain.CostChangeReason.FeeUplift => "Fee uplift",
        Domain.CostChangeReason.PackageReview => "Package review",
        Domain.CostChangeReason.NeedsChanged => "The child's needs changed",
        _ => "Other",
    };

    public static string PlacementStatus(PlacementStatus value) => value switch
    {
        Domain.PlacementStatus.Confirmed => "Confirmed, not started",
        Domain.PlacementStatus.Started => "Started",
        Domain.PlacementStatus.DidNotStart => "Did not start",
        _ => "Ended",
    };

    public static string Outcome(EligibilityOutcome value) => value switch
    {
        EligibilityOutcome.Eligible => "Eligible",
        EligibilityOutcome.NeedsApproval => "Needs approval",
        _ => "Excluded",
    };

    /// <summary>"OfferAccepted" becomes "Offer accepted", for audit actions on the timeline.</summary>
    public static string Sentence(string pascalCase) =>
        string.Concat(pascalCase.Select((c, i) => i > 0 && char.IsUpper(c) ? " " + char.ToLowerInvariant(c) : c.ToString()));

    /// <summary>"1 referral", "3 referrals", "2.5 hours"; <paramref name="many"/> where the plural is not the word with an s.</summary>
    public static string Count(double count, string one, string? many = null) =>
        $"{count.ToString("#,##0.##", System.Globalization.CultureInfo.InvariantCulture)} {(count == 1 ? one : many ?? one + "s")}";

    public static string Money(decimal value) => value.ToString("£#,##0.##", System.Globalization.CultureInfo.InvariantCulture);

    public static string QualityCheck(Domain.QualityCheck value) => value switch
    {
        Domain.QualityCheck.AccommodationVisited => "Accommodation visited and seen to be safe and suitable",
        Domain.QualityCheck.StaffVettingSeen => "Staff DBS and safer-recruitment checks seen",
        Domain.QualityCheck.SafeguardingPoliciesSeen => "Safeguarding and missing-from-care policies seen",
        Domain.QualityCheck.SafetyCertificatesSeen => "Fire, gas and electrical safety certificates seen",
        Domain.QualityCheck.InsuranceSeen => "Public liability insurance seen",
        Domain.QualityCheck.ReferencesTaken => "References taken from other local authorities",
        Domain.QualityCheck.RegistrationApplicationSeen => "Ofsted registration application seen",
        _ => value.ToString(),
    };

    public static IEnumerable<Domain.QualityCheck> EachQualityCheck() =>
        Enum.GetValues<Domain.QualityCheck>().Where(c => c != Domain.QualityCheck.None);

    public static string VisitingFrequency(Domain.VisitingFrequency value) => value switch
    {
        Domain.VisitingFrequency.Daily => "Daily",
        Domain.VisitingFrequency.TwiceWeekly => "Twice a week",
        Domain.VisitingFrequency.Weekly => "Weekly",
        _ => "Every two weeks",
    };

    public static string ApprovalStatus(Domain.ApprovalStatus value) => value switch
    {
        Domain.ApprovalStatus.Pending => "Awaiting decision",
        Domain.ApprovalStatus.Approved => "Approved",
        Domain.ApprovalStatus.ApprovedWithConditions => "Approved with conditions",
        Domain.ApprovalStatus.Declined => "Declined",
        Domain.ApprovalStatus.Withdrawn => "Withdrawn: the offer is no longer available",
        _ => "Closed",
    };

    public static string ReviewOutcome(Domain.ReviewOutcome value) => value switch
    {
        Domain.ReviewOutcome.Continue => "Continue",
        Domain.ReviewOutcome.ContinueWithConditions => "Continue with conditions",
        _ => "Close: the placement has ended or the provider is now registered",
    };

    public static string Genders(GendersAccepted value) => value switch
    {
        GendersAccepted.Female => "girls",
        GendersAccepted.Male => "boys",
        _ => "any gender",
    };

    /// <summary>A vacancy's status; <paramref name="council"/> is the council's short name, as in "Open to Wessex".</summary>
    public static string VacancyStatus(Domain.VacancyStatus value, string council) => value switch
    {
        Domain.VacancyStatus.Open => $"Open to {council}",
        Domain.VacancyStatus.OfferedToCouncil => $"Offered for {WithArticle(council)} child",
        Domain.VacancyStatus.InScheme => "Offered through the regional scheme",
        Domain.VacancyStatus.Matched => "Matched",
        Domain.VacancyStatus.Expired => "Left the scheme",
        _ => "Withdrawn",
    };

    /// <summary>"an Avonshire", "a Wessex": the article that reads before a name.</summary>
    private static string WithArticle(string name) =>
        (name.Length > 0 && "AEIOUaeiou".Contains(name[0], StringComparison.Ordinal) ? "an " : "a ") + name;
}
