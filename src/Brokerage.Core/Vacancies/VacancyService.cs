using System.Globalization;
using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Notifications;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Vacancies;

/// <summary>
/// Providers tell the council about places before anyone asks. A new vacancy is matched at once
/// against the children waiting; the broker can offer it to one of them in one step, or release
/// it to the regional scheme.
/// </summary>
public sealed class VacancyService(
    BrokerageDbContext db, RuleSet rules, VacancyMatcher matcher, SchemeService scheme, TimeProvider time,
    VacancyEmails vacancyEmails, SchemeEmails schemeEmails, IOptions<EmailOptions> email)
{
    private static readonly Needs AllNeeds = Enum.GetValues<Needs>().Aggregate(Needs.None, (all, n) => all | n);

    private VacancySchemePolicy Policy => rules.VacancyScheme;

    public async Task<Vacancy> NotifyAsync(NotifyVacancyOptions options, CancellationToken cancellationToken = default)
    {
        var (setting, errors) = await SettingAndErrorsAsync(options, cancellationToken);
        errors.ThrowIfAny();
        if (await db.Vacancies.AnyAsync(v => v.SettingId == setting!.Id && (v.Status == VacancyStatus.Open || v.Status == VacancyStatus.InScheme), cancellationToken))
        {
            throw new ConflictException($"{setting!.Name} already has an open vacancy. Update or withdraw that one instead");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var vacancy = new Vacancy
        {
            ProviderId = options.ProviderId,
            Provider = setting!.Provider,
            SettingId = setting.Id,
            Setting = setting,
            Places = options.Places!.Value,
            MinAge = options.MinAge!.Value,
            MaxAge = options.MaxAge!.Value,
            Genders = options.Genders,
            CanMeet = options.CanMeet,
            ReadyFrom = options.ReadyFrom!.Value,
            ReadyBy = options.ReadyBy,
            WeeklyCost = options.WeeklyCost!.Value,
            Notes = string.IsNullOrWhiteSpace(options.Notes) ? null : options.Notes.Trim(),
            Status = VacancyStatus.Open,
            NotifiedAt = now,
            NotifiedBy = options.Actor,
            ConfirmedAt = now,
        };
        db.Vacancies.Add(vacancy);
        await matcher.MatchAsync(vacancy, cancellationToken);
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.Audit(now, options.Actor, "VacancyNotified", $"Vacancy {vacancy.Id} at {setting.Name} ({setting.Provider.Name}): {vacancy.Places} place(s) from {UkTime.Format(vacancy.ReadyFrom)}; {vacancy.Matches.Count} waiting child(ren) could suit it", entityType: nameof(Vacancy), entityId: vacancy.Id);
        db.Enqueue(now, email.Value.TeamManagerEmail, vacancyEmails.Notified(vacancy));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return vacancy;
    }

    /// <summary>
    /// Every error in a notification, found at once and without writing anything: a page that could
    /// not read some of its boxes still shows what is wrong with the rest.
    /// </summary>
    public async Task<FieldErrors> CheckAsync(NotifyVacancyOptions options, CancellationToken cancellationToken = default) =>
        (await SettingAndErrorsAsync(options, cancellationToken)).Errors;

    /// <summary>The provider says the details of its open vacancies are still right; stale ones score normally again.</summary>
    public async Task<int> ConfirmCurrentAsync(int providerId, int? vacancyId, string actor, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var confirmed = await db.Vacancies
            .Where(v => v.ProviderId == providerId && (vacancyId == null || v.Id == vacancyId) && (v.Status == VacancyStatus.Open || v.Status == VacancyStatus.InScheme))
            .ExecuteUpdateAsync(u => u.SetProperty(v => v.ConfirmedAt, now), cancellationToken);
        if (vacancyId is not null && confirmed == 0)
        {
            throw new NotFoundException("Vacancy not found");
        }

        return confirmed;
    }

    public async Task WithdrawAsync(int providerId, int vacancyId, string actor, CancellationToken cancellationToken = default)
    {
        var vacancy = await db.Vacancies.Include(v => v.Setting).Include(v => v.RotaOffers).ThenInclude(o => o.SchemeAuthority)
            .FirstOrDefaultAsync(v => v.Id == vacancyId && v.ProviderId == providerId, cancellationToken)
            ?? throw new NotFoundException("Vacancy not found");
        if (vacancy.Status is not (VacancyStatus.Open or VacancyStatus.InScheme))
        {
            throw new ConflictException("Only an open vacancy can be withdrawn");
        }

        var now = time.GetUtcNow().UtcDateTime;
        vacancy.Status = VacancyStatus.Withdrawn;
        vacancy.Version++;
        foreach (var offer in vacancy.RotaOffers.Where(o => o.Status is RotaOfferStatus.Offered or RotaOfferStatus.Accepted))
        {
            offer.Status = RotaOfferStatus.Withdrawn;
            db.Enqueue(now, offer.SchemeAuthority.Email, schemeEmails.Withdrawn(vacancy));
        }

        db.Audit(now, actor, "VacancyWithdrawn", $"Vacancy {vacancy.Id} at {vacancy.Setting.Name} withdrawn by the provider", entityType: nameof(Vacancy), entityId: vacancy.Id);
        await SaveOrConflictAsync(cancellationToken);
    }

    /// <summary>
    /// Offers the vacancy to one of the council's own waiting children in one step: the provider's
    /// notification is its offer, so it arrives on the request as an offer to compare and accept.
    /// </summary>
    public async Task<Offer> OfferToRequestAsync(int vacancyId, int requestId, string actor, CancellationToken cancellationToken = default)
    {
        var vacancy = await db.Vacancies.Include(v => v.Setting).ThenInclude(s => s.Provider)
            .FirstOrDefaultAsync(v => v.Id == vacancyId, cancellationToken)
            ?? throw new NotFoundException("Vacancy not found");
        var request = await db.PlacementRequests.Include(r => r.Referrals).FirstOrDefaultAsync(r => r.Id == requestId, cancellationToken)
            ?? throw new NotFoundException("Placement request not found");
        if (vacancy.Status != VacancyStatus.Open)
        {
            throw new ConflictException("This vacancy is no longer open to the council");
        }

        if (request.Status is not (RequestStatus.Open or RequestStatus.Searching))
        {
            throw new ConflictException("This request is no longer searching");
        }

        if (request.Referrals.Any(r => r.SettingId == vacancy.SettingId))
        {
            throw new ConflictException($"{vacancy.Setting.Name} has already been asked about this child. Compare its answer on the offers page");
        }

        var now = time.GetUtcNow().UtcDateTime;
        // Matched again now, with today's rules and data: the stored match may be out of date.
        var match = (await matcher.EvaluateAsync(vacancy.Setting, matcher.Info(vacancy, now), db.PlacementRequests.AsNoTracking().Where(r => r.Id == requestId), cancellationToken)).SingleOrDefault()?.Result
            ?? throw new ConflictException($"Under today's rules {vacancy.Setting.Name} cannot take this child");
        var offer = ProviderLedOffer.Add(db, rules, request, vacancy.Setting, match.Outcome, match.Score, match.Facts.DistanceMiles, [.. match.ScoreLines], [.. match.Findings],
            ReferralOrigin.Vacancy, $"Vacancy {vacancy.Id} offered to this request", Later(vacancy.ReadyFrom, DateOnly.FromDateTime(UkTime.ToLocal(request.RequiredFrom))), vacancy.WeeklyCost, vacancy.Notes, now, actor);
        vacancy.Status = VacancyStatus.OfferedToCouncil;
        vacancy.Version++;
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        await SaveOrConflictAsync(cancellationToken);
        vacancy.ReferralId = offer.ReferralId;
        db.Audit(now, actor, "VacancyOffered", $"Vacancy {vacancy.Id} at {vacancy.Setting.Name} offered to this request at {Display.Money(vacancy.WeeklyCost)} a week", request.Id, nameof(Vacancy), vacancy.Id);
        db.Enqueue(now, vacancy.Setting.Provider.ReferralEmail, vacancyEmails.ConsideredForChild(vacancy, request), request.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return offer;
    }

    /// <summary>Matches an open vacancy again, against the requests open today.</summary>
    public async Task RematchAsync(int vacancyId, CancellationToken cancellationToken = default)
    {
        var vacancy = await db.Vacancies.Include(v => v.Setting).ThenInclude(s => s.Provider).Include(v => v.Matches)
            .FirstOrDefaultAsync(v => v.Id == vacancyId && v.Status == VacancyStatus.Open, cancellationToken)
            ?? throw new NotFoundException("Open vacancy not found");
        await matcher.MatchAsync(vacancy, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Releases a vacancy the council will not use to the regional scheme, which offers it in rota order.</summary>
    public async Task<Vacancy> ReleaseToSchemeAsync(int vacancyId, string actor, CancellationToken cancellationToken = default)
    {
        var vacancy = await db.Vacancies.Include(v => v.Setting).ThenInclude(s => s.Provider).Include(v => v.RotaOffers)
            .FirstOrDefaultAsync(v => v.Id == vacancyId, cancellationToken)
            ?? throw new NotFoundException("Vacancy not found");
        if (vacancy.Status != VacancyStatus.Open)
        {
            throw new ConflictException("Only an open vacancy can be released to the scheme");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var today = UkTime.Today(time);
        vacancy.Status = VacancyStatus.InScheme;
        vacancy.Accelerated = Policy.IsAccelerated(vacancy.ReadyFrom, today);
        var readyAt = rules.Calendar.OpeningOn(vacancy.ReadyFrom);
        vacancy.HeldUntil = rules.Calendar.AddWorkingDays(readyAt > now ? readyAt : now, Policy.HoldWorkingDays);
        vacancy.Version++;
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        await SaveOrConflictAsync(cancellationToken);
        db.Audit(now, actor, "VacancyReleasedToScheme", $"Vacancy {vacancy.Id} at {vacancy.Setting.Name} released to the regional scheme{(vacancy.Accelerated ? " (accelerated: ready within 2 weeks)" : "")}; held free until {UkTime.Format(vacancy.HeldUntil.Value)}", entityType: nameof(Vacancy), entityId: vacancy.Id);
        db.Enqueue(now, vacancy.Setting.Provider.ReferralEmail, vacancyEmails.ReleasedToScheme(vacancy));
        await scheme.OfferNextAsync(vacancy, now, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return vacancy;
    }

    private async Task<(Setting? Setting, FieldErrors Errors)> SettingAndErrorsAsync(NotifyVacancyOptions options, CancellationToken cancellationToken)
    {
        var setting = options.SettingId is { } settingId
            ? await db.Settings.Include(s => s.Provider).FirstOrDefaultAsync(s => s.Id == settingId && s.ProviderId == options.ProviderId, cancellationToken)
            : null;
        var today = UkTime.Today(time);
        var errors = new FieldErrors();
        if (setting is null)
        {
            errors.Add(nameof(options.SettingId), "Select the home or carer household the vacancy is in");
        }
        else if (Policy.RequireInRegionCarers && !Policy.IsInRegion(setting.Latitude, setting.Longitude))
        {
            var miles = Geo.DistanceMiles(Policy.Region.CentreLatitude, Policy.Region.CentreLongitude, setting.Latitude, setting.Longitude);
            errors.Add(nameof(options.SettingId),
                $"{setting.Name} is {miles.ToString("0", CultureInfo.InvariantCulture)} miles from the centre of {Policy.Region.Name}. The scheme only accepts carers within {Policy.Region.RadiusMiles.ToString("0", CultureInfo.InvariantCulture)} miles");
        }

        if (options.Places is not (>= 1 and <= 6) || (setting is not null && options.Places > setting.Places))
        {
            errors.Add(nameof(options.Places), setting is null ? "Enter the number of places, from 1 to 6" : $"Enter the number of places, from 1 to {Math.Min(6, setting.Places)}");
        }

        if (options.MinAge is not (>= 0 and <= 17) || options.MaxAge is not (>= 0 and <= 17) || options.MinAge > options.MaxAge)
        {
            errors.Add(nameof(options.MinAge), "Enter the youngest and oldest ages the place suits, from 0 to 17, youngest first");
        }

        if (options.ReadyFrom is null)
        {
            errors.Add(nameof(options.ReadyFrom), FieldRules.Required("the date the place is ready"));
        }
        else if (options.ReadyFrom < today || options.ReadyFrom > today.AddYears(1))
        {
            errors.Add(nameof(options.ReadyFrom), "The date the place is ready must be today or within the next year");
        }
        else if (options.ReadyBy is { } readyBy && (readyBy < options.ReadyFrom || readyBy.DayNumber - options.ReadyFrom.Value.DayNumber > 90))
        {
            errors.Add(nameof(options.ReadyBy), "The end of the window must be on or after the ready date and within 90 days of it");
        }

        if (!Enum.IsDefined(options.Genders))
        {
            errors.Add(nameof(options.Genders), "Select who the place suits");
        }
        else if (setting is not null && setting.GendersAccepted != GendersAccepted.Any && options.Genders != GendersAccepted.Any && options.Genders != setting.GendersAccepted)
        {
            // A vacancy narrows what its setting takes; it cannot widen it.
            errors.Add(nameof(options.Genders), $"{setting.Name} is registered for {Display.Genders(setting.GendersAccepted)} only");
        }

        if ((options.CanMeet & ~AllNeeds) != 0)
        {
            errors.Add(nameof(options.CanMeet), "Select needs from the list");
        }

        errors.WeeklyCost(nameof(options.WeeklyCost), "the weekly cost", options.WeeklyCost)
            .MaxLength(nameof(options.Notes), "notes", options.Notes);
        return (setting, errors);
    }

    private static DateOnly Later(DateOnly a, DateOnly b) => a > b ? a : b;

    private async Task SaveOrConflictAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("Someone else changed this vacancy at the same time. Look at it again");
        }
    }
}
