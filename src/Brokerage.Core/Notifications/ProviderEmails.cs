using Brokerage.Core.Common;
using Brokerage.Core.Domain;

namespace Brokerage.Core.Notifications;

/// <summary>
/// Email text for providers. Before an offer is accepted a provider only ever sees the
/// anonymised profile: no name, date of birth, address or case summary.
/// </summary>
public static class ProviderEmails
{
    public static string ReferralSent(PlacementRequest request, Setting setting, Referral referral, string baseUrl)
    {
        var profile = AnonymisedProfile.For(request);
        return $"""
            Ambershire County Council would like to know if {setting.Name} can offer a placement.

            Urgency: {Display.Urgency(request.Urgency)}
            Type of placement: {Display.PlacementType(request.PlacementType)}
            Needed from: {UkTime.Format(request.RequiredFrom)}
            Child: {profile.AgeYears} years old, {Display.Gender(request.Gender)}, lives in the {profile.Locality} area
            Needs: {Display.NeedsList(request.Needs)}

            Please offer or decline by {UkTime.Format(referral.RespondBy)}:
            {baseUrl.TrimEnd('/')}/provider/referrals/{referral.Id}

            If you cannot offer, declining quickly helps us find this child a home sooner.
            """;
    }

    public static string OfferAccepted(PlacementRequest request, Setting setting, Placement placement) => $"""
        Your offer of {setting.Name} for referral {request.Reference} has been accepted.

        Start date: {UkTime.Format(placement.StartDate)}
        Weekly cost: {Display.Money(placement.WeeklyCost)}
        {(placement.ApprovalReference is null ? "" : $"Approved by an assistant director (reference {placement.ApprovalReference}). ")}The placement is confirmed. The child's social worker will contact you with the placement plan.
        """;

    public static string NotSelected(PlacementRequest request, Setting setting, bool answered) => answered
        ? $"""
            Thank you for responding to referral {request.Reference} for {setting.Name}.

            Another placement has been chosen for this child, so we will not need your place this time.
            Your response has been recorded and counts towards your response rate.
            """
        : $"""
            The search for referral {request.Reference}, sent to {setting.Name}, has closed: another placement has been chosen for this child.

            We did not receive an answer to this referral. Unanswered referrals count against your response rate.
            """;
}

/// <summary>What a provider may know about a child before its offer is accepted.</summary>
public sealed record AnonymisedProfile(int AgeYears, Gender Gender, Needs Needs, string Locality, PlacementType PlacementType, Urgency Urgency, DateTime RequiredFrom)
{
    public static AnonymisedProfile For(PlacementRequest request) => new(
        request.AgeOn(DateOnly.FromDateTime(UkTime.ToLocal(request.RequiredFrom))),
        request.Gender,
        request.Needs,
        request.HomeLocality,
        request.PlacementType,
        request.Urgency,
        request.RequiredFrom);
}
