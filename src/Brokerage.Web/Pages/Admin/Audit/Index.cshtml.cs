using System.Globalization;
using System.Text;
using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Admin.Audit;

/// <summary>
/// Search and export the append-only audit trail. The search is a GET form, so a search can be
/// bookmarked and paged; a search that cannot be read shows its errors and no results.
/// </summary>
public class IndexModel(AuditSearchService audit, BrokerageLinks links) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Text { get; set; }
    [BindProperty(SupportsGet = true)] public DateParts From { get; set; } = new();
    [BindProperty(SupportsGet = true)] public DateParts To { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Reference { get; set; }

    public IReadOnlyList<AuditRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int CurrentPage { get; private set; } = 1;
    public int Pages => Math.Max(1, (int)Math.Ceiling(Total / (double)AuditSearchService.PageSize));

    /// <summary>The search as read from the form, or null when it has errors.</summary>
    public AuditQuery? Query { get; private set; }

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        CurrentPage = int.TryParse(Request.Query["p"], NumberStyles.None, CultureInfo.InvariantCulture, out var p) && p > 0 ? p : 1;
        if (ReadQuery() is { } query)
        {
            (Rows, Total) = await audit.SearchAsync(query, CurrentPage, cancellationToken);
        }
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        if (ReadQuery() is not { } query)
        {
            return Page();
        }

        var csv = await audit.ExportCsvAsync(query, cancellationToken);
        return File(Encoding.UTF8.GetBytes(csv), "text/csv", "brokerage-audit.csv");
    }

    /// <summary>The same search: one page of it, or with handler "Csv" all of it as CSV.</summary>
    public string SearchLink(int? page = null, string? handler = null) =>
        links.Audit(Query?.Text, Query?.RequestReference, Query?.From, Query?.To, page, handler);

    private AuditQuery? ReadQuery()
    {
        var from = ModelState.ReadDate(From, nameof(From), "the from date", required: false);
        var to = ModelState.ReadDate(To, nameof(To), "the to date", required: false);
        if (from is not null && to is not null && to < from)
        {
            ModelState.AddModelError(nameof(To), "The to date must be the same as or after the from date");
        }

        if (Text?.Trim().Length > FieldRules.SearchMaxLength)
        {
            ModelState.AddModelError(nameof(Text), FieldRules.TooLong("search text", FieldRules.SearchMaxLength));
        }

        Query = ModelState.IsValid ? new AuditQuery(Blank(Text), from, to, Blank(Reference)) : null;
        return Query;
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;
}
