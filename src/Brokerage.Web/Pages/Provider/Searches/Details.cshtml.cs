using Brokerage.Core.Common;
using Brokerage.Core.Vacancies;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Provider.Searches;

/// <summary>One open search, anonymised, and the provider's offer of one of its eligible settings.</summary>
public class DetailsModel(ProviderSearchService searches, BrokerageLinks links) : PageModel, IPageWithState
{
    [FromRoute] public int Id { get; set; }

    public OpenSearch Search { get; private set; } = null!;

    [BindProperty] public int? SettingId { get; set; }
    [BindProperty] public DateParts AvailableFrom { get; set; } = new();
    [BindProperty] public string? WeeklyCost { get; set; }
    [BindProperty] public string? Note { get; set; }

    public void OnGet()
    {
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // Binding's own messages would repeat what was typed; each field is read and worded below or by the service.
        ModelState.Clear();
        var availableFrom = ModelState.ReadDate(AvailableFrom, nameof(AvailableFrom), "the date the place is available");
        var weeklyCost = ModelState.ReadWeeklyCost(WeeklyCost, nameof(WeeklyCost), "the weekly cost");
        var options = new ExpressInterestOptions(User.ProviderIdOf()!.Value, Id, SettingId ?? 0, availableFrom, weeklyCost, Note, User.Actor());
        if (!ModelState.IsValid)
        {
            // The service judges the boxes that could be read, so every error shows at once.
            ModelState.AddFieldErrors(searches.Check(options, Search).Where(e => !ModelState.ContainsKey(e.Field)).ToList());
            return Page();
        }

        await searches.ExpressInterestAsync(options, cancellationToken);
        this.Success("Your offer has been sent to the broker. You will hear the outcome whichever home is chosen.");
        return Redirect(links.ProviderSearches());
    }

    /// <summary>Only a search one of the provider's settings fits exists for it: any other is not found, never forbidden.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken) =>
        Search = await searches.FindAsync(User.ProviderIdOf()!.Value, Id, cancellationToken)
            ?? throw new NotFoundException("Search not found");
}
