using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Domain;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Notifications;

/// <summary>
/// Email about vacancies: to the placements team when a provider offers a place before it is
/// asked for, and to providers about their vacancies and the scheme's matches. A provider only
/// ever learns the anonymised profile of one of the council's children. Every request to
/// confirm a scheme match ends with the same call to action and link.
/// </summary>
public sealed class VacancyEmails(BrokerageLinks links, IOptions<CouncilOptions> council)
{
    private string Council => council.Value.Name;

    /// <summary>To the team manager: a new vacancy and how many waiting children it could suit. Needs the setting and its provider.</summary>
    public Email Notified(Vacancy vacancy) => Signed(
        $"New vacancy at {vacancy.Setting.Name}: {vacancy.Matches.Count} waiting child(ren) could suit it",
        $"""
        {vacancy.Setting.Provider.Name} has notified a vacancy at {vacancy.Setting.Name} from {UkTime.Format(vacancy.ReadyFrom)}.

        See the children it could suit:
        {links.Absolute(links.Vacancy(vacancy.Id))}
        """);

    /// <summary>To the broker who made the request: a provider offers a place for it unasked.</summary>
    public Email ProviderInterest(PlacementRequest request, Setting setting, Offer offer) => Signed(
        $"Provider interest in {request.Reference}: {setting.Name}",
        $"""
        {setting.Provider.Name} has seen the open search {request.Reference} and offers {setting.Name} at {Display.Money(offer.WeeklyCost)} a week from {UkTime.Format(offer.AvailableFrom)}.

        Compare it with the other offers:
        {links.Absolute(links.Offers(request.Id))}
        """);

    /// <summary>To the provider: the council has made its vacancy an offer for one of its own children, described only by the anonymised profile.</summary>
    public Email ConsideredForChild(Vacancy vacancy, PlacementRequest request)
    {
        var profile = AnonymisedProfile.For(request);
        return Signed(
            $"Your vacancy at {vacancy.Setting.Name} is being considered for a child",
            $"""
            {Council} is considering your vacancy at {vacancy.Setting.Name} for a child of {profile.AgeYears} ({Display.Gender(profile.Gender)}), needs: {Display.NeedsList(profile.Needs)}.

            Please keep the place while we decide; we will tell you the outcome.
            """);
    }

    /// <summary>To the provider: the council has no child for the vacancy and has released it to the regional scheme. Needs <see cref="Vacancy.HeldUntil"/>.</summary>
    public Email ReleasedToScheme(Vacancy vacancy) => Signed(
        $"Your vacancy at {vacancy.Setting.Name} has been offered to the regional scheme",
        $"""
        {Council} has no child for your vacancy at {vacancy.Setting.Name} and has offered it to the other authorities in the regional fostering vacancy scheme, in rota order.

        Please hold it free of charge until {UkTime.Format(vacancy.HeldUntil!.Value)}. We will tell you each answer.
        """);

    /// <summary>To the provider: an authority has accepted the vacancy and sent its child's profile to confirm or decline.</summary>
    public Email SchemeAccepted(RotaOffer offer) => Signed(
        $"{offer.SchemeAuthority.Name} would like your vacancy at {offer.Vacancy.Setting.Name}: confirm the match by {UkTime.Format(offer.ProfileConfirmBy!.Value)}",
        $"""
        {offer.SchemeAuthority.Name} has accepted your vacancy at {offer.Vacancy.Setting.Name} through the regional scheme, on {offer.Terms} terms at {Display.Money(offer.AgreedWeeklyCost!.Value)} a week.

        Child profile: {offer.ChildProfile}

        {ConfirmBy(offer)}
        """);

    /// <summary>To the provider: the chase before an unconfirmed profile is refused.</summary>
    public Email ProfileReminder(RotaOffer offer) => Signed(
        $"Reminder: confirm the match for {offer.Vacancy.Setting.Name} by {UkTime.Format(offer.ProfileConfirmBy!.Value)}",
        $"""
        {offer.SchemeAuthority.Name} is waiting for you to confirm or decline its child for {offer.Vacancy.Setting.Name}.

        {ConfirmBy(offer)}
        """);

    /// <summary>To the provider: the profile was refused because the provider did not answer in time.</summary>
    public Email ProfileNotConfirmed(RotaOffer offer) => Signed(
        $"Match not confirmed in time: {offer.Vacancy.Setting.Name}",
        $"You did not confirm {offer.SchemeAuthority.Name}'s child in time, so the profile has been refused. The vacancy is offered to the next authority while your hold lasts.");

    /// <summary>To the provider: an authority refused the vacancy. Needs <see cref="RotaOffer.RefusalReason"/>.</summary>
    public Email SchemeRefused(RotaOffer offer) => Signed(
        $"{offer.SchemeAuthority.Name} refused your vacancy at {offer.Vacancy.Setting.Name}",
        $"{offer.SchemeAuthority.Name} could not use your vacancy ({Display.Sentence(offer.RefusalReason!.Value.ToString()).ToLowerInvariant()}). It is being offered to the next authority in the rota while your hold lasts.");

    /// <summary>To the provider: no authority took the vacancy, for the reason given.</summary>
    public Email LeftScheme(Vacancy vacancy, string why) => Signed(
        $"Your vacancy at {vacancy.Setting.Name} has left the regional scheme",
        $"No authority in the regional scheme has taken your vacancy at {vacancy.Setting.Name}: {why}. You are free to offer it outside the scheme.");

    /// <summary>The call to action every request to confirm a scheme match ends with.</summary>
    private string ConfirmBy(RotaOffer offer) => $"""
        Please confirm or decline the match by {UkTime.Format(offer.ProfileConfirmBy!.Value)}:
        {links.Absolute(links.ProviderVacancies())}

        Without an answer the profile is refused and the vacancy offered to the next authority.
        """;

    /// <summary>Every email to someone outside the council says at its foot which council it comes from.</summary>
    private Email Signed(string subject, string body) => new(subject, body.TrimEnd() + "\n\n" + council.Value.SignOff);
}
