using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Brokerage.Core.Notifications;

/// <summary>
/// Delivers pending outbox emails. A message is claimed (locked) before it is sent so two
/// runs never send it twice; a failure pushes the next attempt back exponentially and, after
/// <see cref="EmailOptions.MaxAttempts"/>, marks it Failed for an admin to see. Nothing is
/// lost while the mail server is down: the message simply waits. A failure that is about the
/// server rather than the message (no connection, no answer) ends the run at once, so a mail
/// server that hangs costs one timeout a run, not one per waiting message.
/// </summary>
public sealed class OutboxDeliveryJob(BrokerageDbContext db, IEmailSender sender, IOptions<EmailOptions> options, TimeProvider time, BrokerageMetrics metrics, ILogger<OutboxDeliveryJob> logger)
{
    /// <summary>Messages read per batch; a run keeps taking batches while there are more due.</summary>
    private const int BatchSize = 100;

    /// <summary>
    /// How long one run keeps taking batches: under the minute between runs, so a backlog after an
    /// outage drains at the speed of the mail server, not at one batch a minute.
    /// </summary>
    private static readonly TimeSpan RunBudget = TimeSpan.FromSeconds(45);

    public async Task<int> ExecuteAsync(CancellationToken cancellationToken)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        bool OutOfTime() => System.Diagnostics.Stopwatch.GetElapsedTime(started) >= RunBudget;
        var sent = 0;
        while (true)
        {
            var (sentNow, due, stopped) = await DeliverBatchAsync(OutOfTime, cancellationToken);
            sent += sentNow;
            if (stopped || due < BatchSize)
            {
                return sent;
            }
        }
    }

    /// <summary>One batch; stopped when the server failed or the run's time is up, leaving the rest unclaimed.</summary>
    private async Task<(int Sent, int Due, bool Stopped)> DeliverBatchAsync(Func<bool> outOfTime, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var due = await db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptAt <= now && (m.LockedUntil == null || m.LockedUntil < now))
            .OrderBy(m => m.Id)
            .Select(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        var sent = 0;
        foreach (var id in due)
        {
            if (outOfTime())
            {
                return (sent, due.Count, true);
            }

            var serverFailed = false;
            // The clock is read per message: a slow mail server must not leave later leases already expired.
            now = time.GetUtcNow().UtcDateTime;
            var leaseEnds = now.AddSeconds(options.Value.DeliveryLeaseSeconds);
            var claimed = await db.OutboxMessages
                .Where(m => m.Id == id && m.Status == OutboxStatus.Pending && (m.LockedUntil == null || m.LockedUntil < now))
                .ExecuteUpdateAsync(u => u.SetProperty(m => m.LockedUntil, leaseEnds), cancellationToken);
            if (claimed == 0)
            {
                continue;
            }

            var message = await db.OutboxMessages.SingleAsync(m => m.Id == id, cancellationToken);
            metrics.SweepActed(BrokerageMetrics.Jobs.OutboxDelivery, message.Attempts == 0 ? "FirstAttempt" : "Retry", message.NextAttemptAt, now);
            try
            {
                await sender.SendAsync(ToMime(message), cancellationToken);
                message.Status = OutboxStatus.Sent;
                message.SentAt = time.GetUtcNow().UtcDateTime;
                metrics.OutboxDelivered(message.CreatedAt, message.SentAt.Value);
                sent++;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                serverFailed = !SendFailure.IsAboutTheMessage(ex);
                message.Attempts++;
                message.LastError = ex.GetType().Name + ": " + ex.Message;
                message.NextAttemptAt = time.GetUtcNow().UtcDateTime.Add(Backoff(message.Attempts));
                if (message.Attempts >= options.Value.MaxAttempts)
                {
                    message.Status = OutboxStatus.Failed;
                }

                // The message id only: addresses and content may identify people.
                logger.LogWarning("Outbox message {MessageId} failed attempt {Attempt}", message.Id, message.Attempts);
            }

            message.LockedUntil = null;
            await db.SaveChangesAsync(cancellationToken);
            // A long run must not keep every message it has sent (attachments and all) tracked.
            db.ChangeTracker.Clear();
            if (serverFailed)
            {
                // The rest wait for the next run; none of them has been claimed.
                logger.LogWarning("Outbox delivery stopped after a mail server failure; {Waiting} messages wait for the next run", due.Count - due.IndexOf(id) - 1);
                return (sent, due.Count, true);
            }
        }

        return (sent, due.Count, false);
    }

    /// <summary>1, 2, 4, 8 … minutes, at most 4 hours.</summary>
    public static TimeSpan Backoff(int attempts) => TimeSpan.FromMinutes(Math.Min(240, Math.Pow(2, Math.Max(0, attempts - 1))));

    private MimeMessage ToMime(OutboxMessage message)
    {
        var mime = new MimeMessage
        {
            // A stable id makes redelivery after a crash overwrite the same file rather than duplicate it;
            // its domain is taken from the council's own sending address.
            MessageId = $"outbox-{message.Id}@brokerage.{MailboxAddress.Parse(options.Value.From).Domain}",
            Subject = message.Subject,
            Date = new DateTimeOffset(message.CreatedAt, TimeSpan.Zero),
        };
        var body = new BodyBuilder { TextBody = message.Body };
        if (message.AttachmentContent is { } content)
        {
            body.Attachments.Add(message.AttachmentName ?? "attachment.pdf", content, ContentType.Parse("application/pdf"));
        }

        mime.Body = body.ToMessageBody();
        mime.From.Add(MailboxAddress.Parse(options.Value.From));
        mime.To.Add(MailboxAddress.Parse(message.To));
        return mime;
    }
}
