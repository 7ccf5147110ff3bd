using Brokerage.Core.Domain;

namespace Brokerage.Core.Notifications;

/// <summary>
/// Email to the broker about an offer held free while the council decides: a working day's
/// warning before the hold lapses, and the lapse. The provider hears the same news in
/// <see cref="ProviderEmails"/>. Every method needs the referral's offer, request and setting.
/// </summary>
public sealed class PlacementEmails(Common.BrokerageLinks links)
{
    public Email HoldEndsSoon(Referral referral) => new(
        $"Hold ends soon: {referral.PlacementRequest.Reference} at {referral.Setting.Name}",
        $"""
        The free hold on {referral.Setting.Name} for {referral.PlacementRequest.Reference} ends {UkTime.Format(referral.Offer!.HeldUntil!.Value)}. Confirm the placement or release the place before then:
        {links.Absolute(links.Offers(referral.PlacementRequestId))}
        """);

    public Email HoldLapsed(Referral referral) => new(
        $"Hold lapsed: {referral.PlacementRequest.Reference} at {referral.Setting.Name}",
        $"""
        The free hold on {referral.Setting.Name} for {referral.PlacementRequest.Reference} has lapsed. The provider may offer the place elsewhere.
        {links.Absolute(links.Offers(referral.PlacementRequestId))}
        """);
}
