using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Referrals;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Requests.Matching;

public class ResultsModel(BrokerageDbContext db, MatchingService matching, ReferralService referrals) : PageModel
{
    public PlacementRequest PlacementRequest { get; private set; } = null!;
    public MatchingRun Run { get; private set; } = null!;
    public bool IsLatestRun { get; private set; }
    public IReadOnlyList<MatchCandidate> Ranked { get; private set; } = [];
    public IReadOnlyList<MatchCandidate> Excluded { get; private set; } = [];
    public ISet<int> AlreadyReferred { get; private set; } = new HashSet<int>();

    [BindProperty]
    public List<int> SettingIds { get; set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, int runId, CancellationToken cancellationToken) =>
        await LoadAsync(id, runId, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, int runId, CancellationToken cancellationToken)
    {
        try
        {
            var sent = await referrals.SendAsync(new SendReferralsOptions(id, runId, SettingIds, User.Actor()), cancellationToken);
            TempData["Success"] = sent.Count == 1 ? "1 referral sent" : $"{sent.Count} referrals sent";
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
            ModelState.AddModelError("", ex.Message);
        }

        return await LoadAsync(id, runId, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, int runId, CancellationToken cancellationToken)
    {
        var request = await db.PlacementRequests.AsNoTracking().Include(r => r.Referrals).FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        var run = await matching.FindRunAsync(id, runId, cancellationToken);
        if (request is null || run is null)
        {
            return false;
        }

        PlacementRequest = request;
        Run = run;
        IsLatestRun = !await db.MatchingRuns.AnyAsync(r => r.PlacementRequestId == id && r.Id > runId, cancellationToken);
        Ranked = run.Candidates.Where(c => c.Rank is not null).OrderBy(c => c.Rank).ToList();
        Excluded = run.Candidates.Where(c => c.Rank is null).OrderBy(c => c.Setting.Name).ToList();
        AlreadyReferred = request.Referrals.Select(r => r.SettingId).ToHashSet();
        return true;
    }
}
