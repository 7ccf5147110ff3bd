using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Referrals;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Requests;

public class DetailsModel(BrokerageDbContext db, MatchingService matching, ReferralService referrals, BrokerageLinks links) : PageModel, IPageWithState
{
    [FromRoute] public int Id { get; set; }

    public PlacementRequest PlacementRequest { get; private set; } = null!;
    public MatchingRun? LatestRun { get; private set; }
    /// <summary>For a move, the placement the child is moving from.</summary>
    public Core.Domain.Placement? MoveFrom { get; private set; }
    public IReadOnlyList<AuditEvent> Timeline { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostRunMatchingAsync(CancellationToken cancellationToken)
    {
        var run = await matching.RunAsync(new RunMatchingOptions(Id, User.Actor(), "Run by broker"), cancellationToken);
        return Redirect(links.MatchingResults(Id, run.Id));
    }

    public async Task<IActionResult> OnPostChaseAsync(int referralId, CancellationToken cancellationToken)
    {
        var referral = await referrals.ChaseAsync(new ChaseReferralOptions(Id, referralId, User.Actor()), cancellationToken);
        this.Success($"{referral.Setting.Provider.Name} has been chased for an answer on {referral.Setting.Name}.");
        return Redirect(links.Request(Id));
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        PlacementRequest = await db.PlacementRequests.AsNoTracking()
            .Include(r => r.Referrals).ThenInclude(r => r.Setting).ThenInclude(s => s.Provider)
            .Include(r => r.Referrals).ThenInclude(r => r.Offer)
            .Include(r => r.Placements)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == Id, cancellationToken)
            ?? throw new NotFoundException($"Request {Id} not found");
        LatestRun = await db.MatchingRuns.AsNoTracking().Where(r => r.PlacementRequestId == Id).OrderByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        MoveFrom = PlacementRequest.ReplacesPlacementId is { } replaced
            ? await db.Placements.AsNoTracking().Include(p => p.Setting).Include(p => p.PlacementRequest).FirstOrDefaultAsync(p => p.Id == replaced, cancellationToken)
            : null;
        Timeline = await db.AuditEvents.AsNoTracking().Where(a => a.PlacementRequestId == Id).OrderByDescending(a => a.Id).ToListAsync(cancellationToken);
    }
}
