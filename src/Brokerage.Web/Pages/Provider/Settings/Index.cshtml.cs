using Brokerage.Core.Common;
using Brokerage.Core;
using Brokerage.Core.Domain;
using Brokerage.Core.Market;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Provider.Settings;

/// <summary>
/// A provider's own settings as the council records them. The provider keeps its places out of use
/// and its contacts current here; registration, rating, contract and price are the council's to change.
/// </summary>
public class IndexModel(Core.Data.BrokerageDbContext db, DirectoryService directory, BrokerageLinks links, TimeProvider time) : PageModel, IPageWithState
{
    public Core.Domain.Provider Provider { get; private set; } = null!;
    public DateOnly Today { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostBackInUseAsync(int settingId, int unavailabilityId, CancellationToken cancellationToken)
    {
        await directory.EndUnavailableAsync(settingId, unavailabilityId, new DirectoryActor(User.Actor(), User.ProviderIdOf()!.Value), cancellationToken);
        this.Success("Places back in use from today");
        return Redirect(links.ProviderSettings());
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Today = UkTime.Today(time);
        var providerId = User.ProviderIdOf()!.Value;
        Provider = await db.Providers.AsNoTracking()
            .Include(p => p.Settings.OrderBy(s => s.Name)).ThenInclude(s => s.Unavailability.Where(u => u.Until >= Today).OrderBy(u => u.From))
            .AsSplitQuery()
            .SingleAsync(p => p.Id == providerId, cancellationToken);
    }
}
