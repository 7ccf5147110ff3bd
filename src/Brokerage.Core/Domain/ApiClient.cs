namespace Brokerage.Core.Domain;

public class ApiClient
{
    public int Id { get; set; }
    public required string Name { get; set; }

    /// <summary>First characters of the key, shown to admins so they can tell keys apart.</summary>
    public required string KeyPrefix { get; set; }

    /// <summary>SHA-256 of the whole key; the key itself is shown once and never stored.</summary>
    public required string KeyHash { get; set; }
    public DateTime CreatedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTime? RevokedAt { get; set; }

    /// <summary>
    /// Set for a provider's own system: the key may only notify and manage that provider's
    /// vacancies, and can reach nothing about children. Null for the council's systems.
    /// </summary>
    public int? ProviderId { get; set; }
    public Provider? Provider { get; set; }
}
