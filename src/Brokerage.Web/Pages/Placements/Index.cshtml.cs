using Brokerage.Core;
using Brokerage.Core.Council;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Pages.Placements;

/// <summary>Which current placements the list shows.</summary>
public enum PlacementListFilter
{
    All,
    Interim,
    HighCost,
}

/// <summary>
/// Every child living in (or about to move into) a placement found through Brokerage, with what
/// it costs this week: the list a manager reviews for interim stop-gaps and high-cost packages.
/// Ended placements are found through the requests' search.
/// </summary>
public class IndexModel(BrokerageDbContext db, TimeProvider time, IOptions<CouncilOptions> council) : PageModel, IPageWithState
{
    public sealed record Row(Placement Placement, decimal WeeklyCostNow, bool HighCost);

    public const int PageSize = 25;

    [BindProperty(SupportsGet = true)] public PlacementListFilter Show { get; set; }

    /// <summary>A request or child reference, or a setting's name, whole or in part.</summary>
    [BindProperty(SupportsGet = true)] public string? Search { get; set; }

    public decimal Threshold => council.Value.HighCostWeeklyThreshold;
    public int CurrentCount { get; private set; }
    public int InterimCount { get; private set; }
    public int HighCostCount { get; private set; }
    public decimal WeeklyTotal { get; private set; }
    public IReadOnlyList<Row> Rows { get; private set; } = [];
    public Pagination Pages { get; private set; } = null!;

    public void OnGet()
    {
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var today = UkTime.Today(time);
        // A council has hundreds of children in placements, not hundreds of thousands, and the cost
        // this week depends on dated changes, so the current ones are judged in memory.
        var current = await db.Placements.AsNoTracking()
            .Where(p => p.Status == PlacementStatus.Confirmed || p.Status == PlacementStatus.Started)
            .Include(p => p.PlacementRequest)
            .Include(p => p.Setting).ThenInclude(s => s.Provider)
            .Include(p => p.CostChanges)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        // A placement yet to begin is shown at the cost it begins at.
        var rows = current.Select(p => ToRow(p, p.WeeklyCostOn(p.StartDate > today ? p.StartDate : today))).ToList();
        CurrentCount = rows.Count;
        InterimCount = rows.Count(r => r.Placement.IsInterim);
        HighCostCount = rows.Count(r => r.HighCost);
        // This week's bill: placements still to begin cost nothing yet.
        WeeklyTotal = rows.Where(r => r.Placement.StartDate <= today).Sum(r => r.WeeklyCostNow);

        IEnumerable<Row> shown = Show switch
        {
            PlacementListFilter.Interim => rows.Where(r => r.Placement.IsInterim),
            // Dearest first: the packages most worth a review.
            PlacementListFilter.HighCost => rows.Where(r => r.HighCost).OrderByDescending(r => r.WeeklyCostNow),
            _ => rows.OrderByDescending(r => r.Placement.StartDate).ThenByDescending(r => r.Placement.Id),
        };
        if (Show == PlacementListFilter.Interim)
        {
            // Longest-running stop-gaps first: they have waited longest for the right home.
            shown = shown.OrderBy(r => r.Placement.StartDate).ThenBy(r => r.Placement.Id);
        }

        if (!string.IsNullOrWhiteSpace(Search))
        {
            var term = Search.Trim();
            shown = shown.Where(r => r.Placement.PlacementRequest.Reference.Contains(term, StringComparison.OrdinalIgnoreCase)
                || r.Placement.PlacementRequest.ChildReference.Contains(term, StringComparison.OrdinalIgnoreCase)
                || r.Placement.Setting.Name.Contains(term, StringComparison.OrdinalIgnoreCase));
        }

        var matching = shown.ToList();
        Pages = Pagination.For(Request, matching.Count, PageSize);
        Rows = matching.Skip(Pages.Skip).Take(PageSize).ToList();
    }

    private Row ToRow(Placement placement, decimal weeklyCost) => new(placement, weeklyCost, weeklyCost >= Threshold);
}
