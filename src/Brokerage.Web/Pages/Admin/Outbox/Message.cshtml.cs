using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Pages.Admin.Outbox;

public class MessageModel(BrokerageDbContext db, IOptions<EmailOptions> email) : PageModel
{
    public OutboxMessage Message { get; private set; } = null!;

    /// <summary>The sender address OutboxDeliveryJob puts on every email.</summary>
    public string From => email.Value.From;

    public string? RequestReference { get; private set; }

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        var message = await db.OutboxMessages.AsNoTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken);
        if (message is null)
        {
            return NotFound();
        }

        Message = message;
        if (message.PlacementRequestId is { } requestId)
        {
            RequestReference = await db.PlacementRequests.AsNoTracking()
                .Where(r => r.Id == requestId).Select(r => r.Reference)
                .FirstOrDefaultAsync(cancellationToken);
        }

        return Page();
    }
}
