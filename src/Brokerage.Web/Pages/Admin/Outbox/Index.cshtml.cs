using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Admin.Outbox;

public class IndexModel(BrokerageDbContext db, IEmailSender sender) : PageModel, IPageWithState
{
    public const int PageSize = 50;

    public sealed record Row(int Id, DateTime CreatedAt, string To, string Subject, OutboxStatus Status, int Attempts, string? LastError);

    public IReadOnlyList<Row> Messages { get; private set; } = [];

    public Pagination Paging { get; private set; } = null!;

    /// <summary>Where .eml files go when the embedded default sender is in use; null for any other sender.</summary>
    public string? PickupDirectory => (sender as PickupDirectoryEmailSender)?.Directory;

    public void OnGet()
    {
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Paging = Pagination.For(Request, await db.OutboxMessages.CountAsync(cancellationToken), PageSize);

        // Bodies are left out: the list never shows them and they are the bulk of each row.
        Messages = await db.OutboxMessages.AsNoTracking()
            .OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip(Paging.Skip).Take(PageSize)
            .Select(m => new Row(m.Id, m.CreatedAt, m.To, m.Subject, m.Status, m.Attempts, m.LastError))
            .ToListAsync(cancellationToken);
    }
}
