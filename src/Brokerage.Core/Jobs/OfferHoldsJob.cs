using Brokerage.Core.Auditing;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Jobs;

/// <summary>
/// Warns broker and provider a working day before a free hold lapses, then lapses it and
/// tells both. Claimed with conditional updates, so repeated or concurrent runs act once.
/// </summary>
public sealed class OfferHoldsJob(BrokerageDbContext db, TimeProvider time)
{
    public const string Actor = "system: hold sweep";

    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var warnings = await db.Offers.Where(o => o.Status == OfferStatus.HeldInPrinciple && o.HoldWarningSentAt == null && o.HoldWarningAt <= now && o.HeldUntil > now)
            .Select(o => o.Id).Take(500).ToListAsync(cancellationToken);
        var lapses = await db.Offers.Where(o => o.Status == OfferStatus.HeldInPrinciple && o.HeldUntil <= now)
            .Select(o => o.Id).Take(500).ToListAsync(cancellationToken);
        var actions = 0;

        foreach (var id in warnings)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var claimed = await db.Offers.Where(o => o.Id == id && o.Status == OfferStatus.HeldInPrinciple && o.HoldWarningSentAt == null)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.HoldWarningSentAt, now), cancellationToken);
            if (claimed == 1)
            {
                var referral = await LoadAsync(id, cancellationToken);
                var text = $"The free hold on {referral.Setting.Name} for {referral.PlacementRequest.Reference} ends {UkTime.Format(referral.Offer!.HeldUntil!.Value)}. Confirm the placement or release the place before then.";
                db.Enqueue(now, referral.PlacementRequest.CreatedBy, $"Hold ends soon: {referral.PlacementRequest.Reference} at {referral.Setting.Name}", text, referral.PlacementRequestId);
                db.Enqueue(now, referral.Setting.Provider.ReferralEmail, $"Hold ends soon: {referral.PlacementRequest.Reference} at {referral.Setting.Name}", text, referral.PlacementRequestId);
                db.Audit(now, Actor, "HoldWarningSent", $"Warned that the hold on {referral.Setting.Name} ends {UkTime.Format(referral.Offer.HeldUntil.Value)}", referral.PlacementRequestId, nameof(Offer), id);
                await db.SaveChangesAsync(cancellationToken);
                actions++;
            }

            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        foreach (var id in lapses)
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var claimed = await db.Offers.Where(o => o.Id == id && o.Status == OfferStatus.HeldInPrinciple && o.HeldUntil <= now)
                .ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, OfferStatus.HoldLapsed), cancellationToken);
            if (claimed == 1)
            {
                var referral = await LoadAsync(id, cancellationToken);
                var text = $"The free hold on {referral.Setting.Name} for {referral.PlacementRequest.Reference} has lapsed. The provider may offer the place elsewhere.";
                db.Enqueue(now, referral.PlacementRequest.CreatedBy, $"Hold lapsed: {referral.PlacementRequest.Reference} at {referral.Setting.Name}", text, referral.PlacementRequestId);
                db.Enqueue(now, referral.Setting.Provider.ReferralEmail, $"Hold lapsed: {referral.PlacementRequest.Reference} at {referral.Setting.Name}", text, referral.PlacementRequestId);
                db.Audit(now, Actor, "HoldLapsed", $"The hold on {referral.Setting.Name} lapsed", referral.PlacementRequestId, nameof(Offer), id);
                await db.SaveChangesAsync(cancellationToken);
                actions++;
            }

            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return actions;
    }

    private Task<Referral> LoadAsync(int offerId, CancellationToken cancellationToken) =>
        db.Referrals.AsNoTracking()
            .Include(r => r.Offer).Include(r => r.PlacementRequest).Include(r => r.Setting).ThenInclude(s => s.Provider)
            .SingleAsync(r => r.Offer != null && r.Offer.Id == offerId, cancellationToken);
}
