using Brokerage.Core.Approvals;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Approvals;

/// <summary>The assistant directors' queue: pending approvals, most urgent first, and recent decisions.</summary>
public class IndexModel(ApprovalService approvals, BrokerageDbContext db) : PageModel, IPageWithState
{
    public IReadOnlyList<ApprovalRequest> Pending { get; private set; } = [];
    public IReadOnlyList<ApprovalRequest> RecentlyDecided { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Pending = await approvals.QueueAsync(cancellationToken);
        RecentlyDecided = await db.ApprovalRequests.AsNoTracking()
            .Include(a => a.PlacementRequest).Include(a => a.Setting)
            .Where(a => a.Status != ApprovalStatus.Pending)
            .OrderByDescending(a => a.DecidedAt).Take(20)
            .ToListAsync(cancellationToken);
    }
}
