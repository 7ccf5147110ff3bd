using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Market;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Directory.Lots;

/// <summary>Adds a framework lot (at /directory/lots/new) or changes one.</summary>
public class EditModel(Core.Data.BrokerageDbContext db, DirectoryService directory, BrokerageLinks links) : PageModel, IPageWithState
{
    [FromRoute] public int? Id { get; set; }

    [BindProperty] public string? Framework { get; set; }
    [BindProperty] public string? Name { get; set; }
    [BindProperty] public PlacementType? PlacementType { get; set; }
    [BindProperty] public string? Description { get; set; }

    public FrameworkLot? Existing { get; private set; }

    public void OnGet()
    {
        if (Existing is { } l)
        {
            (Framework, Name, PlacementType, Description) = (l.Framework, l.Name, l.PlacementType, l.Description);
        }
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var lot = await directory.SaveLotAsync(Id, new LotDetails { Framework = Framework, Name = Name, PlacementType = PlacementType, Description = Description }, DirectoryActor.Council(User.Actor()), cancellationToken);
        this.Success($"Lot {lot.Name} ({lot.Framework}) saved");
        return Redirect(links.FrameworkLots());
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        if (Id is { } id)
        {
            Existing = await db.FrameworkLots.AsNoTracking().FirstOrDefaultAsync(l => l.Id == id, cancellationToken) ?? throw new NotFoundException("Framework lot not found");
        }
    }
}
