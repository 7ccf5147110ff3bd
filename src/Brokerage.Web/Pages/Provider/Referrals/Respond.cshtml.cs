using Brokerage.Core;
using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Brokerage.Core.Referrals;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Provider.Referrals;

public class RespondModel(ProviderResponseService responses, TimeProvider time) : PageModel
{
    public const string AnswerOffer = "offer";
    public const string AnswerDecline = "decline";

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

    public static bool IsAnswered(Referral referral) =>
        referral.RespondedAt is not null || referral.Offer is not null || referral.Status is ReferralStatus.Declined;

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        // Model binding errors are replaced by the page's own GOV.UK messages below.
        ModelState.Clear();
        if (!Referral.CanBeAnswered)
        {
            // Someone else in the organisation answered, or the council placed the child, while this page was open.
            ModelState.AddModelError("", IsAnswered(Referral)
                ? "You have already answered this referral"
                : "This search has closed, so you can no longer answer this referral");
            return Page();
        }

        try
        {
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
        catch (ValidationFailedException ex)
        {
            ModelState.AddFieldErrors(ex.Errors);
            return Page();
        }
        catch (ConflictException ex)
        {
            ModelState.AddModelError("", ex.Message);
            await LoadAsync(id, cancellationToken);
            return Page();
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
    }

    private async Task<IActionResult> OfferAsync(CancellationToken cancellationToken)
    {
        DateOnly? availableFrom = null;
        if (AvailableFrom.IsEmpty)
        {
            ModelState.AddModelError(nameof(AvailableFrom), "Enter the date the place is available from");
        }
        else if ((availableFrom = AvailableFrom.ToDate()) is null)
        {
            ModelState.AddModelError(nameof(AvailableFrom), "Available from must be a real date");
        }

        var weeklyCost = FormParsing.ParseMoney(WeeklyCost);
        if (weeklyCost is null)
        {
            ModelState.AddModelError(nameof(WeeklyCost), string.IsNullOrWhiteSpace(WeeklyCost)
                ? "Enter the weekly cost"
                : "Weekly cost must be an amount in pounds, like 950 or 950.50");
        }

        if (!ModelState.IsValid)
        {
            return Page();
        }

        await responses.OfferAsync(
            new MakeOfferOptions(Referral.Id, Referral.ProviderId, availableFrom!.Value, weeklyCost!.Value, Conditions, User.Actor()),
            cancellationToken);
        TempData["Success"] = $"Your offer for {Referral.PlacementRequest.Reference} has been sent";
        return Redirect("/provider/referrals");
    }

    private async Task<IActionResult> DeclineAsync(CancellationToken cancellationToken)
    {
        // Matched by name only: Enum.TryParse would also accept "7" or "0, 1".
        var reason = Enum.GetValues<DeclineReason>().Cast<DeclineReason?>().FirstOrDefault(r => r.ToString() == Reason);
        if (reason is null)
        {
            ModelState.AddModelError("DeclineReason", "Select a reason");
            return Page();
        }

        await responses.DeclineAsync(
            new DeclineReferralOptions(Referral.Id, Referral.ProviderId, reason.Value, Details, User.Actor()),
            cancellationToken);
        TempData["Success"] = $"You declined referral {Referral.PlacementRequest.Reference}";
        return Redirect("/provider/referrals");
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var referral = await responses.FindAsync(id, User.ProviderIdOf()!.Value, cancellationToken);
        if (referral is null)
        {
            return false;
        }

        Referral = referral;
        Profile = AnonymisedProfile.For(referral.PlacementRequest);
        RespondByHasPassed = referral.RespondBy < time.GetUtcNow().UtcDateTime;
        return true;
    }
}
