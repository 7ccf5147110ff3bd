using System.Linq.Expressions;
using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Referrals;

public sealed record MakeOfferOptions(int ReferralId, int ProviderId, DateOnly AvailableFrom, decimal WeeklyCost, string? Conditions, string Actor);

public sealed record DeclineReferralOptions(int ReferralId, int ProviderId, DeclineReason Reason, string? Details, string Actor);

/// <summary>A provider's answer to a referral. Every query is scoped to the provider's own organisation.</summary>
public sealed class ProviderResponseService(BrokerageDbContext db, TimeProvider time, BrokerEmails brokerEmails, BrokerageMetrics metrics)
{
    /// <summary>Referrals the provider can still answer, the soonest deadline first: a crisis referral may need an answer within hours.</summary>
    public Task<List<Referral>> ListWaitingAsync(int providerId, CancellationToken cancellationToken = default) =>
        WithDetails(providerId).Where(Waiting)
            .OrderBy(r => r.RespondBy).ThenBy(r => r.Id)
            .ToListAsync(cancellationToken);

    public Task<int> CountEarlierAsync(int providerId, CancellationToken cancellationToken = default) =>
        db.Referrals.Where(r => r.ProviderId == providerId).Where(Earlier).CountAsync(cancellationToken);

    /// <summary>
    /// One page of the referrals the provider can no longer answer (answered, or closed before an
    /// answer), the latest first. This list grows with every referral ever sent, so it is paged.
    /// </summary>
    public Task<List<Referral>> ListEarlierAsync(int providerId, int skip, int take, CancellationToken cancellationToken = default) =>
        WithDetails(providerId).Where(Earlier)
            .OrderByDescending(r => r.RespondedAt ?? r.SentAt).ThenByDescending(r => r.Id)
            .Skip(skip).Take(take)
            .ToListAsync(cancellationToken);

    /// <summary>The database form of <see cref="Referral.CanBeAnswered"/>.</summary>
    private static readonly Expression<Func<Referral, bool>> Waiting = r =>
        (r.Status == ReferralStatus.Sent || r.Status == ReferralStatus.NoResponse)
        && (r.PlacementRequest.Status == RequestStatus.Open || r.PlacementRequest.Status == RequestStatus.Searching);

    private static readonly Expression<Func<Referral, bool>> Earlier =
        Expression.Lambda<Func<Referral, bool>>(Expression.Not(Waiting.Body), Waiting.Parameters);

    private IQueryable<Referral> WithDetails(int providerId) =>
        db.Referrals.AsNoTracking()
            .Include(r => r.PlacementRequest).Include(r => r.Setting).Include(r => r.Offer)
            .Where(r => r.ProviderId == providerId);

    /// <summary>Null when the referral does not exist or belongs to another provider: the caller cannot tell which.</summary>
    public Task<Referral?> FindAsync(int referralId, int providerId, CancellationToken cancellationToken = default) =>
        db.Referrals.AsNoTracking()
            .Include(r => r.PlacementRequest).Include(r => r.Setting).Include(r => r.Offer)
            .FirstOrDefaultAsync(r => r.Id == referralId && r.ProviderId == providerId, cancellationToken);

    /// <summary>Whether the provider has given its answer (an answered referral may since have been accepted or not selected).</summary>
    public static bool IsAnswered(Referral referral) =>
        referral.RespondedAt is not null || referral.Offer is not null || referral.Status is ReferralStatus.Declined;

    /// <summary>
    /// Refuses an answer to a referral that can no longer take one: someone else in the
    /// organisation answered, or the council chose a placement, while the page was open.
    /// </summary>
    public static void EnsureCanBeAnswered(Referral referral)
    {
        if (!referral.CanBeAnswered)
        {
            throw new ConflictException(IsAnswered(referral)
                ? "You have already answered this referral"
                : "This search has closed, so you can no longer answer this referral");
        }
    }

    public async Task<Offer> OfferAsync(MakeOfferOptions options, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors()
            .WeeklyCost(nameof(options.WeeklyCost), "the weekly cost", options.WeeklyCost)
            .MaxLength(nameof(options.Conditions), "conditions", options.Conditions);
        if (options.AvailableFrom < UkTime.Today(time))
        {
            errors.Add(nameof(options.AvailableFrom), "The date the place is available from must be today or in the future");
        }

        errors.ThrowIfAny();

        var referral = await LoadForAnswerAsync(options.ReferralId, options.ProviderId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var offer = new Offer
        {
            AvailableFrom = options.AvailableFrom,
            WeeklyCost = options.WeeklyCost,
            Conditions = string.IsNullOrWhiteSpace(options.Conditions) ? null : options.Conditions.Trim(),
            Status = OfferStatus.Open,
            CreatedAt = now,
        };
        referral.Offer = offer;
        referral.Status = ReferralStatus.Offered;
        referral.RespondedAt = now;
        referral.RespondedBy = options.Actor;
        var request = referral.PlacementRequest;
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        await SaveAnswerAsync(cancellationToken);
        db.Audit(now, options.Actor, "OfferMade", $"{referral.Setting.Provider.Name} offered {referral.Setting.Name} from {UkTime.Format(offer.AvailableFrom)} at {Display.Money(offer.WeeklyCost)} a week", request.Id, nameof(Offer), offer.Id);
        db.Enqueue(now, request.CreatedBy, brokerEmails.OfferReceived(request, referral.Setting, offer), request.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics.ProviderResponded(request.Urgency, "Offer");
        return offer;
    }

    public async Task DeclineAsync(DeclineReferralOptions options, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors().MaxLength(nameof(options.Details), "details", options.Details);
        if (options.Reason == DeclineReason.Other && string.IsNullOrWhiteSpace(options.Details))
        {
            errors.Add(nameof(options.Details), "Enter why you cannot offer a place");
        }

        errors.ThrowIfAny();

        var referral = await LoadForAnswerAsync(options.ReferralId, options.ProviderId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        referral.Status = ReferralStatus.Declined;
        referral.DeclineReason = options.Reason;
        referral.DeclineDetails = string.IsNullOrWhiteSpace(options.Details) ? null : options.Details.Trim();
        referral.RespondedAt = now;
        referral.RespondedBy = options.Actor;
        db.Audit(now, options.Actor, "ReferralDeclined", $"{referral.Setting.Provider.Name} declined for {referral.Setting.Name}: {Display.DeclineReason(options.Reason)}", referral.PlacementRequestId, nameof(Referral), referral.Id);
        await SaveAnswerAsync(cancellationToken);
        metrics.ProviderResponded(referral.PlacementRequest.Urgency, "Decline");
    }

    private async Task SaveAnswerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("This referral changed while you were answering it: the council may have closed the search. Check it again");
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // The same answer sent twice at once (a double click): the first one stands.
            throw new ConflictException("This referral has already been answered");
        }
    }

    private async Task<Referral> LoadForAnswerAsync(int referralId, int providerId, CancellationToken cancellationToken)
    {
        var referral = await db.Referrals
            .Include(r => r.PlacementRequest).Include(r => r.Setting).ThenInclude(s => s.Provider).Include(r => r.Offer)
            .FirstOrDefaultAsync(r => r.Id == referralId && r.ProviderId == providerId, cancellationToken)
            ?? throw new NotFoundException("Referral not found");

        EnsureCanBeAnswered(referral);
        return referral;
    }
}
