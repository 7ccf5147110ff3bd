namespace Brokerage.Core.Council;

/// <summary>
/// Who runs this copy of Brokerage. Every page, email and PDF names the council from here, so
/// another council changes <c>appsettings.json</c>, not code. The demo is Ambershire.
/// </summary>
public sealed class CouncilOptions
{
    public const string Section = "Council";

    /// <summary>The council's full name, as it signs letters: "Ambershire County Council".</summary>
    public string Name { get; set; } = "";

    /// <summary>The name used in running text, such as "open to Ambershire".</summary>
    public string ShortName { get; set; } = "";

    /// <summary>The service's name in the header and every page title.</summary>
    public string ServiceName { get; set; } = "";

    /// <summary>The team that uses it, as records name it: "children's placements team".</summary>
    public string TeamName { get; set; } = "";

    /// <summary>
    /// A placement costing this much a week or more is high-cost: listed on the placements page for
    /// review. Each council sets its own; £5,000 by default (see docs/decisions.md).
    /// </summary>
    public decimal HighCostWeeklyThreshold { get; set; } = DefaultHighCostWeeklyThreshold;

    public const decimal DefaultHighCostWeeklyThreshold = 5000m;

    /// <summary>The last line of every email to someone outside the team: who it is from, on whose behalf.</summary>
    public string SignOff => $"{ServiceName}, for {Name}'s {TeamName}";
}
