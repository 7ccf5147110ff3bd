using Brokerage.Core.Data;
using Brokerage.Core.Domain;

namespace Brokerage.Core.Notifications;

public static class Outbox
{
    /// <summary>
    /// Queues an email in the same transaction as the change it reports, so a rolled-back
    /// decision never sends mail and a committed one always will.
    /// </summary>
    public static OutboxMessage Enqueue(this BrokerageDbContext db, DateTime at, string to, Email email, int? requestId = null) =>
        db.Enqueue(at, to, email.Subject, email.Body, requestId);

    private static OutboxMessage Enqueue(this BrokerageDbContext db, DateTime at, string to, string subject, string body, int? requestId) =>
        db.OutboxMessages.Add(new OutboxMessage
        {
            To = to,
            Subject = subject,
            Body = body,
            CreatedAt = at,
            NextAttemptAt = at,
            Status = OutboxStatus.Pending,
            PlacementRequestId = requestId,
        }).Entity;
}
