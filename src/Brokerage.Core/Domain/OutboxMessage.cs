namespace Brokerage.Core.Domain;

public class OutboxMessage
{
    public int Id { get; set; }
    public required string To { get; set; }
    public required string Subject { get; set; }
    public required string Body { get; set; }
    public DateTime CreatedAt { get; set; }
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime? SentAt { get; set; }
    public string? LastError { get; set; }
    public int? PlacementRequestId { get; set; }

    /// <summary>Earliest time of the next delivery attempt; pushed back after each failure.</summary>
    public DateTime NextAttemptAt { get; set; }

    /// <summary>Set while one delivery run owns the message, so two runs never send it twice.</summary>
    public DateTime? LockedUntil { get; set; }
    public string? AttachmentName { get; set; }
    public byte[]? AttachmentContent { get; set; }
}
