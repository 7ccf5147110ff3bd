using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Domain;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Notifications;

/// <summary>
/// Email to providers about referrals and offers. Before an offer is accepted a provider only
/// ever sees the anonymised profile: no name, date of birth, address or case summary. Every
/// request for an answer ends with the same call to action and link.
/// </summary>
public sealed class ProviderEmails(BrokerageLinks links, IOptions<CouncilOptions> council)
{
    private string Council => council.Value.Name;

    public Email ReferralSent(PlacementRequest request, Setting setting, Referral referral) => Signed(
        $"New {Display.Urgency(request.Urgency).ToLowerInvariant()} referral {request.Reference}-{referral.Id}: please respond by {UkTime.Format(referral.RespondBy)}",
        $"""
        {Council} would like to know if {setting.Name} can offer a placement.

        {Profile(request)}

        {AnswerBy(referral)}
        """);

    /// <summary>The anonymised profile, the same in every email that carries it.</summary>
    private static string Profile(PlacementRequest request)
    {
        var profile = AnonymisedProfile.For(request);
        return $"""
            Urgency: {Display.Urgency(request.Urgency)}
            Type of placement: {Display.PlacementTypesWanted(request.PlacementType, request.AlsoSuitableTypes)}
            Needed from: {UkTime.Format(request.RequiredFrom)}
            Child: {profile.AgeYears} years old, {Display.Gender(request.Gender)}, lives in the {profile.Locality} area
            Needs: {Display.NeedsList(request.Needs)}
            """;
    }

    /// <summary>The request changed after the referral went out: the provider sees the profile as it now stands.</summary>
    public Email ProfileChanged(PlacementRequest request, Setting setting, Referral referral, IReadOnlyList<string> changed) => Signed(
        $"Referral {request.Reference}-{referral.Id} has changed: {string.Join(", ", changed).ToLowerInvariant()}",
        $"""
        {Council} has changed the referral it sent {setting.Name}. What changed: {string.Join(", ", changed).ToLowerInvariant()}.

        {Profile(request)}

        {(referral.Status == ReferralStatus.Offered ? "If your offer still stands, you need do nothing. If it no longer does, please tell us on the referral page." : AnswerBy(referral))}
        {(referral.Status == ReferralStatus.Offered ? links.Absolute(links.ProviderReferral(referral.Id)) : "")}
        """);

    /// <summary>The council no longer needs a placement: nobody should keep a place or a reply open for it.</summary>
    public Email RequestWithdrawn(PlacementRequest request, Setting setting) => Signed(
        $"Referral {request.Reference} withdrawn: no reply needed",
        $"""
        {Council} has withdrawn referral {request.Reference}, sent to {setting.Name}: the child no longer needs this placement.

        You do not need to reply, and any place you were holding for this child is released. Thank you for considering the referral.
        """);

    /// <summary>The broker withdrew this one referral, with the reason the provider may know.</summary>
    public Email ReferralWithdrawn(PlacementRequest request, Setting setting, string reason) => Signed(
        $"Referral {request.Reference} withdrawn for {setting.Name}: no reply needed",
        $"""
        {Council} has withdrawn the referral {request.Reference} it sent {setting.Name}.

        Reason: {reason}

        You do not need to reply, and any place you were holding for this child is released.
        """);

    /// <summary>The child will not be coming: the place is the provider's again.</summary>
    public Email PlacementDidNotStart(PlacementRequest request, Setting setting) => Signed(
        $"Placement {request.Reference} at {setting.Name} will not start",
        $"""
        The placement {Council} agreed with {setting.Name} for {request.Reference} will not start: the child will not be moving in.

        The place is yours again, and you are free to offer it elsewhere. Thank you for your offer.
        """);

    /// <summary>The council's record of the ending, so the provider's and the council's dates agree.</summary>
    public Email PlacementEnding(PlacementRequest request, Placement placement) => Signed(
        $"Placement {request.Reference} at {placement.Setting.Name} {(placement.Status == PlacementStatus.Ended ? "ended" : "ends")} {UkTime.Format(placement.EndDate!.Value)}",
        $"""
        {Council} has recorded that the placement at {placement.Setting.Name} for {request.Reference} {(placement.Status == PlacementStatus.Ended ? "ended" : "ends")} on {UkTime.Format(placement.EndDate!.Value)}.

        Reason: {Display.EndReason(placement.EndReason!.Value)}
        {(placement.NoticeGivenOn is { } given ? $"Notice given: {UkTime.Format(given)} (the contract asks for {placement.NoticePeriodDays} days)" : "")}
        If these dates are not right, please reply to this email.
        """);

    /// <summary>A broker's chase by hand, between the scheduled ones.</summary>
    public Email Chase(Referral referral) => Signed(
        $"Please answer referral {referral.PlacementRequest.Reference}-{referral.Id} today",
        Reminder(referral, "A broker is waiting on your answer to this referral and has asked us to chase it."));

    /// <summary>The first chase, to the address referrals go to.</summary>
    public Email FirstReminder(Referral referral) => Signed(
        $"Reminder: referral {referral.PlacementRequest.Reference}-{referral.Id} needs your answer by {UkTime.Format(referral.RespondBy)}",
        Reminder(referral, "This is a reminder."));

    /// <summary>The second chase, to the provider's escalation contact.</summary>
    public Email SecondReminder(Referral referral) => Signed(
        $"Second reminder: referral {referral.PlacementRequest.Reference}-{referral.Id} is still unanswered",
        Reminder(referral, "We have not had an answer from your team, so we are writing to you as the escalation contact."));

