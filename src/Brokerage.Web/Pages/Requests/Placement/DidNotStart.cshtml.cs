using Brokerage.Core.Common;
using Brokerage.Core.Placements;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Brokerage.Web.Pages.Requests.Placement;

public class DidNotStartModel(PlacementService placements, PlacementLifecycleService lifecycle, BrokerageLinks links) : PlacementActionModel(placements)
{
    [BindProperty] public string? Reason { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var placement = await lifecycle.RecordDidNotStartAsync(new RecordDidNotStartOptions(Id, Version, Reason, User.Actor()), cancellationToken);
        this.Success($"The placement at {placement.Setting.Name} did not start. The place is given back and request {placement.PlacementRequest.Reference} is open again: find matching placements.");
        return Redirect(links.Request(Id));
    }
}
