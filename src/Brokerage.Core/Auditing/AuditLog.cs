using Brokerage.Core.Data;
using Brokerage.Core.Domain;

namespace Brokerage.Core.Auditing;

public static class AuditLog
{
    /// <summary>Adds an audit event to the unit of work, so it is saved with the decision or not at all.</summary>
    public static void Audit(this BrokerageDbContext db, DateTime at, string actor, string action, string summary, int? requestId = null, string? entityType = null, int? entityId = null, string? before = null, string? after = null) =>
        db.AuditEvents.Add(new AuditEvent
        {
            OccurredAt = at,
            Actor = actor,
            Action = action,
            Summary = summary,
            PlacementRequestId = requestId,
            EntityType = entityType,
            EntityId = entityId,
            Before = before,
            After = after,
        });
}
