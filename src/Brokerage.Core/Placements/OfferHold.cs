using Brokerage.Core.Auditing;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Brokerage.Core.Rules;

namespace Brokerage.Core.Placements;

public static class OfferHold
{
    /// <summary>
    /// Puts an open offer on a free hold for the working days in rules/sla.json and tells the
    /// provider, in the caller's unit of work. Needs the referral's offer, request, setting and provider.
    /// </summary>
    public static void HoldOffer(this BrokerageDbContext db, RuleSet rules, ProviderEmails providerEmails, Referral referral, DateTime now, string actor)
    {
        var offer = referral.Offer!;
        var hold = rules.Sla.ForHold(now);
        offer.Status = OfferStatus.HeldInPrinciple;
        offer.HeldUntil = hold.HeldUntil;
        offer.HoldWarningAt = hold.WarningAt;
        offer.HoldWarningSentAt = null;
        offer.HeldBy = actor;
        db.Audit(now, actor, "OfferHeld", $"Offer from {referral.Setting.Provider.Name} for {referral.Setting.Name} accepted in principle; held free until {UkTime.Format(hold.HeldUntil)}", referral.PlacementRequestId, nameof(Offer), offer.Id);
        db.Enqueue(now, referral.Setting.Provider.ReferralEmail, providerEmails.OfferHeld(referral), referral.PlacementRequestId);
    }
}
