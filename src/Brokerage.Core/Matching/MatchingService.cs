using System.Diagnostics;
using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Matching;

public sealed record RunMatchingOptions(int RequestId, string Actor, string Reason);

public sealed class MatchingService(BrokerageDbContext db, RuleSet rules, MatchingEngine engine, TimeProvider time, BrokerageMetrics metrics)
{
    public async Task<MatchingRun> RunAsync(RunMatchingOptions options, CancellationToken cancellationToken = default)
    {
        var request = await db.PlacementRequests.FirstOrDefaultAsync(r => r.Id == options.RequestId, cancellationToken)
            ?? throw new NotFoundException("Placement request not found");
        if (request.Status is RequestStatus.Placed or RequestStatus.Closed)
        {
            throw new ConflictException(request.Status == RequestStatus.Placed
                ? "This request already has an accepted offer, so matching cannot be run again"
                : "This request is closed, so matching cannot be run again");
        }

        var stopwatch = Stopwatch.StartNew();
        var settings = await db.Settings.AsNoTracking().Include(s => s.Provider).ToListAsync(cancellationToken);
        var today = UkTime.Today(time);
        await db.LoadDatedFactsAsync(settings, today, cancellationToken);
        var judgedOn = MatchFactsBuilder.JudgedOn(request, today);
        var responseRates = await ResponseRatesAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        var vacancies = await OpenVacanciesAsync(now, cancellationToken);
        var requestInput = MatchFactsBuilder.ToInput(request);
        var inputs = settings
            .Select(s =>
            {
                var vacancy = vacancies.GetValueOrDefault(s.Id);
                return (MatchFactsBuilder.ToInput(s, judgedOn, vacancy), MatchFactsBuilder.Facts(request, s, ResponseRate(s.Provider, responseRates), vacancy));
            })
            .ToList();
        var ranked = engine.Rank(requestInput, inputs);
        stopwatch.Stop();
        metrics.MatchingRan(request.Urgency, stopwatch.Elapsed);

        var run = new MatchingRun
        {
            PlacementRequestId = request.Id,
            RanAt = now,
            RanBy = options.Actor,
            Reason = options.Reason,
            RulesVersion = rules.Version,
            SettingsConsidered = settings.Count,
            ElapsedMilliseconds = Math.Round(stopwatch.Elapsed.TotalMilliseconds, 1),
            Candidates = ranked.Select(r => new MatchCandidate
            {
                SettingId = r.Setting.Id,
                Outcome = r.Outcome,
                Rank = r.Rank,
                Score = r.Score,
                DistanceMiles = r.Facts.DistanceMiles,
                ScoreLines = [.. r.ScoreLines],
                Findings = [.. r.Findings],
            }).ToList(),
        };
        db.MatchingRuns.Add(run);
        // The run reads the request as it now stands, so the broker's prompt to run it again is answered.
        request.ChangedSinceMatchingAt = null;
        var eligible = ranked.Count(r => r.Outcome == EligibilityOutcome.Eligible);
        var needsApproval = ranked.Count(r => r.Outcome == EligibilityOutcome.NeedsApproval);
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        db.Audit(now, options.Actor, "MatchingRun", $"Matching run: {eligible} eligible, {needsApproval} needing approval, {settings.Count - eligible - needsApproval} excluded (rules {rules.Version}). Reason: {options.Reason}", request.Id, nameof(MatchingRun), run.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return run;
    }

    /// <summary>The open vacancy (most recently confirmed) at each setting that has one.</summary>
    /// <summary>Each setting's latest open vacancy, as matching (and the step-out watch) sees it.</summary>
    internal async Task<Dictionary<int, VacancyInfo>> OpenVacanciesAsync(DateTime now, CancellationToken cancellationToken)
    {
        var open = await db.Vacancies.AsNoTracking().Where(v => v.Status == VacancyStatus.Open).ToListAsync(cancellationToken);
        return open.GroupBy(v => v.SettingId)
            .ToDictionary(g => g.Key, g => VacancyInfo.Of(g.OrderByDescending(v => v.ConfirmedAt).First(), now, rules.VacancyScheme.StaleAfterDays));
    }

    /// <summary>Referrals each provider answered in time and missed in the last year.</summary>
    internal async Task<Dictionary<int, (int Answered, int Unanswered)>> ResponseRatesAsync(CancellationToken cancellationToken)
    {
        var since = time.GetUtcNow().UtcDateTime.AddYears(-1);
        var now = time.GetUtcNow().UtcDateTime;
        // A referral counts once it is answered or its respond-by has passed; an answer after
        // respond-by still counts as a miss, whatever happened to the search afterwards.
        var counts = await db.Referrals.AsNoTracking()
            .Where(r => r.SentAt >= since && (r.RespondedAt != null || r.RespondBy <= now))
            .GroupBy(r => r.ProviderId)
            .Select(g => new
            {
                ProviderId = g.Key,
                Answered = g.Count(r => r.RespondedAt != null && r.RespondedAt <= r.RespondBy),
                Unanswered = g.Count(r => r.RespondedAt == null || r.RespondedAt > r.RespondBy),
            })
            .ToListAsync(cancellationToken);
        return counts.ToDictionary(c => c.ProviderId, c => (c.Answered, c.Unanswered));
    }

    /// <summary>
    /// The provider's recorded rate counts as <see cref="PriorReferrals"/> referrals' worth of
    /// history, blended with what Brokerage has seen: every referral left without an answer by
    /// its respond-by pulls the rate, and so the timeliness score, down.
    /// </summary>
    internal static double ResponseRate(Provider provider, IReadOnlyDictionary<int, (int Answered, int Unanswered)> seen)
    {
        var (answered, unanswered) = seen.TryGetValue(provider.Id, out var counts) ? counts : (0, 0);
        return Math.Round(((provider.ResponseRate * PriorReferrals) + answered) / (PriorReferrals + answered + unanswered), 3);
    }

    internal const int PriorReferrals = 10;

    public Task<MatchingRun?> FindRunAsync(int requestId, int runId, CancellationToken cancellationToken = default) =>
        db.MatchingRuns.AsNoTracking()
            .Include(r => r.Candidates).ThenInclude(c => c.Setting).ThenInclude(s => s.Provider)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == runId && r.PlacementRequestId == requestId, cancellationToken);
}
