using Brokerage.Core.Approvals;
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
public sealed class OfferHoldsJob(BrokerageDbContext db, TimeProvider time, PlacementEmails brokerEmails, ProviderEmails providerEmails)
{
    public const string Actor = "system: hold sweep";

    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var warnings = await db.Offers.Where(o => o.Status == OfferStatus.HeldInPrinciple && o.HoldWarningSentAt == null && o.HoldWarningAt <= now && o.HeldUntil > now)
            .OrderBy(o => o.HoldWarningAt).ThenBy(o => o.Id).Select(o => o.Id).Take(500).ToListAsync(cancellationToken);
        var lapses = await db.Offers.Where(o => o.Status == OfferStatus.HeldInPrinciple && o.HeldUntil <= now)
            .OrderBy(o => o.HeldUntil).ThenBy(o => o.Id).Select(o => o.Id).Take(500).ToListAsync(cancellationToken);
        var actions = 0;

        foreach (var id in warnings)
        {
            actions += await ClaimAndTellBothSidesAsync(
                id,
                offers => offers.Where(o => o.HoldWarningSentAt == null).ExecuteUpdateAsync(u => u.SetProperty(o => o.HoldWarningSentAt, now), cancellationToken),
                brokerEmails.HoldEndsSoon,
                providerEmails.HoldEndsSoon,
                "HoldWarningSent",
                r => $"Warned that the hold on {r.Setting.Name} ends {UkTime.Format(r.Offer!.HeldUntil!.Value)}",
                now,
                cancellationToken);
        }

        foreach (var id in lapses)
        {
            actions += await ClaimAndTellBothSidesAsync(
                id,
                offers => offers.Where(o => o.HeldUntil <= now).ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, OfferStatus.HoldLapsed), cancellationToken),
                brokerEmails.HoldLapsed,
                providerEmails.HoldLapsed,
                "HoldLapsed",
                r => $"The hold on {r.Setting.Name} lapsed",
                now,
                cancellationToken,
                afterClaim: ReopenEscalationIfNothingWaitsAsync);
        }

        return actions;
    }

    /// <summary>Claims one held offer with a conditional update; only the run that changed it tells the broker and the provider.</summary>
    private async Task<int> ClaimAndTellBothSidesAsync(
        int offerId,
        Func<IQueryable<Offer>, Task<int>> claim,
        Func<Referral, Email> toBroker,
        Func<Referral, Email> toProvider,
        string action,
        Func<Referral, string> summary,
        DateTime now,
        CancellationToken cancellationToken,
        Func<Referral, DateTime, CancellationToken, Task>? afterClaim = null)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        if (await claim(db.Offers.Where(o => o.Id == offerId && o.Status == OfferStatus.HeldInPrinciple)) == 0)
        {
            return 0;
        }

        var referral = await LoadAsync(offerId, cancellationToken);
        if (afterClaim is not null)
        {
            await afterClaim(referral, now, cancellationToken);
        }

        db.Enqueue(now, referral.PlacementRequest.CreatedBy, toBroker(referral), referral.PlacementRequestId);
        db.Enqueue(now, referral.Setting.Provider.ReferralEmail, toProvider(referral), referral.PlacementRequestId);
        db.Audit(now, Actor, action, summary(referral), referral.PlacementRequestId, nameof(Offer), offerId);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return 1;
    }

    /// <summary>
    /// A search that was waiting on this offer would otherwise stall: with nothing else open,
    /// it becomes due for escalation (and so widening) straight away.
    /// </summary>
    private async Task ReopenEscalationIfNothingWaitsAsync(Referral referral, DateTime now, CancellationToken cancellationToken)
    {
        await db.WithdrawPendingApprovalsAsync(db.ApprovalRequests.Where(a => a.ReferralId == referral.Id), now, Actor, "the offer's free hold lapsed before a decision", cancellationToken);
        var waiting = await db.Offers.AnyAsync(o => o.Referral.PlacementRequestId == referral.PlacementRequestId && (o.Status == OfferStatus.Open || o.Status == OfferStatus.HeldInPrinciple), cancellationToken);
        if (!waiting)
        {
            await db.PlacementRequests
                .Where(r => r.Id == referral.PlacementRequestId && r.Status == RequestStatus.Searching)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.EscalateAt, now).SetProperty(r => r.EscalatedAt, (DateTime?)null), cancellationToken);
        }
    }

    private Task<Referral> LoadAsync(int offerId, CancellationToken cancellationToken) =>
        db.Referrals.AsNoTracking()
            .Include(r => r.Offer).Include(r => r.PlacementRequest).Include(r => r.Setting).ThenInclude(s => s.Provider)
            .SingleAsync(r => r.Offer != null && r.Offer.Id == offerId, cancellationToken);
}
