using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Vacancies;

/// <summary>
/// Matching from the provider's side: one setting against many open requests, with the same rules
/// and the same inputs forward matching uses, so a vacancy ranks children as a search ranks homes.
/// </summary>
public sealed class VacancyMatcher(BrokerageDbContext db, RuleSet rules, MatchingEngine engine, MatchingService matching, TimeProvider time)
{
    public sealed record Evaluated(PlacementRequest Request, CandidateResult Result);

    /// <summary>Every open request this setting could take, best first; excluded requests are left out.</summary>
    public async Task<IReadOnlyList<Evaluated>> EvaluateAsync(Setting setting, VacancyInfo? vacancy, IQueryable<PlacementRequest>? requests = null, CancellationToken cancellationToken = default) =>
        (await EvaluateAsync([(setting, vacancy)], requests, cancellationToken))[0];

    /// <summary>
    /// The same for several settings, reading the open requests and response history once: a
    /// provider's list of open searches evaluates all its settings in one go.
    /// </summary>
    public async Task<IReadOnlyList<IReadOnlyList<Evaluated>>> EvaluateAsync(IReadOnlyList<(Setting Setting, VacancyInfo? Vacancy)> settings, IQueryable<PlacementRequest>? requests = null, CancellationToken cancellationToken = default)
    {
        var open = await (requests ?? db.PlacementRequests.AsNoTracking())
            .Where(r => r.Status == RequestStatus.Open || r.Status == RequestStatus.Searching)
            .ToListAsync(cancellationToken);
        var rates = await matching.ResponseRatesAsync(cancellationToken);
        var today = UkTime.Today(time);
        await db.LoadDatedFactsAsync(settings.Select(s => s.Setting).ToList(), today, cancellationToken);
        return settings.Select(s =>
        {
            var rate = MatchingService.ResponseRate(s.Setting.Provider, rates);
            // Each child is judged on the setting as it stands on the day they need it (or today, once that has passed).
            return (IReadOnlyList<Evaluated>)open
                .Select(r => new Evaluated(r, engine.Evaluate(MatchFactsBuilder.ToInput(r), MatchFactsBuilder.ToInput(s.Setting, MatchFactsBuilder.JudgedOn(r, today), s.Vacancy), MatchFactsBuilder.Facts(r, s.Setting, rate, s.Vacancy))))
                .Where(e => e.Result.Outcome != EligibilityOutcome.Excluded)
                .OrderBy(e => e.Result.Outcome)
                .ThenByDescending(e => e.Result.Score)
                .ThenBy(e => e.Request.RequiredFrom)
                .ToList();
        }).ToList();
    }

    /// <summary>Replaces a vacancy's matches with a fresh reverse match. Needs the vacancy's setting and provider.</summary>
    public async Task MatchAsync(Vacancy vacancy, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var evaluated = await EvaluateAsync(vacancy.Setting, Info(vacancy, now), cancellationToken: cancellationToken);
        vacancy.Matches.Clear();
        vacancy.Matches.AddRange(evaluated.Select((e, i) => new VacancyMatch
        {
            PlacementRequestId = e.Request.Id,
            MatchedAt = now,
            RulesVersion = rules.Version,
            Outcome = e.Result.Outcome,
            Rank = i + 1,
            Score = e.Result.Score,
            DistanceMiles = e.Result.Facts.DistanceMiles,
            ScoreLines = [.. e.Result.ScoreLines],
            Findings = [.. e.Result.Findings],
        }));
    }

    public VacancyInfo Info(Vacancy vacancy, DateTime nowUtc) => VacancyInfo.Of(vacancy, nowUtc, rules.VacancyScheme.StaleAfterDays);
}
