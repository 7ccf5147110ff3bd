using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Notifications;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Vacancies;

/// <summary>An open search as a provider may see it: the anonymised child and which of its own settings the rules allow.</summary>
public sealed record OpenSearch(int RequestId, string Reference, AnonymisedProfile Profile, IReadOnlyList<EligibleSetting> Settings);

public sealed record EligibleSetting(int SettingId, string Name, EligibilityOutcome Outcome, decimal Score, bool AlreadyAsked);

/// <summary>
/// Provider-led matching: a provider browses the open searches its settings are eligible for under
/// the rules (never any other) and expresses interest, which reaches the broker as an offer.
/// </summary>
public sealed class ProviderSearchService(BrokerageDbContext db, RuleSet rules, VacancyMatcher matcher, VacancyEmails emails, TimeProvider time)
{
    public async Task<IReadOnlyList<OpenSearch>> ListAsync(int providerId, CancellationToken cancellationToken = default) =>
        await SearchesAsync(providerId, null, cancellationToken);

    /// <summary>One open search, or null when the provider has no setting eligible for it (so it may not know it exists).</summary>
    public async Task<OpenSearch?> FindAsync(int providerId, int requestId, CancellationToken cancellationToken = default) =>
        (await SearchesAsync(providerId, requestId, cancellationToken)).SingleOrDefault();

    public async Task<Offer> ExpressInterestAsync(ExpressInterestOptions options, CancellationToken cancellationToken = default)
    {
        var search = await FindAsync(options.ProviderId, options.RequestId, cancellationToken)
            ?? throw new NotFoundException("Search not found");
        Check(options, search).ThrowIfAny();
        var request = await db.PlacementRequests.Include(r => r.Referrals).FirstAsync(r => r.Id == options.RequestId, cancellationToken);
        var setting = await db.Settings.Include(s => s.Provider).FirstAsync(s => s.Id == options.SettingId, cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var vacancy = await db.Vacancies.AsNoTracking().Where(v => v.SettingId == setting.Id && v.Status == VacancyStatus.Open).OrderByDescending(v => v.ConfirmedAt).FirstOrDefaultAsync(cancellationToken);
        var result = (await matcher.EvaluateAsync(setting, vacancy is null ? null : matcher.Info(vacancy, now), db.PlacementRequests.AsNoTracking().Where(r => r.Id == request.Id), cancellationToken)).SingleOrDefault()?.Result
            ?? throw new ConflictException("This search has closed, or your setting no longer fits it");
        var offer = ProviderLedOffer.Add(db, rules, request, setting, result.Outcome, result.Score, result.Facts.DistanceMiles, [.. result.ScoreLines], [.. result.Findings],
            ReferralOrigin.ProviderInterest, $"Interest expressed by {setting.Provider.Name}", options.AvailableFrom!.Value, options.WeeklyCost!.Value,
            string.IsNullOrWhiteSpace(options.Note) ? null : options.Note.Trim(), now, options.Actor);
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            throw new ConflictException("Your interest in this child has already been recorded");
        }

        db.Audit(now, options.Actor, "ProviderInterest", $"{setting.Provider.Name} expressed interest with {setting.Name} at {Display.Money(offer.WeeklyCost)} a week, available {UkTime.Format(offer.AvailableFrom)}", request.Id, nameof(Offer), offer.Id);
        db.Enqueue(now, request.CreatedBy, emails.ProviderInterest(request, setting, offer), request.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return offer;
    }

    /// <summary>
    /// Every error in an expression of interest in the search (as <see cref="FindAsync"/> found it),
    /// at once and without writing anything: a page that could not read some of its boxes still
    /// shows what is wrong with the rest.
    /// </summary>
    public FieldErrors Check(ExpressInterestOptions options, OpenSearch search)
    {
        var eligible = search.Settings.FirstOrDefault(s => s.SettingId == options.SettingId && !s.AlreadyAsked);
        var errors = new FieldErrors();
        if (eligible is null)
        {
            errors.Add(nameof(options.SettingId), "Select one of your settings that can be considered for this child");
        }

        if (options.AvailableFrom is null)
        {
            errors.Add(nameof(options.AvailableFrom), FieldRules.Required("the date the place is available"));
        }
        else if (options.AvailableFrom < UkTime.Today(time))
        {
            errors.Add(nameof(options.AvailableFrom), "The date the place is available must be today or later");
        }

        errors.WeeklyCost(nameof(options.WeeklyCost), "the weekly cost", options.WeeklyCost)
            .MaxLength(nameof(options.Note), "the note for the broker", options.Note);
        return errors;
    }

    private async Task<List<OpenSearch>> SearchesAsync(int providerId, int? requestId, CancellationToken cancellationToken)
    {
        var settings = await db.Settings.AsNoTracking().Include(s => s.Provider).Where(s => s.ProviderId == providerId).ToListAsync(cancellationToken);
        var requests = db.PlacementRequests.AsNoTracking().Where(r => requestId == null || r.Id == requestId);
        var asked = await db.Referrals.AsNoTracking()
            .Where(r => r.ProviderId == providerId && (requestId == null || r.PlacementRequestId == requestId))
            .Select(r => new { r.PlacementRequestId, r.SettingId }).ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var vacancies = await db.Vacancies.AsNoTracking().Where(v => v.ProviderId == providerId && v.Status == VacancyStatus.Open).ToListAsync(cancellationToken);
        var withVacancies = settings.Select(setting =>
        {
            var vacancy = vacancies.Where(v => v.SettingId == setting.Id).OrderByDescending(v => v.ConfirmedAt).FirstOrDefault();
            return (setting, vacancy is null ? null : matcher.Info(vacancy, now));
        }).ToList();
        var evaluated = await matcher.EvaluateAsync(withVacancies, requests, cancellationToken);
        var bySetting = settings.SelectMany((setting, i) => evaluated[i].Select(match => (Setting: setting, Match: match))).ToList();

        return bySetting
            .GroupBy(x => x.Match.Request.Id)
            .Select(g => new OpenSearch(
                g.Key,
                g.First().Match.Request.Reference,
                AnonymisedProfile.For(g.First().Match.Request),
                g.Select(x => new EligibleSetting(x.Setting.Id, x.Setting.Name, x.Match.Result.Outcome, x.Match.Result.Score,
                    asked.Any(a => a.PlacementRequestId == g.Key && a.SettingId == x.Setting.Id))).OrderByDescending(s => s.Score).ToList()))
            .OrderBy(s => s.Profile.RequiredFrom)
            .ToList();
    }
}
