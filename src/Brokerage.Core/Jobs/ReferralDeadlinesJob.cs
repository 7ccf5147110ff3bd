using System.Linq.Expressions;
using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Brokerage.Core.Jobs;

/// <summary>
/// Sweeps referrals for deadlines that have passed: first chase, second chase (to the
/// provider's escalation contact) and respond-by (marks NoResponse). Each kind of action is
/// claimed and notified in one transaction, so two sweeps at once, or a sweep repeated after
/// a crash, send each email once and change each referral once.
/// </summary>
public sealed class ReferralDeadlinesJob(BrokerageDbContext db, TimeProvider time, ProviderEmails providerEmails, BrokerEmails brokerEmails, BrokerageMetrics metrics, ILogger<ReferralDeadlinesJob> logger)
{
    public const string Actor = "system: deadline sweep";
    private const int BatchSize = 2_000;

    public async Task<SweepResult> ExecuteAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var result = new SweepResult
        {
            FirstChases = await SweepAsync(
                r => r.Status == ReferralStatus.Sent && r.FirstChaseSentAt == null && r.FirstChaseAt <= now && r.RespondBy > now,
                (due, ct) => due.ExecuteUpdateAsync(u => u.SetProperty(r => r.FirstChaseSentAt, now), ct),
                r => r.FirstChaseSentAt == now,
                referral => db.Enqueue(now, referral.Setting.Provider.ReferralEmail, providerEmails.FirstReminder(referral), referral.PlacementRequestId),
                "FirstChaseSent", referral => $"First chase sent to {referral.Setting.Provider.Name}", referral => referral.FirstChaseAt, cancellationToken),
            SecondChases = await SweepAsync(
                r => r.Status == ReferralStatus.Sent && r.SecondChaseSentAt == null && r.SecondChaseAt <= now && r.RespondBy > now,
                (due, ct) => due.ExecuteUpdateAsync(u => u.SetProperty(r => r.SecondChaseSentAt, now), ct),
                r => r.SecondChaseSentAt == now,
                referral => db.Enqueue(now, referral.Setting.Provider.EscalationEmail, providerEmails.SecondReminder(referral), referral.PlacementRequestId),
                "SecondChaseSent", referral => $"Second chase sent to {referral.Setting.Provider.Name}'s escalation contact", referral => referral.SecondChaseAt, cancellationToken),
            NoResponses = await SweepAsync(
                r => r.Status == ReferralStatus.Sent && r.RespondBy <= now,
                (due, ct) => due.ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ReferralStatus.NoResponse), ct),
                r => r.Status == ReferralStatus.NoResponse,
                referral => db.Enqueue(now, referral.PlacementRequest.CreatedBy, brokerEmails.NoResponse(referral), referral.PlacementRequestId),
                "ReferralNoResponse", referral => $"{referral.Setting.Provider.Name} did not respond by {UkTime.Format(referral.RespondBy)}: recorded as no response", referral => referral.RespondBy, cancellationToken),
        };

        if (result.Total > 0)
        {
            logger.LogInformation("Deadline sweep: {FirstChases} first chases, {SecondChases} second chases, {NoResponses} marked no response", result.FirstChases, result.SecondChases, result.NoResponses);
        }

        return result;
    }

    /// <summary>
    /// Claims a batch of due referrals and queues their emails and audit events in one
    /// transaction. On SQLite the transaction starts with BEGIN IMMEDIATE, so a second sweep
    /// waits for this one to commit and then finds nothing left due; a crash before the commit
    /// leaves everything due for the next sweep.
    /// </summary>
    private async Task<int> SweepAsync(
        Expression<Func<Referral, bool>> due,
        Func<IQueryable<Referral>, CancellationToken, Task<int>> claim,
        Expression<Func<Referral, bool>> claimedHere,
        Action<Referral> notify,
        string action,
        Func<Referral, string> summary,
        Expression<Func<Referral, DateTime>> dueAt,
        CancellationToken cancellationToken)
    {
        var dueAtOf = dueAt.Compile();
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        // The longest overdue first: with more due than a batch, a crisis referral's chase is not left behind older planned ones.
        var ids = await db.Referrals.Where(due).OrderBy(dueAt).ThenBy(r => r.Id).Select(r => r.Id).Take(BatchSize).ToListAsync(cancellationToken);
        if (ids.Count == 0)
        {
            return 0;
        }

        var claimed = await claim(db.Referrals.Where(due).Where(r => ids.Contains(r.Id)), cancellationToken);
        // Only the referrals this claim changed are told about: one answered since the ids were
        // read (a provider's answer does not wait for the sweep) is left alone.
        var referrals = await db.Referrals.AsNoTracking()
            .Include(r => r.PlacementRequest).Include(r => r.Setting).ThenInclude(s => s.Provider)
            .Where(r => ids.Contains(r.Id))
            .Where(claimedHere)
            .ToListAsync(cancellationToken);
        var now = time.GetUtcNow().UtcDateTime;
        foreach (var referral in referrals)
        {
            notify(referral);
            db.Audit(now, Actor, action, summary(referral), referral.PlacementRequestId, nameof(Referral), referral.Id);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        foreach (var referral in referrals)
        {
            metrics.SweepActed(BrokerageMetrics.Jobs.ReferralDeadlines, action, dueAtOf(referral), now);
        }

        return claimed;
    }

}

public sealed class SweepResult
{
    public int FirstChases { get; set; }
    public int SecondChases { get; set; }
    public int NoResponses { get; set; }
    public int Total => FirstChases + SecondChases + NoResponses;
}
