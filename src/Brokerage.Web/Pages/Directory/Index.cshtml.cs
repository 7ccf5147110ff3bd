using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Market;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Directory;

/// <summary>The market as commissioners keep it: every setting, searched and filtered by a GET form, so a search can be bookmarked and paged.</summary>
public class IndexModel(DirectorySearch directory) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Text { get; set; }
    [BindProperty(SupportsGet = true)] public PlacementType? Type { get; set; }
    [BindProperty(SupportsGet = true)] public Registration? Registration { get; set; }
    [BindProperty(SupportsGet = true)] public OfstedRating? Rating { get; set; }
    [BindProperty(SupportsGet = true)] public ContractArrangement? Contract { get; set; }
    [BindProperty(SupportsGet = true)] public string? Location { get; set; }
    [BindProperty(SupportsGet = true)] public bool FreePlaces { get; set; }

    public IReadOnlyList<DirectoryRow> Rows { get; private set; } = [];
    public Pagination Paging { get; private set; } = null!;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // A filter value the page does not know (a hand-edited address) is not a search: it is ignored.
        ModelState.Clear();
        if (Text?.Trim().Length > FieldRules.SearchMaxLength || Text?.Any(c => c == '\0') == true)
        {
            // PostgreSQL cannot take a NUL in text, and no name or URN has one.
            ModelState.AddModelError(nameof(Text), Text.Any(c => c == '\0') ? "The search text must not contain control characters" : FieldRules.TooLong("the search text", FieldRules.SearchMaxLength));
            Paging = Pagination.For(Request, 0, DirectorySearch.PageSize);
            return;
        }

        var query = new DirectoryQuery(Text, Type, Registration, Rating, Contract, Location switch { "in" => true, "out" => false, _ => null }, FreePlaces);
        var (rows, total) = await directory.SearchAsync(query, Pagination.RequestedPage(Request), cancellationToken: cancellationToken);
        Paging = Pagination.For(Request, total, DirectorySearch.PageSize);
        Rows = Paging.PageNumber == Pagination.RequestedPage(Request) ? rows
            : (await directory.SearchAsync(query, Paging.PageNumber, cancellationToken: cancellationToken)).Rows;
    }
}
