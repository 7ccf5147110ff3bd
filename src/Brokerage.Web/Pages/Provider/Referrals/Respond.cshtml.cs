using Brokerage.Core;
using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Brokerage.Core.Referrals;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Provider.Referrals;

public class RespondModel(ProviderResponseService responses, TimeProvider time, BrokerageLinks links) : PageModel, IPageWithState
{
    public const string AnswerOffer = "offer";
    public const string AnswerDecline = "decline";

    [FromRoute] public int Id { get; set; }

    public Referral Referral { get; private set; } = null!;

    /// <summary>The only view of the child a provider gets before its offer is accepted.</summary>
    public AnonymisedProfile Profile { get; private set; } = null!;

    public bool RespondByHasPassed { get; private set; }

    [BindProperty] public string? Answer { get; set; }
    [BindProperty] public DateParts AvailableFrom { get; set; } = new();
    [BindProperty] public string? WeeklyCost { get; set; }
    [BindProperty] public string? Conditions { get; set; }

    // Bound as text so that a tampered value gets "Select a reason" rather than a binding error.
    [BindProperty(Name = "DeclineReason")] public string? Reason { get; set; }
    [BindProperty] public string? Details { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Model binding errors are replaced by the page's own GOV.UK messages below.
        ModelState.Clear();

        // Someone else in the organisation answered, or the council placed the child, while this page was open.
        ProviderResponseService.EnsureCanBeAnswered(Referral);
        switch (Answer)
        {
            case AnswerOffer:
                return await OfferAsync(cancellationToken);
            case AnswerDecline:
                return await DeclineAsync(cancellationToken);
            default:
                ModelState.AddModelError(nameof(Answer), "Select whether you can offer a place");
                return Page();
        }
    }

    private async Task<IActionResult> OfferAsync(CancellationToken cancellationToken)
    {
        // Every box is read before any is refused, so every error shows at once.
        var availableFrom = ModelState.ReadDate(AvailableFrom, nameof(AvailableFrom), "the date the place is available from");
        var weeklyCost = ModelState.ReadWeeklyCost(WeeklyCost, nameof(WeeklyCost), "the weekly cost");
        ModelState.ReadText(Conditions, nameof(Conditions), "conditions");

        if (!ModelState.IsValid)
        {
            return Page();
        }

        await responses.OfferAsync(
            new MakeOfferOptions(Referral.Id, Referral.ProviderId, availableFrom!.Value, weeklyCost!.Value, Conditions, User.Actor()),
            cancellationToken);
        this.Success($"Your offer for {Referral.PlacementRequest.Reference} has been sent");
        return Redirect(links.ProviderReferrals());
    }

    private async Task<IActionResult> DeclineAsync(CancellationToken cancellationToken)
    {
        DeclineReason? reason = EnumNames.TryParse<DeclineReason>(Reason, out var named) ? named : null;
        if (reason is null)
        {
            ModelState.AddModelError("DeclineReason", "Select a reason");
        }

        ModelState.ReadText(Details, nameof(Details), "details");
        if (reason is null || !ModelState.IsValid)
        {
            return Page();
        }

        await responses.DeclineAsync(
            new DeclineReferralOptions(Referral.Id, Referral.ProviderId, reason.Value, Details, User.Actor()),
            cancellationToken);
        this.Success($"You declined referral {Referral.PlacementRequest.Reference}");
        return Redirect(links.ProviderReferrals());
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Referral = await responses.FindAsync(Id, User.ProviderIdOf()!.Value, cancellationToken)
            ?? throw new NotFoundException("Referral not found");
        Profile = AnonymisedProfile.For(Referral.PlacementRequest);
        RespondByHasPassed = Referral.RespondBy < time.GetUtcNow().UtcDateTime;
    }
}
