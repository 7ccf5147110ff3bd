using Brokerage.Core.Common;
using Brokerage.Core.Vacancies;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Provider.Searches;

/// <summary>One open search, anonymised, and the provider's offer of one of its eligible settings.</summary>
public class DetailsModel(ProviderSearchService searches) : PageModel
{
    public OpenSearch Search { get; private set; } = null!;

    [BindProperty] public int? SettingId { get; set; }
    [BindProperty] public DateParts AvailableFrom { get; set; } = new();
    [BindProperty] public string? WeeklyCost { get; set; }
    [BindProperty] public string? Note { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken) =>
        await LoadAsync(id, cancellationToken) ? Page() : NotFound();

    public async Task<IActionResult> OnPostAsync(int id, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var available = AvailableFrom.IsEmpty ? null : AvailableFrom.ToDate();
        if (!AvailableFrom.IsEmpty && available is null)
        {
            ModelState.AddModelError(nameof(AvailableFrom), "The date the place is available must be a real date");
        }

        try
        {
            if (ModelState.IsValid)
            {
                await searches.ExpressInterestAsync(new ExpressInterestOptions(User.ProviderIdOf()!.Value, id, SettingId ?? 0, available, FormParsing.ParseMoney(WeeklyCost), Note, User.Actor()), cancellationToken);
                TempData["Success"] = "Your offer has been sent to the broker. You will hear the outcome whichever home is chosen.";
                return Redirect("/provider/searches");
            }
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ValidationFailedException ex)
        {
            ModelState.AddFieldErrors(ex.Errors);
        }
        catch (ConflictException ex)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            ModelState.AddModelError("", ex.Message);
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var search = await searches.FindAsync(User.ProviderIdOf()!.Value, id, cancellationToken);
        if (search is null)
        {
            return false;
        }

        Search = search;
        return true;
    }
}
