using Brokerage.Core.Placements;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Requests.Placement;

public class IndexModel(PlacementService placements, TimeProvider time) : PageModel
{
    public Core.Domain.Placement Placement { get; private set; } = null!;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var placement = await placements.FindAsync(id, cancellationToken);
        if (placement is null)
        {
            return NotFound();
        }

        Placement = placement;
        return Page();
    }

    public async Task<IActionResult> OnGetRecordAsync(int id, CancellationToken cancellationToken)
    {
        var placement = await placements.FindAsync(id, cancellationToken);
        if (placement is null)
        {
            return NotFound();
        }

        var pdf = PlacementRecordDocument.Render(placement, time.GetUtcNow().UtcDateTime);
        return File(pdf, "application/pdf", $"placement-record-{placement.PlacementRequest.Reference}.pdf");
    }
}
