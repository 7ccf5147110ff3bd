using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Placements;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Requests.Offers;

public class IndexModel(BrokerageDbContext db, PlacementService placements) : PageModel
{
    public PlacementRequest PlacementRequest { get; private set; } = null!;
    public IReadOnlyList<Referral> WithOffers { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <param name="version">The request version this page was built from; a stale page cannot accept.</param>
    public async Task<IActionResult> OnPostAcceptAsync(int id, int offerId, int version, CancellationToken cancellationToken)
    {
        try
        {
            var placement = await placements.AcceptOfferAsync(new AcceptOfferOptions(id, offerId, version, User.Actor()), cancellationToken);
            TempData["Success"] = placement.Status == PlacementStatus.Confirmed
                ? "Offer accepted and placement confirmed. The other providers have been told."
                : "Offer accepted. The placement now needs assistant director approval before it is confirmed.";
            return Redirect($"/requests/{id}/placement");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ConflictException ex)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            ModelState.AddModelError("", ex.Message);
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }
    }

    public async Task<IActionResult> OnPostHoldAsync(int id, int offerId, CancellationToken cancellationToken)
    {
        try
        {
            var offer = await placements.HoldOfferAsync(new HoldOfferOptions(id, offerId, User.Actor()), cancellationToken);
            TempData["Success"] = $"Offer accepted in principle. The provider holds the place free until {Core.UkTime.Format(offer.HeldUntil!.Value)}.";
            return Redirect($"/requests/{id}/offers");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ConflictException ex)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            ModelState.AddModelError("", ex.Message);
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var request = await db.PlacementRequests.AsNoTracking()
            .Include(r => r.Referrals).ThenInclude(r => r.Offer)
            .Include(r => r.Referrals).ThenInclude(r => r.Setting).ThenInclude(s => s.Provider)
            .Include(r => r.Referrals).ThenInclude(r => r.MatchCandidate)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        if (request is null)
        {
            return false;
        }

        PlacementRequest = request;
        WithOffers = request.Referrals.Where(r => r.Offer is not null)
            .OrderBy(r => r.MatchCandidate?.Rank ?? int.MaxValue)
            .ThenBy(r => r.Offer!.WeeklyCost)
            .ToList();
        return true;
    }
}
