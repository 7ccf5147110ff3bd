using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Placements;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Pages.Requests.Placement;

public class IndexModel(PlacementService placements, PlacementLifecycleService lifecycle, BrokerageDbContext db, TimeProvider time, IOptions<CouncilOptions> council, BrokerageLinks links) : PlacementActionModel(placements)
{
    public IReadOnlyList<AuditEvent> Timeline { get; private set; } = [];

    /// <summary>Regulated settings the step-out watch found that fit the child better, best first.</summary>
    public IReadOnlyList<StepOutAlert> StepOutOptions { get; private set; } = [];

    /// <summary>The request raised for the child's move from here, if any.</summary>
    public PlacementRequest? MoveRequest { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken) => await LoadMoreAsync(cancellationToken);

    public IActionResult OnGetRecord() =>
        File(PlacementRecordDocument.Render(Placement, time.GetUtcNow().UtcDateTime, council.Value), "application/pdf", $"placement-record-{Placement.PlacementRequest.Reference}.pdf");

    public async Task<IActionResult> OnPostInterimAsync(bool isInterim, CancellationToken cancellationToken)
    {
        await LoadMoreAsync(cancellationToken);
        var placement = await lifecycle.SetInterimAsync(new SetInterimOptions(Id, Version, isInterim, User.Actor()), cancellationToken);
        this.Success(placement.IsInterim ? "The placement is marked as interim: a stop-gap until the right home is found." : "The placement is no longer marked as interim.");
        return Redirect(links.Placement(Id));
    }

    private async Task LoadMoreAsync(CancellationToken cancellationToken)
    {
        Timeline = await db.AuditEvents.AsNoTracking().Where(a => a.EntityType == nameof(Core.Domain.Placement) && a.EntityId == Placement.Id).OrderByDescending(a => a.Id).ToListAsync(cancellationToken);
        StepOutOptions = await db.StepOutAlerts.AsNoTracking().Include(a => a.Setting).ThenInclude(s => s.Provider)
            .Where(a => a.PlacementId == Placement.Id)
            .OrderByDescending(a => a.FoundAt).ThenByDescending(a => a.Score)
            .ToListAsync(cancellationToken);
        MoveRequest = Placement.MoveRequestId is { } move ? await db.PlacementRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == move, cancellationToken) : null;
    }
}
