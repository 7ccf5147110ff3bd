using Brokerage.Core.Auditing;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Brokerage.Core.Vacancies;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Jobs;

/// <summary>
/// The scheme's deadlines: an unanswered offer becomes a refusal (and the authority moves behind
/// the others); an unconfirmed child profile is chased, then refused; a vacancy whose free hold has
/// ended leaves the scheme. Each step is claimed with a conditional update, so it happens once.
/// </summary>
public sealed class VacancySchemeJob(BrokerageDbContext db, SchemeService scheme, VacancyEmails vacancyEmails, SchemeEmails schemeEmails, TimeProvider time)
{
    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var actions = 0;
        foreach (var id in await db.RotaOffers.Where(o => o.Status == RotaOfferStatus.Offered && o.RespondBy <= now).OrderBy(o => o.RespondBy).ThenBy(o => o.Id).Select(o => o.Id).Take(200).ToListAsync(cancellationToken))
        {
            actions += await StepAsync(id, RotaOfferStatus.Offered, RotaOfferStatus.NoResponse, now, async offer =>
            {
                // No answer counts as a refusal: the authority goes behind all the others.
                var back = await db.SchemeAuthorities.MaxAsync(a => a.Position, cancellationToken) + 1;
                await db.SchemeAuthorities.Where(a => a.Id == offer.SchemeAuthorityId).ExecuteUpdateAsync(u => u.SetProperty(a => a.Position, back), cancellationToken);
                db.Audit(now, SchemeService.SystemActor, "SchemeOfferLapsed", $"{offer.SchemeAuthority.Name} did not answer by {UkTime.Format(offer.RespondBy)}: counted as a refusal and moved to the back of the rota", entityType: nameof(Vacancy), entityId: offer.VacancyId);
                db.Enqueue(now, offer.SchemeAuthority.Email, schemeEmails.Lapsed(offer));
                await scheme.OfferNextAsync(offer.Vacancy, now, cancellationToken);
            }, cancellationToken);
        }

        foreach (var id in await db.RotaOffers.Where(o => o.Status == RotaOfferStatus.Accepted && o.ProfileChaseSentAt == null && o.ProfileChaseAt <= now && o.ProfileConfirmBy > now).Select(o => o.Id).ToListAsync(cancellationToken))
        {
            await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
            if (await db.RotaOffers.Where(o => o.Id == id && o.ProfileChaseSentAt == null).ExecuteUpdateAsync(u => u.SetProperty(o => o.ProfileChaseSentAt, now), cancellationToken) == 1)
            {
                var offer = await LoadAsync(id, cancellationToken);
                db.Enqueue(now, offer.Vacancy.Setting.Provider.ReferralEmail, vacancyEmails.ProfileReminder(offer));
                db.Audit(now, SchemeService.SystemActor, "SchemeProfileChased", $"Provider chased to confirm {offer.SchemeAuthority.Name}'s child profile", entityType: nameof(Vacancy), entityId: offer.VacancyId);
                await db.SaveChangesAsync(cancellationToken);
                actions++;
            }

            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        foreach (var id in await db.RotaOffers.Where(o => o.Status == RotaOfferStatus.Accepted && o.ProfileConfirmBy <= now).Select(o => o.Id).ToListAsync(cancellationToken))
        {
            actions += await StepAsync(id, RotaOfferStatus.Accepted, RotaOfferStatus.ProfileRefused, now, async offer =>
            {
                db.Audit(now, SchemeService.SystemActor, "SchemeProfileRefused", $"The provider did not confirm {offer.SchemeAuthority.Name}'s child profile in time: refused", entityType: nameof(Vacancy), entityId: offer.VacancyId);
                db.Enqueue(now, offer.SchemeAuthority.Email, schemeEmails.ProfileNotConfirmed(offer));
                db.Enqueue(now, offer.Vacancy.Setting.Provider.ReferralEmail, vacancyEmails.ProfileNotConfirmed(offer));
                await scheme.OfferNextAsync(offer.Vacancy, now, cancellationToken);
            }, cancellationToken);
        }

        // The hold limits looking for another authority, not a match already waiting for the provider's confirmation.
        foreach (var id in await db.Vacancies.Where(v => v.Status == VacancyStatus.InScheme && v.HeldUntil <= now && !v.RotaOffers.Any(o => o.Status == RotaOfferStatus.Accepted)).Select(v => v.Id).ToListAsync(cancellationToken))
        {
            await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
            if (await db.Vacancies.Where(v => v.Id == id && v.Status == VacancyStatus.InScheme).ExecuteUpdateAsync(u => u.SetProperty(v => v.Version, v => v.Version + 1), cancellationToken) == 1)
            {
                var vacancy = await db.Vacancies.Include(v => v.Setting).ThenInclude(s => s.Provider).Include(v => v.RotaOffers).ThenInclude(o => o.SchemeAuthority).SingleAsync(v => v.Id == id, cancellationToken);
                foreach (var open in vacancy.RotaOffers.Where(o => o.Status is RotaOfferStatus.Offered or RotaOfferStatus.Accepted))
                {
                    db.Enqueue(now, open.SchemeAuthority.Email, schemeEmails.NoLongerAvailable(vacancy));
                }

                scheme.Expire(vacancy, now, "the free hold ended before a match was confirmed");
                await db.SaveChangesAsync(cancellationToken);
                actions++;
            }

            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
        }

        return actions;
    }

    /// <summary>Moves one offer from one status to another if nobody else has; only then runs what follows.</summary>
    private async Task<int> StepAsync(int offerId, RotaOfferStatus from, RotaOfferStatus to, DateTime now, Func<RotaOffer, Task> then, CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        if (await db.RotaOffers.Where(o => o.Id == offerId && o.Status == from).ExecuteUpdateAsync(u => u.SetProperty(o => o.Status, to), cancellationToken) == 0)
        {
            return 0;
        }

        var offer = await LoadAsync(offerId, cancellationToken);
        await then(offer);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return 1;
    }

    private Task<RotaOffer> LoadAsync(int offerId, CancellationToken cancellationToken) =>
        db.RotaOffers.Include(o => o.SchemeAuthority)
            .Include(o => o.Vacancy).ThenInclude(v => v.Setting).ThenInclude(s => s.Provider)
            .Include(o => o.Vacancy).ThenInclude(v => v.RotaOffers)
            .SingleAsync(o => o.Id == offerId, cancellationToken);
}
