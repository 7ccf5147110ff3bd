using Brokerage.Core.Auditing;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Notifications;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Jobs;

/// <summary>
/// The step-out watch. Every child in unregulated or unregistered provision, in an interim
/// placement, or in a type of placement the plan does not prefer, stays under watch: each sweep
/// matches the child as of today against the regulated settings with a place free, by the rule
/// files, and an option is one the rules find eligible (no approval needed), of a type the plan
/// wants, that scores above where the child is now. The best five are the child's options; each
/// is recorded once per placement when it first becomes one, and the broker (and, for unregulated
/// provision, the assistant directors) get one email per sweep listing the options new to them. A vacancy notified, a directory change or a place
/// given back is found by the next sweep, whatever caused it.
/// </summary>
public sealed class StepOutWatchJob(BrokerageDbContext db, RuleSet rules, MatchingEngine engine, MatchingService matching, TimeProvider time, BrokerEmails brokerEmails, IOptions<EmailOptions> email)
{
    public const string Actor = "system: step-out watch";

    /// <summary>
    /// The best options a sweep considers for a child. A setting becomes an option when it enters
    /// this many best; each is told once, so a market full of places does not bury the broker.
    /// </summary>
    public const int BestOptions = 5;

    public sealed record Option(Setting Setting, decimal Score, string WhyItFits);

    /// <summary>Why a placement is watched, judged today: none for a placement that is where the plan wants it.</summary>
    /// <param name="setting">The placement's setting with its dated registrations loaded.</param>
    public static WatchReasons ReasonsFor(Placement placement, Setting setting, DateOnly today) =>
        (Setting.IsRegistered(setting.RegistrationOn(today)) ? WatchReasons.None : WatchReasons.Unregulated)
        | (placement.IsInterim ? WatchReasons.Interim : WatchReasons.None)
        | (setting.Type != placement.PlacementRequest.PlacementType ? WatchReasons.NotTheTypeWanted : WatchReasons.None);

    /// <returns>The number of new options found.</returns>
    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var today = UkTime.Today(time);
        var now = time.GetUtcNow().UtcDateTime;
        var current = await db.Placements.AsNoTracking()
            // A placement whose ending is recorded is already on its way out: the move is the broker's search now.
            .Where(p => (p.Status == PlacementStatus.Confirmed || p.Status == PlacementStatus.Started) && p.EndDate == null && p.MoveRequestId == null)
            .Include(p => p.PlacementRequest)
            .ToListAsync(cancellationToken);
        if (current.Count == 0)
        {
            return 0;
        }

        var settings = await db.Settings.AsNoTracking().Include(s => s.Provider).ToListAsync(cancellationToken);
        await db.LoadDatedFactsAsync(settings, today, cancellationToken);
        var byId = settings.ToDictionary(s => s.Id);
        var watched = current.Select(p => (Placement: p, Reasons: ReasonsFor(p, byId[p.SettingId], today))).Where(w => w.Reasons != WatchReasons.None).ToList();
        if (watched.Count == 0)
        {
            return 0;
        }

        var vacancies = await matching.OpenVacanciesAsync(now, cancellationToken);
        var responseRates = await matching.ResponseRatesAsync(cancellationToken);
        // The watch looks only for regulated settings with a place today, by type, so each child is matched against the types its plan wants.
        var regulatedWithAPlace = settings
            .Where(s => Setting.IsRegistered(s.RegistrationOn(today)) && (vacancies.TryGetValue(s.Id, out var v) && v.ReadyFrom <= today ? v.Places : s.FreePlacesOn(today)) > 0)
            .ToLookup(s => s.Type);
        // A setting's rule input is the same for every child: built once.
        var inputs = regulatedWithAPlace.SelectMany(g => g).ToDictionary(s => s.Id, s => MatchFactsBuilder.ToInput(s, today, vacancies.GetValueOrDefault(s.Id)));
        var market = new Market(byId, vacancies, responseRates, regulatedWithAPlace, inputs);
        var found = new (Placement Placement, WatchReasons Reasons, List<Option> Options)[watched.Count];
        // Each child is matched on its own, the children shared across the cores.
        Parallel.For(0, watched.Count, i =>
        {
            var (placement, reasons) = watched[i];
            var options = Options(placement, reasons, market, today)
                .Take(BestOptions)
                .ToList();
            found[i] = (placement, reasons, options);
        });

