namespace Brokerage.Core.Domain;

/// <summary>Why a child's placement is kept under the step-out watch.</summary>
[Flags]
public enum WatchReasons
{
    None = 0,
    Unregulated = 1,
    Interim = 2,
    NotTheTypeWanted = 4,
}

/// <summary>
/// A regulated setting that fits a child in a placement under the step-out watch, found by the
/// sweep. One row per placement and setting, so the broker is told of each option once.
/// </summary>
public class StepOutAlert
{
    public int Id { get; set; }
    public int PlacementId { get; set; }
    public Placement Placement { get; set; } = null!;
    public int SettingId { get; set; }
    public Setting Setting { get; set; } = null!;
    public DateTime FoundAt { get; set; }
    public WatchReasons WatchReasons { get; set; }
    public decimal Score { get; set; }

    /// <summary>Why the setting fits, in the scoring rules' own words.</summary>
    public required string WhyItFits { get; set; }
}