    public Email OfferAccepted(PlacementRequest request, Setting setting, Placement placement) => Signed(
        $"Offer accepted: {request.Reference} at {setting.Name}",
        $"""
        Your offer of {setting.Name} for referral {request.Reference} has been accepted.

        Start date: {UkTime.Format(placement.StartDate)}
        Weekly cost: {Display.Money(placement.WeeklyCost)}
        {(placement.ApprovalReference is null ? "" : $"Approved by an assistant director (reference {placement.ApprovalReference}). ")}The placement is confirmed. The child's social worker will contact you with the placement plan.
        """);

    /// <summary>To a provider that offered (or did not answer) for one or more of its settings, when another placement was chosen.</summary>
    public Email NotSelected(PlacementRequest request, IReadOnlyList<Setting> settings, bool answered) => Signed(
        $"Outcome of referral {request.Reference}: not selected",
        answered
            ? $"""
                Thank you for responding to referral {request.Reference} for {Names(settings)}.

                Another placement has been chosen for this child, so we will not need your place this time.
                Your response has been recorded and counts towards your response rate.
                """
            : $"""
                The search for referral {request.Reference}, sent to {Names(settings)}, has closed: another placement has been chosen for this child.

                We did not receive an answer to {(settings.Count == 1 ? "this referral" : "every one of these referrals")}. Unanswered referrals count against your response rate.
                """);

    /// <summary>To a provider that declined every referral it had for the child, when the child was placed elsewhere.</summary>
    public Email SearchClosed(PlacementRequest request, IReadOnlyList<Setting> settings) => Signed(
        $"Search closed: referral {request.Reference}",
        $"""
        The search for referral {request.Reference}, which you declined for {Names(settings)}, has closed: the child has been placed.

        Thank you for answering. Your answer counts towards your response rate.
        """);

    private static string Names(IReadOnlyList<Setting> settings) =>
        settings.Count == 1 ? settings[0].Name : string.Join(", ", settings.Take(settings.Count - 1).Select(s => s.Name)) + " and " + settings[^1].Name;

    private string Reminder(Referral referral, string opening) => $"""
        {opening}

        {Council} sent {referral.Setting.Name} {WithArticle(Display.Urgency(referral.PlacementRequest.Urgency).ToLowerInvariant())} referral on {UkTime.Format(referral.SentAt)}.

        {AnswerBy(referral)}
        """;

    private static string WithArticle(string word) => ("aeiou".Contains(word[0], StringComparison.Ordinal) ? "an " : "a ") + word;

    /// <summary>The call to action every referral email ends with.</summary>
    private string AnswerBy(Referral referral) => $"""
        Please offer or decline by {UkTime.Format(referral.RespondBy)}:
        {links.Absolute(links.ProviderReferral(referral.Id))}

        If you cannot offer, declining quickly helps us find this child a home sooner.
        """;

    /// <summary>An offer accepted in principle: the provider holds the place free while the council completes its checks.</summary>
    public Email OfferHeld(Referral referral) => Signed(
        $"Offer accepted in principle: {referral.PlacementRequest.Reference} at {referral.Setting.Name}",
        $"""
        {Council} has accepted your offer of {referral.Setting.Name} in principle. Please hold the place free of charge until {UkTime.Format(referral.Offer!.HeldUntil!.Value)} while we complete our checks. We will confirm or release it before then.
        {links.Absolute(links.ProviderReferral(referral.Id))}
        """);

    /// <summary>A working day before a free hold lapses.</summary>
    public Email HoldEndsSoon(Referral referral) => Signed(
        $"Hold ends soon: {referral.PlacementRequest.Reference} at {referral.Setting.Name}",
        $"""
        The free hold {Council} asked for on {referral.Setting.Name} for referral {referral.PlacementRequest.Reference} ends {UkTime.Format(referral.Offer!.HeldUntil!.Value)}. We will confirm the placement or release the place before then.
        {links.Absolute(links.ProviderReferral(referral.Id))}
        """);

    /// <summary>The hold lapsed without a decision: the place is the provider's again.</summary>
    public Email HoldLapsed(Referral referral) => Signed(
        $"Hold lapsed: {referral.PlacementRequest.Reference} at {referral.Setting.Name}",
        $"""
        The free hold {Council} asked for on {referral.Setting.Name} for referral {referral.PlacementRequest.Reference} has lapsed, so you are free to offer the place elsewhere.
        {links.Absolute(links.ProviderReferral(referral.Id))}
        """);

    /// <summary>An assistant director declined to approve the placement: the offer is released.</summary>
    public Email NotTakenUp(PlacementRequest request, Setting setting) => Signed(
        $"Outcome of referral {request.Reference}: not taken up",
        $"Thank you for your offer of {setting.Name}. {Council} will not be taking up this place, so you are free to offer it elsewhere.");

    /// <summary>Every email to someone outside the council says at its foot which council it comes from.</summary>
    private Email Signed(string subject, string body) => new(subject, body.TrimEnd() + "\n\n" + council.Value.SignOff);
}

/// <summary>What a provider may know about a child before its offer is accepted.</summary>
public sealed record AnonymisedProfile(int AgeYears, Gender Gender, Needs Needs, string Locality, PlacementType PlacementType, Urgency Urgency, DateTime RequiredFrom, PlacementTypes AlsoSuitableTypes = PlacementTypes.None)
{
    /// <summary>The types the plan wants, as a provider reads them: the preferred one, and any others suitable.</summary>
    public string TypesWanted => Display.PlacementTypesWanted(PlacementType, AlsoSuitableTypes);

    public static AnonymisedProfile For(PlacementRequest request) => new(
        request.AgeOn(DateOnly.FromDateTime(UkTime.ToLocal(request.RequiredFrom))),
        request.Gender,
        request.Needs,
        request.HomeLocality,
        request.PlacementType,
        request.Urgency,
        request.RequiredFrom,
        request.AlsoSuitableTypes);
}
