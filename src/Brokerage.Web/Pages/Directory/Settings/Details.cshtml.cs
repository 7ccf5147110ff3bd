using Brokerage.Core;
using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Market;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Directory.Settings;

/// <summary>Everything the council records about a setting, its contracts and places out of use, and who changed what.</summary>
public class DetailsModel(Core.Data.BrokerageDbContext db, DirectorySearch search, DirectoryService directory, BrokerageLinks links, TimeProvider time) : PageModel, IPageWithState
{
    [FromRoute] public int Id { get; set; }

    public Setting Setting { get; private set; } = null!;
    public IReadOnlyList<AuditEvent> History { get; private set; } = [];
    public DateOnly Today { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostRemoveContractAsync(int contractId, CancellationToken cancellationToken)
    {
        await directory.RemoveContractAsync(Id, contractId, DirectoryActor.Council(User.Actor()), cancellationToken);
        this.Success("Contract removed");
        return Redirect(links.DirectorySetting(Id));
    }

    public async Task<IActionResult> OnPostBackInUseAsync(int unavailabilityId, CancellationToken cancellationToken)
    {
        await directory.EndUnavailableAsync(Id, unavailabilityId, DirectoryActor.Council(User.Actor()), cancellationToken);
        this.Success("Places back in use from today");
        return Redirect(links.DirectorySetting(Id));
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Today = UkTime.Today(time);
        Setting = await db.Settings.AsNoTracking()
            .Include(s => s.Provider)
            .Include(s => s.Contracts.OrderByDescending(c => c.StartsOn)).ThenInclude(c => c.Lot)
            .Include(s => s.Unavailability.Where(u => u.Until >= Today).OrderBy(u => u.From))
            .AsSplitQuery()
            .FirstOrDefaultAsync(s => s.Id == Id, cancellationToken)
            ?? throw new NotFoundException("Setting not found");
        History = await search.HistoryAsync(nameof(Core.Domain.Setting), Id, cancellationToken);
    }
}
