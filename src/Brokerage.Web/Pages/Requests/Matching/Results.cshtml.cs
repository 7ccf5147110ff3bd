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

public class ResultsModel(BrokerageDbContext db, MatchingService matching, ReferralService referrals, BrokerageLinks links) : PageModel, IPageWithState
{
    [FromRoute] public int Id { get; set; }
    [FromRoute] public int RunId { get; set; }

    public PlacementRequest PlacementRequest { get; private set; } = null!;
    public MatchingRun Run { get; private set; } = null!;
    public bool IsLatestRun { get; private set; }
    public IReadOnlyList<MatchCandidate> Ranked { get; private set; } = [];
    public IReadOnlyList<MatchCandidate> Excluded { get; private set; } = [];
    public ISet<int> AlreadyReferred { get; private set; } = new HashSet<int>();

    [BindProperty]
    public List<int> SettingIds { get; set; } = [];

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        var sent = await referrals.SendAsync(new SendReferralsOptions(Id, RunId, SettingIds, User.Actor()), cancellationToken);
        this.Success(sent.Count == 1 ? "1 referral sent" : $"{sent.Count} referrals sent");
        return Redirect(links.Request(Id));
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        var request = await db.PlacementRequests.AsNoTracking().Include(r => r.Referrals).FirstOrDefaultAsync(r => r.Id == Id, cancellationToken);
        var run = await matching.FindRunAsync(Id, RunId, cancellationToken);
        if (request is null || run is null)
        {
            throw new NotFoundException($"Matching run {RunId} of request {Id} not found");
        }

        PlacementRequest = request;
        Run = run;
        IsLatestRun = !await db.MatchingRuns.AnyAsync(r => r.PlacementRequestId == Id && r.Id > RunId, cancellationToken);
        Ranked = run.Candidates.Where(c => c.Rank is not null).OrderBy(c => c.Rank).ToList();
        Excluded = run.Candidates.Where(c => c.Rank is null).OrderBy(c => c.Setting.Name).ToList();
        AlreadyReferred = request.Referrals.Select(r => r.SettingId).ToHashSet();
    }
}
