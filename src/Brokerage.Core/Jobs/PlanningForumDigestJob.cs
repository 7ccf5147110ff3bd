using Brokerage.Core.Data;
using Brokerage.Core.Notifications;
using Brokerage.Core.Reports;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Jobs;

/// <summary>Emails the weekly digest, with the PDF attached, once per week however often it is triggered.</summary>
public sealed class PlanningForumDigestJob(BrokerageDbContext db, PlanningForumDigestService digests, BrokerEmails brokerEmails, IOptions<EmailOptions> mailboxes)
{
    public async Task<bool> ExecuteAsync(CancellationToken cancellationToken)
    {
        var digest = await digests.BuildAsync(cancellationToken);
        var weekOf = DateOnly.FromDateTime(UkTime.ToLocal(digest.GeneratedAt));
        weekOf = weekOf.AddDays(-(((int)weekOf.DayOfWeek + 6) % 7));
        var email = brokerEmails.PlanningForumDigest(digest, weekOf);
        if (await db.OutboxMessages.AnyAsync(m => m.Subject == email.Subject, cancellationToken))
        {
            return false;
        }

        var message = db.Enqueue(digest.GeneratedAt, mailboxes.Value.TeamManagerEmail, email);
        message.AttachmentName = $"planning-forum-{weekOf:yyyy-MM-dd}.pdf";
        message.AttachmentContent = digests.RenderPdf(digest);
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
