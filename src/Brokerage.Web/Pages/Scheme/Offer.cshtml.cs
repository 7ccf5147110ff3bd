using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Vacancies;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Scheme;

/// <summary>
/// A partner authority's answer to a vacancy offered through the scheme. The secret link emailed to
/// the authority is the credential; it works for that one offer only.
/// </summary>
[AllowAnonymous]
public class OfferModel(SchemeService scheme, BrokerageLinks links) : PageModel, IPageWithState, IPageWithFieldNames
{
    /// <summary>The secret from the emailed link.</summary>
    [FromRoute] public string Token { get; set; } = "";

    public RotaOffer Offer { get; private set; } = null!;

    [BindProperty] public SchemeTerms? Terms { get; set; }
    [BindProperty] public string? AgreedWeeklyCost { get; set; }
    [BindProperty] public string? ChildProfile { get; set; }
    [BindProperty] public SchemeRefusalReason? Reason { get; set; }
    [BindProperty] public string? Feedback { get; set; }
    [BindProperty] public string? RefusalFeedback { get; set; }

    /// <summary>Whether the refusal form was posted: its feedback box has a name of its own.</summary>
    private bool refusing;

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAcceptAsync(CancellationToken cancellationToken)
    {
        // Binding's own messages would repeat what was typed; each field is read and worded below or by the service.
        ModelState.Clear();
        var agreedWeeklyCost = ModelState.ReadWeeklyCost(AgreedWeeklyCost, nameof(AgreedWeeklyCost), "the agreed weekly cost");
        var answer = new SchemeAcceptance(Terms, agreedWeeklyCost, ChildProfile, Feedback);
        if (!ModelState.IsValid)
        {
            // The service judges the boxes that could be read, so every error shows at once.
            ModelState.AddFieldErrors(SchemeService.Check(answer).Where(e => !ModelState.ContainsKey(e.Field)).ToList());
            return Page();
        }

        await scheme.AcceptAsync(Token, answer, cancellationToken);
        this.Success("Thank you. Your acceptance and the child's profile have been sent to the provider, who will confirm the match.");
        return Redirect(links.SchemeOffer(Token));
    }

    public async Task<IActionResult> OnPostRefuseAsync(CancellationToken cancellationToken)
    {
        refusing = true;
        // As above: the service words every error of the refusal.
        ModelState.Clear();
        await scheme.RefuseAsync(Token, new SchemeRefusal(Reason, RefusalFeedback), cancellationToken);
        this.Success("Thank you. Your refusal and feedback have been recorded; the vacancy goes to the next authority.");
        return Redirect(links.SchemeOffer(Token));
    }

    public string FieldKey(string domainField) =>
        refusing && domainField == nameof(SchemeRefusal.Feedback) ? nameof(RefusalFeedback) : domainField;

    public async Task LoadAsync(CancellationToken cancellationToken) =>
        Offer = await scheme.FindByTokenAsync(Token, cancellationToken)
            ?? throw new NotFoundException("This link is not recognised");
}
