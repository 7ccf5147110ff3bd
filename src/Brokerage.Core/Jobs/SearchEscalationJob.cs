using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Notifications;
using Brokerage.Core.Referrals;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Jobs;

/// <summary>
/// At a search's escalate-at, with no offer in, tells the team manager and widens the search
/// to the next stage of rules/widening.json without waiting for anyone: a new matching run
/// that records why it ran, and referrals to that stage's best eligible settings.
/// </summary>
public sealed class SearchEscalationJob(BrokerageDbContext db, RuleSet rules, MatchingService matching, ReferralService referrals, TimeProvider time, IOptions<EmailOptions> mailboxes, BrokerEmails brokerEmails, BrokerageMetrics metrics)
{
    public const string Actor = "system: automatic widening";

    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.PlacementRequests
            .Where(r => r.Status == RequestStatus.Searching && r.EscalatedAt == null && r.EscalateAt <= now)
            .OrderBy(r => r.EscalateAt).Select(r => new { r.Id, r.EscalateAt }).Take(100).ToListAsync(cancellationToken);
        var escalated = 0;
        foreach (var (id, escalateAt) in due.Select(d => (d.Id, d.EscalateAt!.Value)))
        {
            // The claim, the manager's email, the matching run and the new referrals commit together:
            // a second sweep finds nothing left to do, and a crash part-way leaves the search due again.
            await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
            var claimed = await db.PlacementRequests
                .Where(r => r.Id == id && r.EscalatedAt == null && r.Status == RequestStatus.Searching)
                .ExecuteUpdateAsync(u => u.SetProperty(r => r.EscalatedAt, now), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            await EscalateAsync(id, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            db.ChangeTracker.Clear();
            metrics.SweepActed(BrokerageMetrics.Jobs.SearchEscalation, "SearchEscalated", escalateAt, now);
            escalated++;
        }

        return escalated;
    }

    private async Task EscalateAsync(int requestId, DateTime now, CancellationToken cancellationToken)
    {
        var request = await db.PlacementRequests.Include(r => r.Referrals).ThenInclude(r => r.Offer).SingleAsync(r => r.Id == requestId, cancellationToken);
        var openOffers = request.Referrals.Count(r => r.Offer is { Status: OfferStatus.Open or OfferStatus.HeldInPrinciple });
        if (openOffers > 0)
        {
            db.Audit(now, Actor, "SearchEscalationSkipped", $"Escalate-at reached with {Display.Count(openOffers, "offer")} waiting for a decision: search not widened", request.Id);
            db.Enqueue(now, request.CreatedBy, brokerEmails.OffersWaiting(request, openOffers), request.Id);
            await db.SaveChangesAsync(cancellationToken);
            return;
        }

        var answered = request.Referrals.Count(r => r.Status != ReferralStatus.Sent);
        db.Enqueue(now, mailboxes.Value.TeamManagerEmail, brokerEmails.Escalation(request, request.Referrals.Count, answered), request.Id);
        await db.SaveChangesAsync(cancellationToken);

        var referred = request.Referrals.Select(r => r.SettingId).ToHashSet();
        for (var stage = request.SearchStage + 1; stage < rules.Widening.Stages.Count; stage++)
        {
            var scope = rules.Widening.Stages[stage];
            var run = await matching.RunAsync(new RunMatchingOptions(request.Id, Actor, $"Automatic widening to \"{scope.Name}\": no offer by {UkTime.Format(request.EscalateAt!.Value)}"), cancellationToken);
            var stored = await matching.FindRunAsync(request.Id, run.Id, cancellationToken);
            var chosen = stored!.Candidates
                .Where(c => c.Outcome == EligibilityOutcome.Eligible && !referred.Contains(c.SettingId))
                .Where(c => scope.Includes(c.Setting.Contract, c.DistanceMiles))
                .OrderBy(c => c.Rank)
                .Take(rules.Widening.ReferralsPerStage)
                .Select(c => c.SettingId)
                .ToList();
            await db.PlacementRequests.Where(r => r.Id == request.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.SearchStage, stage), cancellationToken);
            if (chosen.Count > 0)
            {
                db.ChangeTracker.Clear();
                await referrals.SendAsync(new SendReferralsOptions(request.Id, run.Id, chosen, Actor), cancellationToken);
                db.Audit(now, Actor, "SearchWidened", $"Search widened to \"{scope.Name}\": {Display.Count(chosen.Count, "referral")} sent", request.Id, nameof(MatchingRun), run.Id);
                await db.SaveChangesAsync(cancellationToken);
                return;
            }

            db.Audit(now, Actor, "SearchWidened", $"Search widened to \"{scope.Name}\": no eligible setting left to refer at this stage", request.Id, nameof(MatchingRun), run.Id);
            await db.SaveChangesAsync(cancellationToken);
        }

        db.Audit(now, Actor, "SearchExhausted", "Every widening stage has been tried: the broker must decide what to do next", request.Id);
        db.Enqueue(now, request.CreatedBy, brokerEmails.SearchExhausted(request), request.Id);
        await db.SaveChangesAsync(cancellationToken);
    }
}
