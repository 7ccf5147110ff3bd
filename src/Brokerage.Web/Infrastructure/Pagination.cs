using System.Globalization;

namespace Brokerage.Web.Infrastructure;

/// <summary>
/// One page of a long list, and the GOV.UK pagination links around it (rendered by
/// Pages/Shared/_Pagination.cshtml). Pages are numbered from 1; a page past the end shows the last.
/// </summary>
/// <param name="Fragment">The id of the paged list's heading, when the page holds more above it, so that each link lands on the list.</param>
/// <param name="Query">The rest of the page's query string (a search's filters), kept on every page link.</param>
public sealed record Pagination(int PageNumber, int TotalPages, int TotalCount, int PageSize, string Path, string? Fragment = null, string Query = "")
{
    public static Pagination For(HttpRequest request, int totalCount, int pageSize, string? fragment = null)
    {
        var totalPages = Math.Max(1, (totalCount + pageSize - 1) / pageSize);
        var rest = string.Concat(request.Query.Where(q => q.Key != "page")
            .SelectMany(q => q.Value.Select(v => $"&{Uri.EscapeDataString(q.Key)}={Uri.EscapeDataString(v ?? "")}")));
        return new Pagination(Math.Clamp(RequestedPage(request), 1, totalPages), totalPages, totalCount, pageSize, request.Path, fragment, rest);
    }

    /// <summary>
    /// Read by hand: Razor Pages keeps its own "page" route value, which would shadow a bound ?page=.
    /// Anything that is not a positive whole number means the first page.
    /// </summary>
    public static int RequestedPage(HttpRequest request) =>
        int.TryParse(request.Query["page"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var page) && page > 0 ? page : 1;

    public int Skip => (PageNumber - 1) * PageSize;

    public bool HasSeveralPages => TotalPages > 1;

    public string Href(int page) => $"{Path}?page={page}{Query}" + (Fragment is null ? "" : "#" + Fragment);

    /// <summary>" (page 2 of 5)" for a page title when there is more than one page, otherwise nothing.</summary>
    public string TitleSuffix => HasSeveralPages ? $" (page {PageNumber} of {TotalPages})" : "";

    /// <summary>GOV.UK pagination items: first, last and the neighbours of the current page, with gaps as null.</summary>
    public IEnumerable<int?> Items()
    {
        int? previous = null;
        for (var page = 1; page <= TotalPages; page++)
        {
            if (page == 1 || page == TotalPages || Math.Abs(page - PageNumber) <= 1)
            {
                if (previous is not null && page - previous > 1)
                {
                    yield return null;
                }

                yield return page;
                previous = page;
            }
        }
    }
}
