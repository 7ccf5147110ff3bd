using System.Text;
using Brokerage.Core.Auditing;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Brokerage.Web.Pages.Admin.Audit;

/// <summary>Search and export the append-only audit trail.</summary>
public class IndexModel(AuditSearchService audit) : PageModel
{
    [BindProperty(SupportsGet = true)] public string? Text { get; set; }
    [BindProperty(SupportsGet = true)] public DateParts From { get; set; } = new();
    [BindProperty(SupportsGet = true)] public DateParts To { get; set; } = new();
    [BindProperty(SupportsGet = true)] public string? Reference { get; set; }

    public IReadOnlyList<AuditRow> Rows { get; private set; } = [];
    public int Total { get; private set; }
    public int CurrentPage { get; private set; } = 1;
    public int Pages => Math.Max(1, (int)Math.Ceiling(Total / (double)AuditSearchService.PageSize));

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        CurrentPage = int.TryParse(Request.Query["p"], out var p) && p > 0 ? p : 1;
        if (ToQuery() is { } query)
        {
            (Rows, Total) = await audit.SearchAsync(query, CurrentPage, cancellationToken);
        }
    }

    public async Task<IActionResult> OnGetCsvAsync(CancellationToken cancellationToken)
    {
        if (ToQuery() is not { } query)
        {
            return Page();
        }

        var csv = await audit.ExportCsvAsync(query, cancellationToken);
        return File(Encoding.UTF8.GetBytes(csv), "text/csv", "brokerage-audit.csv");
    }

    /// <summary>The query string for the same search, for paging and the CSV link.</summary>
    public string QueryString(int? page = null, string? handler = null)
    {
        var parts = new List<string>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrWhiteSpace(value))
            {
                parts.Add(key + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("handler", handler);
        Add("Text", Text);
        Add("Reference", Reference);
        Add("From.Day", From.Day);
        Add("From.Month", From.Month);
        Add("From.Year", From.Year);
        Add("To.Day", To.Day);
        Add("To.Month", To.Month);
        Add("To.Year", To.Year);
        Add("p", page?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        return "?" + string.Join("&", parts);
    }

    private AuditQuery? ToQuery()
    {
        ModelState.Clear();
        DateOnly? Date(DateParts parts, string key, string label)
        {
            if (parts.IsEmpty)
            {
                return null;
            }

            var date = parts.ToDate();
            if (date is null)
            {
                ModelState.AddModelError(key, $"The {label} date must be a real date");
            }

            return date;
        }

        var from = Date(From, nameof(From), "from");
        var to = Date(To, nameof(To), "to");
        if (from is not null && to is not null && to < from)
        {
            ModelState.AddModelError(nameof(To), "The to date must be the same as or after the from date");
        }

        if (Text is { Length: > 200 })
        {
            ModelState.AddModelError(nameof(Text), "Search text must be 200 characters or fewer");
        }

        return ModelState.IsValid ? new AuditQuery(Text, from, to, Reference) : null;
    }
}
