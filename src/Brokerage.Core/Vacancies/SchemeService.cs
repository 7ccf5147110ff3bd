using System.Security.Cryptography;
using System.Text;
using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Vacancies;

/// <summary>
/// The regional fostering vacancy scheme: offers a vacancy to the participating authorities in
/// rota order, takes their answers through a secret link, and has the provider confirm the child
/// profile an accepting authority sends.
/// </summary>
public sealed class SchemeService(BrokerageDbContext db, RuleSet rules, TimeProvider time, VacancyEmails vacancyEmails, SchemeEmails schemeEmails)
{
    public const string SystemActor = "system: vacancy scheme";

    private VacancySchemePolicy Policy => rules.VacancyScheme;

    /// <summary>Adds authorities named in rules/vacancy-scheme.json to the rota (at the back) and keeps names and addresses current.</summary>
    public async Task SyncAuthoritiesAsync(CancellationToken cancellationToken = default)
    {
        var existing = await db.SchemeAuthorities.ToListAsync(cancellationToken);
        var next = existing.Count == 0 ? 1 : existing.Max(a => a.Position) + 1;
        foreach (var configured in Policy.Authorities)
        {
            var authority = existing.FirstOrDefault(a => string.Equals(a.Code, configured.Code, StringComparison.OrdinalIgnoreCase));
            if (authority is null)
            {
                db.SchemeAuthorities.Add(new SchemeAuthority { Code = configured.Code, Name = configured.Name, Email = configured.Email, Position = next++ });
            }
            else
            {
                authority.Name = configured.Name;
                authority.Email = configured.Email;
            }
        }

        if (!await db.SchemeStates.AnyAsync(cancellationToken))
        {
            db.SchemeStates.Add(new SchemeState { Id = 1, Cycle = 1 });
        }

        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Offers the vacancy to the next authority in rota order, in the caller's unit of work.
    /// In a cycle each authority is offered one vacancy; for an accelerated vacancy (ready within
    /// two weeks) an authority that has not accepted one this cycle may be offered another. An
    /// authority at the cap, or already asked about this vacancy, is passed over. When nobody is
    /// left, or the hold has ended, the vacancy expires and the provider is told.
    /// </summary>
    public async Task<RotaOffer?> OfferNextAsync(Vacancy vacancy, DateTime now, CancellationToken cancellationToken = default)
    {
        if (vacancy.HeldUntil <= now)
        {
            Expire(vacancy, now, "the free hold ended before an authority took it");
            return null;
        }

        var configured = Policy.Authorities.Select(a => a.Code).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var authorities = (await db.SchemeAuthorities.OrderBy(a => a.Position).ThenBy(a => a.Id).ToListAsync(cancellationToken))
            .Where(a => configured.Contains(a.Code)).ToList();
        var state = await db.SchemeStates.FirstAsync(cancellationToken);
        var offers = await db.RotaOffers.AsNoTracking().Select(o => new { o.VacancyId, o.SchemeAuthorityId, o.Cycle, o.Status }).ToListAsync(cancellationToken);
        var askedAboutThis = offers.Where(o => o.VacancyId == vacancy.Id).Select(o => o.SchemeAuthorityId).ToHashSet();
        var atCap = offers.Where(o => o.Status is RotaOfferStatus.Accepted or RotaOfferStatus.ProfileConfirmed)
            .GroupBy(o => o.SchemeAuthorityId).Where(g => g.Count() >= Policy.MaxVacanciesPerAuthority).Select(g => g.Key).ToHashSet();
        var open = authorities.Where(a => !askedAboutThis.Contains(a.Id) && !atCap.Contains(a.Id)).ToList();

        SchemeAuthority? Pick(int cycle)
        {
            var inCycle = offers.Where(o => o.Cycle == cycle).ToList();
            return open.FirstOrDefault(a => vacancy.Accelerated
                ? !inCycle.Any(o => o.SchemeAuthorityId == a.Id && o.Status is RotaOfferStatus.Accepted or RotaOfferStatus.ProfileConfirmed)
                : !inCycle.Any(o => o.SchemeAuthorityId == a.Id));
        }

        var next = Pick(state.Cycle);
        if (next is null && open.Count > 0)
        {
            // Everyone has had their turn this cycle: a new one starts at the front of the rota.
            state.Cycle++;
            next = Pick(state.Cycle);
        }

        if (next is null)
        {
            Expire(vacancy, now, "every participating authority has been asked or has reached the limit of two vacancies through the scheme");
            return null;
        }

        // Two weeks from the ready date is judged at each offer: a vacancy released early becomes accelerated as the date nears.
        vacancy.Accelerated = Policy.IsAccelerated(vacancy.ReadyFrom, DateOnly.FromDateTime(UkTime.ToLocal(now)));
        var window = Policy.RespondBy(vacancy.Accelerated, now, rules.Calendar);
        var secret = Secrets.NewToken();
        var offer = new RotaOffer
        {
            VacancyId = vacancy.Id,
            SchemeAuthorityId = next.Id,
            SchemeAuthority = next,
            Vacancy = vacancy,
            Cycle = state.Cycle,
            OfferedAt = now,
            RespondBy = vacancy.HeldUntil is { } held && held < window ? held : window,
            TokenHash = Hash(secret),
            Status = RotaOfferStatus.Offered,
        };
        vacancy.RotaOffers.Add(offer);
        db.Enqueue(now, next.Email, schemeEmails.Offered(offer, secret));
        db.Audit(now, SystemActor, "VacancyOfferedToAuthority", $"Vacancy {vacancy.Id} at {vacancy.Setting.Name} offered to {next.Name} (rota cycle {state.Cycle}); answer by {UkTime.Format(offer.RespondBy)}", entityType: nameof(Vacancy), entityId: vacancy.Id);
        return offer;
    }

    public async Task<RotaOffer?> FindByTokenAsync(string secret, CancellationToken cancellationToken = default) =>
        await db.RotaOffers.AsNoTracking().Include(o => o.SchemeAuthority).Include(o => o.Vacancy).ThenInclude(v => v.Setting)
            .FirstOrDefaultAsync(o => o.TokenHash == Hash(secret), cancellationToken);

    public async Task AcceptAsync(string secret, SchemeAcceptance answer, CancellationToken cancellationToken = default)
    {
        var errors = Check(answer);
        var offer = await OpenOfferAsync(secret, cancellationToken);
        errors.ThrowIfAny();

        // An authority may hold several open offers at once, so the cap is checked again here.
        var taken = await db.RotaOffers.CountAsync(o => o.SchemeAuthorityId == offer.SchemeAuthorityId && (o.Status == RotaOfferStatus.Accepted || o.Status == RotaOfferStatus.ProfileConfirmed), cancellationToken);
        if (taken >= Policy.MaxVacanciesPerAuthority)
        {
            throw new ConflictException($"{offer.SchemeAuthority.Name} already has {taken} vacancies through the scheme, the most it allows. Refuse this one so it can go to another authority");
        }

        var now = time.GetUtcNow().UtcDateTime;
        offer.Status = RotaOfferStatus.Accepted;
        offer.RespondedAt = now;
        offer.Terms = answer.Terms;
        offer.AgreedWeeklyCost = answer.AgreedWeeklyCost;
        offer.ChildProfile = answer.ChildProfile!.Trim();
        offer.Feedback = string.IsNullOrWhiteSpace(answer.Feedback) ? null : answer.Feedback.Trim();
        offer.ProfileChaseAt = now.AddHours(Policy.ProfileChaseHours);
        offer.ProfileConfirmBy = now.AddHours(Policy.ProfileConfirmHours);
        var vacancy = offer.Vacancy;
        db.Audit(now, offer.SchemeAuthority.Name, "SchemeOfferAccepted", $"{offer.SchemeAuthority.Name} accepted vacancy {vacancy.Id} on {offer.Terms} terms at {Display.Money(offer.AgreedWeeklyCost!.Value)} a week and sent a child profile", entityType: nameof(Vacancy), entityId: vacancy.Id);
        db.Enqueue(now, vacancy.Setting.Provider.ReferralEmail, vacancyEmails.SchemeAccepted(offer));
        db.Enqueue(now, offer.SchemeAuthority.Email, schemeEmails.AcceptanceSent(offer));
        await SaveOrConflictAsync(cancellationToken);
    }

    /// <summary>
    /// Every error in an acceptance, at once and without writing anything: a page that could not
    /// read some of its boxes still shows what is wrong with the rest.
    /// </summary>
    public static FieldErrors Check(SchemeAcceptance answer)
    {
        var errors = new FieldErrors();
        if (answer.Terms is null)
        {
            errors.Add(nameof(answer.Terms), "Select whether the provider is on your framework or you will use spot terms");
        }

        errors.WeeklyCost(nameof(answer.AgreedWeeklyCost), "the agreed weekly cost", answer.AgreedWeeklyCost)
            .Required(nameof(answer.ChildProfile), "the child's anonymised profile", answer.ChildProfile)
            .MaxLength(nameof(answer.ChildProfile), "the child's anonymised profile", answer.ChildProfile)
            .MaxLength(nameof(answer.Feedback), "feedback for the provider", answer.Feedback);
        return errors;
    }

    public async Task RefuseAsync(string secret, SchemeRefusal answer, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        if (answer.Reason is null)
        {
            errors.Add(nameof(answer.Reason), "Select why you are refusing the vacancy");
        }

        if (answer.Reason == SchemeRefusalReason.Other)
        {
            errors.Required(nameof(answer.Feedback), "the reason", answer.Feedback);
        }

        errors.MaxLength(nameof(answer.Feedback), "feedback", answer.Feedback);

        var offer = await OpenOfferAsync(secret, cancellationToken);
        errors.ThrowIfAny();

        var now = time.GetUtcNow().UtcDateTime;
        offer.Status = RotaOfferStatus.Refused;
        offer.RespondedAt = now;
        offer.RefusalReason = answer.Reason;
        offer.Feedback = string.IsNullOrWhiteSpace(answer.Feedback) ? null : answer.Feedback.Trim();
        db.Audit(now, offer.SchemeAuthority.Name, "SchemeOfferRefused", $"{offer.SchemeAuthority.Name} refused vacancy {offer.VacancyId}: {Display.Sentence(answer.Reason!.Value.ToString())}{(offer.Feedback is null ? "" : ". " + offer.Feedback)}", entityType: nameof(Vacancy), entityId: offer.VacancyId);
        db.Enqueue(now, offer.Vacancy.Setting.Provider.ReferralEmail, vacancyEmails.SchemeRefused(offer));
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        await SaveOrConflictAsync(cancellationToken);
        await OfferNextAsync(offer.Vacancy, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The provider confirms or declines the child profile an accepting authority sent.</summary>
    public async Task AnswerProfileAsync(int providerId, int vacancyId, bool confirm, string actor, CancellationToken cancellationToken = default)
    {
        var offer = await db.RotaOffers.Include(o => o.SchemeAuthority)
            .Include(o => o.Vacancy).ThenInclude(v => v.Setting).ThenInclude(s => s.Provider)
            .Include(o => o.Vacancy).ThenInclude(v => v.RotaOffers)
            .FirstOrDefaultAsync(o => o.VacancyId == vacancyId && o.Vacancy.ProviderId == providerId && o.Status == RotaOfferStatus.Accepted, cancellationToken)
            ?? throw new NotFoundException("No child profile is waiting for your answer on this vacancy");
        var now = time.GetUtcNow().UtcDateTime;
        if (offer.ProfileConfirmBy <= now)
        {
            throw new ConflictException("The time to confirm this match has passed, so the profile has been refused");
        }

        offer.ProfileAnsweredAt = now;
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        if (confirm)
        {
            offer.Status = RotaOfferStatus.ProfileConfirmed;
            offer.Vacancy.Status = VacancyStatus.Matched;
            offer.Vacancy.Version++;
            db.Audit(now, actor, "SchemeMatchConfirmed", $"Provider confirmed the match of vacancy {vacancyId} with {offer.SchemeAuthority.Name}'s child", entityType: nameof(Vacancy), entityId: vacancyId);
            db.Enqueue(now, offer.SchemeAuthority.Email, schemeEmails.MatchConfirmed(offer));
            await SaveOrConflictAsync(cancellationToken);
        }
        else
        {
            offer.Status = RotaOfferStatus.ProfileRefused;
            db.Audit(now, actor, "SchemeMatchDeclined", $"Provider declined the child profile from {offer.SchemeAuthority.Name} for vacancy {vacancyId}", entityType: nameof(Vacancy), entityId: vacancyId);
            db.Enqueue(now, offer.SchemeAuthority.Email, schemeEmails.MatchDeclined(offer));
            await SaveOrConflictAsync(cancellationToken);
            await OfferNextAsync(offer.Vacancy, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<RotaOffer> OpenOfferAsync(string secret, CancellationToken cancellationToken)
    {
        var offer = await db.RotaOffers.Include(o => o.SchemeAuthority)
            .Include(o => o.Vacancy).ThenInclude(v => v.Setting).ThenInclude(s => s.Provider)
            .Include(o => o.Vacancy).ThenInclude(v => v.RotaOffers)
            .FirstOrDefaultAsync(o => o.TokenHash == Hash(secret), cancellationToken)
            ?? throw new NotFoundException("This link is not recognised");
        if (offer.Status != RotaOfferStatus.Offered)
        {
            throw new ConflictException("This offer has already been answered or has been withdrawn");
        }

        if (offer.RespondBy <= time.GetUtcNow().UtcDateTime)
        {
            throw new ConflictException("The time to answer this offer has passed. It counts as a refusal and the vacancy has gone to the next authority");
        }

        return offer;
    }

    internal void Expire(Vacancy vacancy, DateTime now, string why)
    {
        vacancy.Status = VacancyStatus.Expired;
        vacancy.Version++;
        foreach (var open in vacancy.RotaOffers.Where(o => o.Status is RotaOfferStatus.Offered or RotaOfferStatus.Accepted))
        {
            open.Status = RotaOfferStatus.Withdrawn;
        }

        db.Audit(now, SystemActor, "VacancyExpired", $"Vacancy {vacancy.Id} at {vacancy.Setting.Name} left the scheme: {why}", entityType: nameof(Vacancy), entityId: vacancy.Id);
        db.Enqueue(now, vacancy.Setting.Provider.ReferralEmail, vacancyEmails.LeftScheme(vacancy, why));
    }

    private async Task SaveOrConflictAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("This offer changed while you were answering it. Open the link again");
        }
    }

    internal static string Hash(string secret) => Secrets.Hash(secret);
}
