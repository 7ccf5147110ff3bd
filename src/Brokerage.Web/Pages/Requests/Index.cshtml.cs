using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Requests;

public class IndexModel(BrokerageDbContext db) : PageModel, IPageWithState
{
    public sealed record Row(PlacementRequest Request, int Referrals, int Offers, int Waiting);

    public IReadOnlyList<Row> Open { get; private set; } = [];
    /// <summary>Placed and closed requests, newest first, or those matching the search.</summary>
    public IReadOnlyList<PlacementRequest> Past { get; private set; } = [];
    public Pagination PastPages { get; private set; } = null!;

    /// <summary>A request or child reference, whole or in part.</summary>
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }

    /// <summary>Placed, Closed or empty for both.</summary>
    [BindProperty(SupportsGet = true)] public RequestStatus? Status { get; set; }

    public const int PageSize = 25;

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
        var past = db.PlacementRequests.AsNoTracking().Where(r => r.Status == RequestStatus.Placed || r.Status == RequestStatus.Closed);
        if (Status is RequestStatus.Placed or RequestStatus.Closed)
        {
            past = past.Where(r => r.Status == Status);
        }

        if (!string.IsNullOrWhiteSpace(Search))
        {
            var term = Search.Trim().ToUpperInvariant();
            // References are stored upper case, so a contains test finds "pr-10" and "amb-0042" alike.
            past = past.Where(r => r.Reference.Contains(term) || r.ChildReference.Contains(term));
        }

        PastPages = Pagination.For(Request, await past.CountAsync(cancellationToken), PageSize, "past");
        Past = await past.OrderByDescending(r => r.Id).Skip(PastPages.Skip).Take(PageSize).ToListAsync(cancellationToken);
    }
}
