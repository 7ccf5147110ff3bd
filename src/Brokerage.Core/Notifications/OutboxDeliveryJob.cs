using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Brokerage.Core.Notifications;

/// <summary>Delivers pending outbox emails; a failure leaves the message pending for the next run.</summary>
public sealed class OutboxDeliveryJob(BrokerageDbContext db, IEmailSender sender, IOptions<EmailOptions> options, TimeProvider time, ILogger<OutboxDeliveryJob> logger)
{
    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var pending = await db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Pending)
            .OrderBy(m => m.Id)
            .Take(100)
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var message in pending)
        {
            try
            {
                await sender.SendAsync(ToMime(message), cancellationToken);
                message.Status = OutboxStatus.Sent;
                message.SentAt = time.GetUtcNow().UtcDateTime;
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                message.Attempts++;
                message.LastError = ex.GetType().Name + ": " + ex.Message;
                if (message.Attempts >= options.Value.MaxAttempts)
                {
                    message.Status = OutboxStatus.Failed;
                }

                // The message id only: addresses and content may identify people.
                logger.LogWarning("Outbox message {MessageId} failed attempt {Attempt}", message.Id, message.Attempts);
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        return sent;
    }

    private MimeMessage ToMime(OutboxMessage message)
    {
        var mime = new MimeMessage
        {
            // A stable id makes redelivery after a crash overwrite the same file rather than duplicate it.
            MessageId = $"outbox-{message.Id}@brokerage.ambershire.example",
            Subject = message.Subject,
            Date = new DateTimeOffset(message.CreatedAt, TimeSpan.Zero),
            Body = new TextPart("plain") { Text = message.Body },
        };
        mime.From.Add(MailboxAddress.Parse(options.Value.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        return mime;
    }
}
