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
public class OfferModel(SchemeService scheme) : PageModel
{
    public RotaOffer Offer { get; private set; } = null!;

    [BindProperty] public SchemeTerms? Terms { get; set; }
    [BindProperty] public string? AgreedWeeklyCost { get; set; }
    [BindProperty] public string? ChildProfile { get; set; }
    [BindProperty] public SchemeRefusalReason? Reason { get; set; }
    [BindProperty] public string? Feedback { get; set; }
    [BindProperty] public string? RefusalFeedback { get; set; }

    public async Task<IActionResult> OnGetAsync(string token, CancellationToken cancellationToken) =>
        await LoadAsync(token, cancellationToken) ? Page() : NotFound();

    public Task<IActionResult> OnPostAcceptAsync(string token, CancellationToken cancellationToken) =>
        AnswerAsync(token, () => scheme.AcceptAsync(token, new SchemeAcceptance(Terms, FormParsing.ParseMoney(AgreedWeeklyCost), ChildProfile, Feedback), cancellationToken),
            "Thank you. Your acceptance and the child's profile have been sent to the provider, who will confirm the match.", null, cancellationToken);

    public Task<IActionResult> OnPostRefuseAsync(string token, CancellationToken cancellationToken) =>
        AnswerAsync(token, () => scheme.RefuseAsync(token, new SchemeRefusal(Reason, RefusalFeedback), cancellationToken),
            "Thank you. Your refusal and feedback have been recorded; the vacancy goes to the next authority.", new Dictionary<string, string> { ["Feedback"] = nameof(RefusalFeedback) }, cancellationToken);

    private async Task<IActionResult> AnswerAsync(string token, Func<Task> answer, string thanks, IReadOnlyDictionary<string, string>? fieldNames, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        try
        {
            await answer();
            TempData["Success"] = thanks;
            return Redirect($"/scheme/offers/{token}");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ValidationFailedException ex)
        {
            Response.StatusCode = StatusCodes.Status400BadRequest;
            ModelState.AddFieldErrors(ex.Errors, fieldNames);
        }
        catch (ConflictException ex)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            ModelState.AddModelError("", ex.Message);
        }

        return await LoadAsync(token, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(string token, CancellationToken cancellationToken)
    {
        var offer = await scheme.FindByTokenAsync(token, cancellationToken);
        if (offer is null)
        {
            return false;
        }

        Offer = offer;
        return true;
    }
}
