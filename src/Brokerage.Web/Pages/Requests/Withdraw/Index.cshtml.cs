using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Requests;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Requests.Withdraw;

public class IndexModel(BrokerageDbContext db, RequestChangeService changes, BrokerageLinks links) : PageModel, IPageWithState
{
    [FromRoute] public int Id { get; set; }
    [BindProperty] public WithdrawalReason? Reason { get; set; }
    [BindProperty] public string? Details { get; set; }

    public PlacementRequest PlacementRequest { get; private set; } = null!;
    public int OpenReferrals { get; private set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var request = await changes.WithdrawAsync(new WithdrawPlacementRequestOptions(Id, Reason, Details, User.Actor()), cancellationToken);
        this.Success($"Request {request.Reference} withdrawn. {Display.Count(OpenReferrals, "provider")} with an open referral {(OpenReferrals == 1 ? "has" : "have")} been told.");
        return Redirect(links.Request(Id));
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        PlacementRequest = await db.PlacementRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == Id, cancellationToken)
            ?? throw new NotFoundException($"Request {Id} not found");
        OpenReferrals = await db.Referrals.CountAsync(r => r.PlacementRequestId == Id && (r.Status == ReferralStatus.Sent || r.Status == ReferralStatus.Offered || r.Status == ReferralStatus.NoResponse), cancellationToken);
    }
}
