namespace Brokerage.Core.Domain;

/// <summary>Append-only record of a decision: who did what, when. Also drives a request's timeline.</summary>
public class AuditEvent
{
    public long Id { get; set; }
    public DateTime OccurredAt { get; set; }
    public required string Actor { get; set; }
    public required string Action { get; set; }
    public required string Summary { get; set; }
    public int? PlacementRequestId { get; set; }
    public string? EntityType { get; set; }
    public int? EntityId { get; set; }

    /// <summary>The state before and after a decision, in words, where the decision changed one.</summary>
    public string? Before { get; set; }
    public string? After { get; set; }
}
