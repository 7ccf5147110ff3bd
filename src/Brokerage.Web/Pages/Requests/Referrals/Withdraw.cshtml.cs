using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Referrals;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Requests.Referrals;

public class WithdrawModel(BrokerageDbContext db, ReferralService referrals, BrokerageLinks links) : PageModel, IPageWithState
{
    [FromRoute] public int Id { get; set; }
    [FromRoute] public int ReferralId { get; set; }
    [BindProperty] public string? Reason { get; set; }

    public Referral Referral { get; private set; } = null!;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var referral = await referrals.WithdrawAsync(new WithdrawReferralOptions(Id, ReferralId, Reason, User.Actor()), cancellationToken);
        this.Success($"Referral to {referral.Setting.Name} withdrawn. {referral.Setting.Provider.Name} has been told.");
        return Redirect(links.Request(Id));
    }

    public async Task LoadAsync(CancellationToken cancellationToken) =>
        Referral = await db.Referrals.AsNoTracking()
            .Include(r => r.PlacementRequest).Include(r => r.Setting).ThenInclude(s => s.Provider)
            .FirstOrDefaultAsync(r => r.Id == ReferralId && r.PlacementRequestId == Id, cancellationToken)
            ?? throw new NotFoundException("Referral not found on this request");
}
