using Brokerage.Core;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Placements;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Requests.Offers;

public class IndexModel(BrokerageDbContext db, PlacementService placements, BrokerageLinks links, TimeProvider time) : PageModel, IPageWithState, IPageWithFieldNames
{
    [FromRoute] public int Id { get; set; }

    public PlacementRequest PlacementRequest { get; private set; } = null!;
    public IReadOnlyList<Referral> WithOffers { get; private set; } = [];

    /// <summary>Registration and approval are judged on the later of the start and today.</summary>
    public DateOnly Today { get; private set; }

    /// <summary>The latest approval asked for on each referral, by referral id.</summary>
    public IReadOnlyDictionary<int, ApprovalRequest> Approvals { get; private set; } = new Dictionary<int, ApprovalRequest>();

    /// <summary>The offer whose accept form was posted, so its contribution boxes keep what was typed.</summary>
    public int? PostedOfferId { get; private set; }

    [BindProperty] public string? HealthContribution { get; set; }
    [BindProperty] public string? EducationContribution { get; set; }

    public void OnGet()
    {
    }

    /// <param name="version">The request version this page was built from; a stale page cannot accept.</param>
    public async Task<IActionResult> OnPostAcceptAsync(int offerId, int version, CancellationToken cancellationToken)
    {
        PostedOfferId = offerId;
        var health = ModelState.ReadMoney(HealthContribution, FieldKey(nameof(AcceptOfferOptions.HealthContribution)), "the amount health pays a week", required: false);
        var education = ModelState.ReadMoney(EducationContribution, FieldKey(nameof(AcceptOfferOptions.EducationContribution)), "the amount education pays a week", required: false);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await placements.AcceptOfferAsync(new AcceptOfferOptions(Id, offerId, version, User.Actor(), health ?? 0, education ?? 0), cancellationToken);
        this.Success("Offer accepted and placement confirmed. The other providers have been told.");
        return Redirect(links.Placement(Id));
    }

    public async Task<IActionResult> OnPostHoldAsync(int offerId, CancellationToken cancellationToken)
    {
        var offer = await placements.HoldOfferAsync(new HoldOfferOptions(Id, offerId, User.Actor()), cancellationToken);
        this.Success($"Offer accepted in principle. The provider holds the place free until {Core.UkTime.Format(offer.HeldUntil!.Value)}.");
        return Redirect(links.Offers(Id));
    }

    /// <summary>The contribution boxes belong to one offer's column.</summary>
    public string FieldKey(string domainField) => $"{domainField}-{PostedOfferId}";

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        PlacementRequest = await db.PlacementRequests.AsNoTracking()
            .Include(r => r.Referrals).ThenInclude(r => r.Offer)
            .Include(r => r.Referrals).ThenInclude(r => r.Setting).ThenInclude(s => s.Provider)
            .Include(r => r.Referrals).ThenInclude(r => r.MatchCandidate)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == Id, cancellationToken)
            ?? throw new NotFoundException($"Request {Id} not found");
        Today = UkTime.Today(time);
        WithOffers = PlacementRequest.Referrals.Where(r => r.Offer is not null)
            .OrderBy(r => r.MatchCandidate?.Rank ?? int.MaxValue)
            .ThenBy(r => r.Offer!.WeeklyCost)
            .ToList();
        Approvals = (await db.ApprovalRequests.AsNoTracking().Where(a => a.PlacementRequestId == Id).OrderBy(a => a.Id).ToListAsync(cancellationToken))
            .GroupBy(a => a.ReferralId).ToDictionary(g => g.Key, g => g.Last());
    }
}
