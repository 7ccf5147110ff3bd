using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Domain;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Notifications;

/// <summary>
/// Email to the partner authorities of the regional fostering vacancy scheme about the vacancies
/// offered to them in rota order. The offer carries the secret link that is the authority's only
/// way in; nothing else does.
/// </summary>
public sealed class SchemeEmails(BrokerageLinks links, IOptions<CouncilOptions> council)
{
    /// <summary>The vacancy, offered to the next authority in the rota, with the secret link to answer it. Needs the setting and its provider.</summary>
    public Email Offered(RotaOffer offer, string secret)
    {
        var vacancy = offer.Vacancy;
        return Signed(
            $"Fostering vacancy offered through the regional scheme: please answer by {UkTime.Format(offer.RespondBy)}",
            $"""
            {council.Value.Name} offers this fostering vacancy through the regional fostering vacancy scheme. {offer.SchemeAuthority.Name} is next in the rota.

            Carer household: {vacancy.Setting.Name}, {vacancy.Setting.Locality} ({vacancy.Setting.Provider.Name})
            Suits: ages {vacancy.MinAge} to {vacancy.MaxAge}, {Display.Genders(vacancy.Genders)}{(vacancy.CanMeet == Needs.None ? "" : "; can meet: " + Display.NeedsList(vacancy.CanMeet))}
            Ready: {UkTime.Format(vacancy.ReadyFrom)}{(vacancy.ReadyBy is { } by ? " to " + UkTime.Format(by) + " (not yet confirmed)" : "")}
            Weekly cost: {Display.Money(vacancy.WeeklyCost)}

            Accept or refuse by {UkTime.Format(offer.RespondBy)}:
            {links.Absolute(links.SchemeOffer(secret))}

            No answer by then counts as a refusal, and your authority moves to the back of the rota.
            """);
    }

    /// <summary>The authority's acceptance and child profile have gone to the provider. Needs <see cref="RotaOffer.ProfileConfirmBy"/>.</summary>
    public Email AcceptanceSent(RotaOffer offer) => Signed(
        $"Vacancy at {offer.Vacancy.Setting.Name}: your acceptance has been sent to the provider",
        $"Thank you. The provider has until {UkTime.Format(offer.ProfileConfirmBy!.Value)} to confirm the match with your child's profile.");

    public Email MatchConfirmed(RotaOffer offer) => Signed(
        $"Match confirmed: {offer.Vacancy.Setting.Name}",
        $"{offer.Vacancy.Setting.Provider.Name} has confirmed the match with your child for {offer.Vacancy.Setting.Name}. Contact them at {offer.Vacancy.Setting.Provider.ReferralEmail} to plan the move.");

    public Email MatchDeclined(RotaOffer offer) => Signed(
        $"Match declined: {offer.Vacancy.Setting.Name}",
        $"{offer.Vacancy.Setting.Provider.Name} cannot match your child with {offer.Vacancy.Setting.Name}. The vacancy is offered to the next authority while the hold lasts.");

    /// <summary>The provider did not confirm the authority's child in time.</summary>
    public Email ProfileNotConfirmed(RotaOffer offer) => Signed(
        $"Match not confirmed: {offer.Vacancy.Setting.Name}",
        "The provider did not confirm the match with your child in time, so the profile has been refused and the vacancy offered to the next authority while the hold lasts.");

    /// <summary>The authority did not answer in time: a refusal, and it moves to the back of the rota.</summary>
    public Email Lapsed(RotaOffer offer) => Signed(
        $"Vacancy offer lapsed: {offer.Vacancy.Setting.Name}",
        $"You did not answer the offer of the vacancy at {offer.Vacancy.Setting.Name} by {UkTime.Format(offer.RespondBy)}. It counts as a refusal and your authority has moved to the back of the rota.");

    /// <summary>The provider withdrew a vacancy the authority had been offered or had accepted.</summary>
    public Email Withdrawn(Vacancy vacancy) => Signed(
        $"Vacancy withdrawn: {vacancy.Setting.Name}",
        $"The provider has withdrawn the vacancy at {vacancy.Setting.Name} offered to you through the scheme. No action is needed.");

    /// <summary>The free hold ended while the authority's offer or acceptance was open.</summary>
    public Email NoLongerAvailable(Vacancy vacancy) => Signed(
        $"Vacancy no longer available: {vacancy.Setting.Name}",
        $"The free hold on the vacancy at {vacancy.Setting.Name} has ended, so it has left the scheme. No action is needed.");

    /// <summary>Every email to someone outside the council says at its foot which council it comes from.</summary>
    private Email Signed(string subject, string body) => new(subject, body.TrimEnd() + "\n\n" + council.Value.SignOff);
}
