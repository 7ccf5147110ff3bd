using System.Globalization;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Admin.Outbox;

public class IndexModel(BrokerageDbContext db, IEmailSender sender) : PageModel
{
    public const int PageSize = 50;

    public sealed record Row(int Id, DateTime CreatedAt, string To, string Subject, OutboxStatus Status, int Attempts, string? LastError);

    public IReadOnlyList<Row> Messages { get; private set; } = [];

    public int PageNumber { get; private set; } = 1;

    public int TotalPages { get; private set; } = 1;

    public int TotalCount { get; private set; }

    /// <summary>Where .eml files go when the embedded default sender is in use; null for any other sender.</summary>
    public string? PickupDirectory => (sender as PickupDirectoryEmailSender)?.Directory;

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        // Read by hand: Razor Pages keeps its own "page" route value, which would shadow a bound ?page=.
        var requested = int.TryParse(Request.Query["page"].ToString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 1;

        TotalCount = await db.OutboxMessages.CountAsync(cancellationToken);
        TotalPages = Math.Max(1, (TotalCount + PageSize - 1) / PageSize);
        PageNumber = Math.Clamp(requested, 1, TotalPages);

        // Bodies are left out: the list never shows them and they are the bulk of each row.
        Messages = await db.OutboxMessages.AsNoTracking()
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip((PageNumber - 1) * PageSize).Take(PageSize)
            .Select(m => new Row(m.Id, m.CreatedAt, m.To, m.Subject, m.Status, m.Attempts, m.LastError))
            .ToListAsync(cancellationToken);
    }

    /// <summary>GOV.UK pagination items: first, last and the neighbours of the current page, with gaps as null.</summary>
    public IEnumerable<int?> PageItems()
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
