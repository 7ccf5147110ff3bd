using Brokerage.Core.Auditing;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Approvals;

public static class PendingApprovals
{
    /// <summary>
    /// Withdraws, in the caller's unit of work, the approvals still pending among these that can no
    /// longer be decided because their offer has gone: its hold lapsed, or another offer was accepted.
    /// </summary>
    public static async Task WithdrawPendingApprovalsAsync(this BrokerageDbContext db, IQueryable<ApprovalRequest> approvals, DateTime now, string actor, string why, CancellationToken cancellationToken)
    {
        foreach (var pending in await approvals.Where(a => a.Status == ApprovalStatus.Pending).ToListAsync(cancellationToken))
        {
            pending.Status = ApprovalStatus.Withdrawn;
            pending.Version++;
            db.Audit(now, actor, "ApprovalWithdrawn", $"{pending.Reference} withdrawn undecided: {why}", pending.PlacementRequestId, nameof(ApprovalRequest), pending.Id, "Pending", "Withdrawn");
        }
    }
}
