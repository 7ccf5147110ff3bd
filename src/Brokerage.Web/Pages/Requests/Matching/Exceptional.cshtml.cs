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
public class ExceptionalModel(BrokerageDbContext db, ReferralService referrals) : PageModel
{
    public PlacementRequest PlacementRequest { get; private set; } = null!;
    public MatchCandidate Candidate { get; private set; } = null!;
    public IReadOnlyList<SearchEvidenceItem> Evidence { get; private set; } = [];
    public IReadOnlyList<FieldError> EvidenceProblems { get; private set; } = [];

    [BindProperty] public string? Reason { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, int runId, int settingId, CancellationToken cancellationToken) =>
        await LoadAsync(id, runId, settingId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, int runId, int settingId, CancellationToken cancellationToken)
    {
        try
        {
            await referrals.SendExceptionalAsync(new SendExceptionalReferralOptions(id, runId, settingId, Reason, User.Actor()), cancellationToken);
            TempData["Success"] = "Exceptional referral sent. If the provider offers a place, an assistant director must approve it before it can be confirmed.";
            return Redirect($"/requests/{id}");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ValidationFailedException ex)
        {
            ModelState.AddFieldErrors(ex.Errors);
        }
        catch (ConflictException ex)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            ModelState.AddModelError("", ex.Message);
        }

        return await LoadAsync(id, runId, settingId, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, int runId, int settingId, CancellationToken cancellationToken)
    {
        var request = await db.PlacementRequests.AsNoTracking()
            .Include(r => r.Referrals).ThenInclude(r => r.Setting).ThenInclude(s => s.Provider)
            .Include(r => r.Referrals).ThenInclude(r => r.Offer)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        var candidate = await db.MatchCandidates.AsNoTracking().Include(c => c.Setting).ThenInclude(s => s.Provider)
            .FirstOrDefaultAsync(c => c.MatchingRunId == runId && c.MatchingRun.PlacementRequestId == id && c.SettingId == settingId, cancellationToken);
        if (request is null || candidate is null || !ReferralService.IsExceptionalRouteCandidate(candidate))
        {
            return false;
        }

        PlacementRequest = request;
        Candidate = candidate;
        Evidence = SearchEvidence.Of(request);
        EvidenceProblems = SearchEvidence.Check(request);
        return true;
    }
}
