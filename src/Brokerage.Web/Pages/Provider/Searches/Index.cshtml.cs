using Brokerage.Core.Vacancies;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Provider.Searches;

/// <summary>Open searches the provider's settings are eligible for under the rules, anonymised.</summary>
public class IndexModel(ProviderSearchService searches) : PageModel, IPageWithState
{
    public IReadOnlyList<OpenSearch> Searches { get; private set; } = [];

    public void OnGet()
    {
    }

    public async Task LoadAsync(CancellationToken cancellationToken) =>
        Searches = await searches.ListAsync(User.ProviderIdOf()!.Value, cancellationToken);
}
