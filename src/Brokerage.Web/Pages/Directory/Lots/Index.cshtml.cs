using Brokerage.Core.Domain;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Directory.Lots;

/// <summary>The council's framework lots, each with how many settings have a contract on it today.</summary>
public class IndexModel(Core.Data.BrokerageDbContext db, TimeProvider time) : PageModel, IPageWithState
{
    public IReadOnlyList<(FrameworkLot Lot, int InForce)> Lots { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var today = Core.UkTime.Today(time);
        var lots = await db.FrameworkLots.AsNoTracking().OrderBy(l => l.Framework).ThenBy(l => l.Name).ToListAsync(cancellationToken);
        var counts = await db.SettingContracts.AsNoTracking()
            .Where(c => c.FrameworkLotId != null && c.StartsOn <= today && (c.EndsOn == null || c.EndsOn >= today))
            .GroupBy(c => c.FrameworkLotId!.Value).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count, cancellationToken);
        Lots = lots.Select(l => (l, counts.GetValueOrDefault(l.Id))).ToList();
    }
}
