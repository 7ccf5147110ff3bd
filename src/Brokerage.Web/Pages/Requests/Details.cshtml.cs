using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Requests;

public class DetailsModel(BrokerageDbContext db, MatchingService matching) : PageModel
{
    public PlacementRequest PlacementRequest { get; private set; } = null!;
    public MatchingRun? LatestRun { get; private set; }
    public IReadOnlyList<AuditEvent> Timeline { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostRunMatchingAsync(int id, CancellationToken cancellationToken)
    {
        try
        {
            var run = await matching.RunAsync(new RunMatchingOptions(id, User.Actor(), "Run by broker"), cancellationToken);
            return Redirect($"/requests/{id}/matching/{run.Id}");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ConflictException ex)
        {
            ModelState.AddModelError("", ex.Message);
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var request = await db.PlacementRequests.AsNoTracking()
            .Include(r => r.Referrals).ThenInclude(r => r.Setting).ThenInclude(s => s.Provider)
            .Include(r => r.Referrals).ThenInclude(r => r.Offer)
            .Include(r => r.Placement)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return false;
        }

        PlacementRequest = request;
        LatestRun = await db.MatchingRuns.AsNoTracking().Where(r => r.PlacementRequestId == id).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        Timeline = await db.AuditEvents.AsNoTracking().Where(a => a.PlacementRequestId == id).OrderByDescending(a => a.Id).ToListAsync(cancellationToken);
        return true;
    }
}
