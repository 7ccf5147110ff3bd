namespace Brokerage.Core.Domain;

/// <summary>When a deadline sweep last finished without error, on any node: /health reads it to say a sweep has stopped.</summary>
public class SweepRun
{
    /// <summary>The sweep's recurring job id, such as "referral-deadlines".</summary>
    public required string Name { get; set; }

    public DateTime LastSucceededAt { get; set; }
}
