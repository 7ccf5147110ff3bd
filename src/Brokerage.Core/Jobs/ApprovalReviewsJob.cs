using Brokerage.Core.Auditing;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Jobs;

/// <summary>
/// Reminds the assistant director before each review of a live unregulated placement, and
/// escalates to the director when a review is overdue. Each reminder and escalation is claimed
/// with a conditional update, so repeated or concurrent runs send it once.
/// </summary>
public sealed class ApprovalReviewsJob(BrokerageDbContext db, TimeProvider time, ApprovalEmails emails, IOptions<EmailOptions> email)
{
    public const string Actor = "system: review sweep";

    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var live = db.ApprovalRequests.Where(a => (a.Status == ApprovalStatus.Approved || a.Status == ApprovalStatus.ApprovedWithConditions)
            && db.Placements.Any(p => p.ApprovalRequestId == a.Id && (p.Status == PlacementStatus.Confirmed || p.Status == PlacementStatus.Started)));
        var reminders = await live.Where(a => a.ReviewReminderSentAt == null && a.ReviewReminderAt <= now && a.ReviewOverdueAt > now)
            .OrderBy(a => a.ReviewReminderAt).ThenBy(a => a.Id).Select(a => a.Id).Take(500).ToListAsync(cancellationToken);
        var overdue = await live.Where(a => a.ReviewOverdueEscalatedAt == null && a.ReviewOverdueAt <= now)
            .OrderBy(a => a.ReviewOverdueAt).ThenBy(a => a.Id).Select(a => a.Id).Take(500).ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var id in reminders)
        {
            sent += await ClaimAndSendAsync(
                id,
                approvals => approvals.Where(a => a.ReviewReminderSentAt == null).ExecuteUpdateAsync(u => u.SetProperty(a => a.ReviewReminderSentAt, now), cancellationToken),
                a => [a.DecidedBy!, email.Value.AssistantDirectorsEmail],
                emails.ReviewDue,
                "ReviewReminderSent",
                a => $"Assistant director reminded that {a.Reference} is due for review on {UkTime.Format(a.NextReviewDate!.Value)}",
                now,
                cancellationToken);
        }

        foreach (var id in overdue)
        {
            sent += await ClaimAndSendAsync(
                id,
                approvals => approvals.Where(a => a.ReviewOverdueEscalatedAt == null).ExecuteUpdateAsync(u => u.SetProperty(a => a.ReviewOverdueEscalatedAt, now), cancellationToken),
                a => [email.Value.DirectorEmail, a.DecidedBy!, email.Value.AssistantDirectorsEmail],
                emails.ReviewOverdue,
                "ReviewOverdueEscalated",
                a => $"Review of {a.Reference} due {UkTime.Format(a.NextReviewDate!.Value)} is overdue; escalated to the director",
                now,
                cancellationToken);
        }

        return sent;
    }

    private async Task<int> ClaimAndSendAsync(
        int approvalId,
        Func<IQueryable<ApprovalRequest>, Task<int>> claim,
        Func<ApprovalRequest, IEnumerable<string>> recipients,
        Func<ApprovalRequest, Email> message,
        string action,
        Func<ApprovalRequest, string> summary,
        DateTime now,
        CancellationToken cancellationToken)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        if (await claim(db.ApprovalRequests.Where(a => a.Id == approvalId)) == 0)
        {
            return 0;
        }

        var approval = await db.ApprovalRequests.AsNoTracking()
            .Include(a => a.PlacementRequest).Include(a => a.Setting)
            .SingleAsync(a => a.Id == approvalId, cancellationToken);
        var email = message(approval);
        foreach (var to in recipients(approval).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            db.Enqueue(now, to, email, approval.PlacementRequestId);
        }

        db.Audit(now, Actor, action, summary(approval), approval.PlacementRequestId, nameof(ApprovalRequest), approval.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        db.ChangeTracker.Clear();
        return 1;
    }
}
