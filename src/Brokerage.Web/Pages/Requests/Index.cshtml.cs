using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Requests;

public class IndexModel(BrokerageDbContext db) : PageModel, IPageWithState
{
    public sealed record Row(PlacementRequest Request, int Referrals, int Offers, int Waiting);

    public IReadOnlyList<Row> Open { get; private set; } = [];
    public IReadOnlyList<PlacementRequest> Recent { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var open = await db.PlacementRequests.AsNoTracking()
            .Where(r => r.Status == RequestStatus.Open || r.Status == RequestStatus.Searching)
            .Select(r => new Row(
                r,
                r.Referrals.Count,
                r.Referrals.Count(x => x.Offer != null),
                r.Referrals.Count(x => x.Status == ReferralStatus.Sent)))
            .ToListAsync(cancellationToken);

        // Most urgent first, then soonest needed: the order a broker works the queue in.
        Open = open.OrderBy(r => r.Request.Urgency).ThenBy(r => r.Request.RequiredFrom).ToList();
        Recent = await db.PlacementRequests.AsNoTracking()
            .Where(r => r.Status == RequestStatus.Placed)
            .OrderByDescending(r => r.Id)
            .Take(10)
            .ToListAsync(cancellationToken);
    }
}
