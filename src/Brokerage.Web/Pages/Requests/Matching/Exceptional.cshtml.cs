using Brokerage.Core;
using Brokerage.Core.Approvals;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Referrals;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Requests.Matching;

/// <summary>
/// The exceptional route for a child under 16: a referral to unregulated provision the rules
/// excluded, on the search evidence and the broker's reason. The placement still needs approval.
/// </summary>
public class ExceptionalModel(BrokerageDbContext db, ReferralService referrals, BrokerageLinks links, TimeProvider time) : PageModel, IPageWithState
{
    [FromRoute] public int Id { get; set; }
    [FromRoute] public int RunId { get; set; }
    [FromRoute] public int SettingId { get; set; }

    public PlacementRequest PlacementRequest { get; private set; } = null!;
    public MatchCandidate Candidate { get; private set; } = null!;
    public IReadOnlyList<SearchEvidenceItem> Evidence { get; private set; } = [];
    public IReadOnlyList<FieldError> EvidenceProblems { get; private set; } = [];

    [BindProperty] public string? Reason { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        await referrals.SendExceptionalAsync(new SendExceptionalReferralOptions(Id, RunId, SettingId, Reason, User.Actor()), cancellationToken);
        this.Success("Exceptional referral sent. If the provider offers a place, an assistant director must approve it before it can be confirmed.");
        return Redirect(links.Request(Id));
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var request = await db.PlacementRequests.AsNoTracking()
            .Include(r => r.Referrals).ThenInclude(r => r.Setting).ThenInclude(s => s.Provider)
            .Include(r => r.Referrals).ThenInclude(r => r.Offer)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == Id, cancellationToken);
        var candidate = await db.MatchCandidates.AsNoTracking().Include(c => c.Setting).ThenInclude(s => s.Provider)
            .FirstOrDefaultAsync(c => c.MatchingRunId == RunId && c.MatchingRun.PlacementRequestId == Id && c.SettingId == SettingId, cancellationToken);
        if (request is null || candidate is null || !ReferralService.IsExceptionalRouteCandidate(candidate))
        {
            throw new NotFoundException("That setting cannot be referred on the exceptional route from these matching results");
        }

        PlacementRequest = request;
        Candidate = candidate;
        var today = UkTime.Today(time);
        Evidence = SearchEvidence.Of(request, today);
        EvidenceProblems = SearchEvidence.Check(request, today);
    }
}
