using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Placements;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Pages.Requests.Placement;

public class IndexModel(PlacementService placements, TimeProvider time, IOptions<CouncilOptions> council) : PageModel, IPageWithState
{
    [FromRoute] public int Id { get; set; }

    public Core.Domain.Placement Placement { get; private set; } = null!;

    public void OnGet()
    {
    }

    public IActionResult OnGetRecord() =>
        File(PlacementRecordDocument.Render(Placement, time.GetUtcNow().UtcDateTime, council.Value), "application/pdf", $"placement-record-{Placement.PlacementRequest.Reference}.pdf");

    public async Task LoadAsync(CancellationToken cancellationToken) =>
        Placement = await placements.FindAsync(Id, cancellationToken) ?? throw new NotFoundException($"No placement for request {Id}");
}