        var withOptions = found.Where(f => f.Options.Count > 0).ToList();
        if (withOptions.Count == 0)
        {
            return 0;
        }

        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        // Read again inside the transaction: a run that overlapped this one may have told them already.
        var ids = withOptions.Select(f => f.Placement.Id).ToList();
        var told = (await db.StepOutAlerts.AsNoTracking().Where(a => ids.Contains(a.PlacementId)).Select(a => new { a.PlacementId, a.SettingId }).ToListAsync(cancellationToken))
            .Select(a => (a.PlacementId, a.SettingId)).ToHashSet();
        var count = 0;
        foreach (var (placement, reasons, candidates) in withOptions)
        {
            var options = candidates.Where(o => !told.Contains((placement.Id, o.Setting.Id))).ToList();
            if (options.Count == 0)
            {
                continue;
            }

            foreach (var option in options)
            {
                db.StepOutAlerts.Add(new StepOutAlert
                {
                    PlacementId = placement.Id, SettingId = option.Setting.Id, FoundAt = now, WatchReasons = reasons, Score = option.Score,
                    WhyItFits = option.WhyItFits.Length > 2000 ? option.WhyItFits[..2000] : option.WhyItFits,
                });
            }

            var here = byId[placement.SettingId];
            var message = brokerEmails.StepOutOptions(placement, here, here.RegistrationOn(today), today, reasons, options.Select(o => (o.Setting, o.Score, o.WhyItFits)).ToList());
            db.Enqueue(now, placement.PlacementRequest.CreatedBy, message, placement.PlacementRequestId);
            if (reasons.HasFlag(WatchReasons.Unregulated))
            {
                db.Enqueue(now, email.Value.AssistantDirectorsEmail, message, placement.PlacementRequestId);
            }

            db.Audit(now, Actor, "StepOutOptionsFound", $"{Common.Display.Count(options.Count, "regulated option")} found for the child at {here.Name}, best {options[0].Setting.Name}", placement.PlacementRequestId, nameof(Placement), placement.Id);
            count += options.Count;
        }

        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.IsUniqueViolation())
        {
            // Another node's sweep recorded the same options at the same moment: it has told the broker.
            db.ChangeTracker.Clear();
            return 0;
        }

        return count;
    }

    /// <summary>
    /// The regulated settings the rules find eligible for the child today, of a type the plan
    /// wants, scoring above the placement the child is in: best first.
    /// </summary>
    private List<Option> Options(Placement placement, WatchReasons reasons, Market market, DateOnly today)
    {
        var request = placement.PlacementRequest;
        var here = market.Settings[placement.SettingId];
        var input = MatchFactsBuilder.ToInput(request);
        // A child placed in a type the plan does not prefer is watched for the preferred type; otherwise any suitable type will do.
        IReadOnlyList<PlacementType> types = reasons == WatchReasons.NotTheTypeWanted ? [request.PlacementType] : request.SuitableTypes;
        var candidates = types.SelectMany(t => market.RegulatedWithAPlace[t]).Where(s => s.Id != here.Id).ToList();
        if (candidates.Count == 0)
        {
            return [];
        }

        // Where the child is now, judged the same way, as if it had a place free. Where the rules
        // would not place the child there at all (an under-16 in unregistered provision), any
        // eligible setting is better.
        var hereNow = engine.Evaluate(input, MatchFactsBuilder.ToInput(here, today), WithAPlace(market.Facts(request, here, today)));
        var toBeat = hereNow.Outcome == EligibilityOutcome.Excluded ? decimal.MinValue : hereNow.Score;
        return candidates
            .Select(s => (Setting: s, Result: engine.Evaluate(input, market.Inputs[s.Id], market.Facts(request, s, today))))
            .Where(c => c.Result.Outcome == EligibilityOutcome.Eligible && c.Result.Score > toBeat)
            .OrderByDescending(c => c.Result.Score).ThenBy(c => c.Result.Facts.DistanceMiles).ThenBy(c => c.Setting.Id)
            .Select(c => new Option(c.Setting, c.Result.Score, WhyItFits(c.Result)))
            .ToList();
    }

    private sealed record Market(
        IReadOnlyDictionary<int, Setting> Settings,
        IReadOnlyDictionary<int, VacancyInfo> Vacancies,
        IReadOnlyDictionary<int, (int Answered, int Unanswered)> ResponseRates,
        ILookup<PlacementType, Setting> RegulatedWithAPlace,
        IReadOnlyDictionary<int, SettingInput> Inputs)
    {
        public MatchFacts Facts(PlacementRequest request, Setting setting, DateOnly today) =>
            MatchFactsBuilder.Facts(request, setting, MatchingService.ResponseRate(setting.Provider, ResponseRates), Vacancies.GetValueOrDefault(setting.Id), today);
    }

    private static MatchFacts WithAPlace(MatchFacts facts) => facts with { FreePlaces = Math.Max(1, facts.FreePlaces) };

    /// <summary>The scoring rules that gave it points, in their own words, most points first.</summary>
    private string WhyItFits(CandidateResult result) => string.Join("; ", result.ScoreLines
        .Where(l => l.Points > 0)
        .OrderByDescending(l => l.Points)
        .Select(l => rules.Metadata.TryGetValue(RuleSet.Key(RuleSet.ScoringWorkflow, l.Rule), out var meta) ? meta.Reason : l.Rule));
}
