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

    /// <summary>The latest approval asked for on each referral, by referral id.</summary>
    public IReadOnlyDictionary<int, ApprovalRequest> Approvals { get; private set; } = new Dictionary<int, ApprovalRequest>();

    /// <summary>The offer whose accept form was posted, so its contribution boxes keep what was typed.</summary>
    public int? PostedOfferId { get; private set; }

    [BindProperty] public string? HealthContribution { get; set; }
    [BindProperty] public string? EducationContribution { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    /// <param name="version">The request version this page was built from; a stale page cannot accept.</param>
    public async Task<IActionResult> OnPostAcceptAsync(int id, int offerId, int version, CancellationToken cancellationToken)
    {
        PostedOfferId = offerId;
        var health = Contribution(HealthContribution, $"{nameof(HealthContribution)}-{offerId}", "Health");
        var education = Contribution(EducationContribution, $"{nameof(EducationContribution)}-{offerId}", "Education");
        if (!ModelState.IsValid)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
        }

        try
        {
            await placements.AcceptOfferAsync(new AcceptOfferOptions(id, offerId, version, User.Actor(), health, education), cancellationToken);
            TempData["Success"] = "Offer accepted and placement confirmed. The other providers have been told.";
            return Redirect($"/requests/{id}/placement");
        }
        catch (ValidationFailedException ex)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            // The contribution boxes belong to one offer's column.
            ModelState.AddFieldErrors(ex.Errors.Select(e => e with { Field = $"{e.Field}-{offerId}" }));

            return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
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

    private decimal Contribution(string? text, string key, string who)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return 0;
        }

        if (FormParsing.ParseMoney(text) is { } amount)
        {
            return amount;
        }

        ModelState.AddModelError(key, $"{who} contribution must be an amount in pounds, like 250 or 250.50");
        return 0;
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
        Approvals = (await db.ApprovalRequests.AsNoTracking().Where(a => a.PlacementRequestId == id).OrderBy(a => a.Id).ToListAsync(cancellationToken))
            .GroupBy(a => a.ReferralId).ToDictionary(g => g.Key, g => g.Last());
        return true;
    }
}
