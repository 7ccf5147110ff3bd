using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Pages.Admin.Outbox;

public class MessageModel(BrokerageDbContext db, IOptions<EmailOptions> email) : PageModel, IPageWithState
{
    [FromRoute] public int Id { get; set; }

    public OutboxMessage Message { get; private set; } = null!;

    /// <summary>The sender address OutboxDeliveryJob puts on every email.</summary>
    public string From => email.Value.From;

    public string? RequestReference { get; private set; }

    public void OnGet()
    {
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Message = await db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == Id, cancellationToken)
            ?? throw new NotFoundException($"Outbox message {Id} not found");
        if (Message.PlacementRequestId is { } requestId)
        {
            RequestReference = await db.PlacementRequests.AsNoTracking()
                .Where(r => r.Id == requestId).Select(r => r.Reference)
                .FirstOrDefaultAsync(cancellationToken);
        }
    }
}
