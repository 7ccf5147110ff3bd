namespace Brokerage.Core.Requests;

/// <summary>The ethnic groups used in the children looked after return.</summary>
public static class Ethnicities
{
    public static readonly IReadOnlyList<string> All =
    [
        "White British", "White Irish", "Traveller of Irish heritage", "Gypsy or Roma", "Any other White background",
        "White and Black Caribbean", "White and Black African", "White and Asian", "Any other Mixed background",
        "Indian", "Pakistani", "Bangladeshi", "Any other Asian background",
        "Caribbean", "African", "Any other Black background",
        "Chinese", "Arab", "Any other ethnic group", "Not yet obtained",
    ];

    private static readonly HashSet<string> White = ["White British", "White Irish", "Traveller of Irish heritage", "Gypsy or Roma", "Any other White background"];

    /// <summary>
    /// Black, Asian, mixed and other ethnic groups, for the harder-to-place cohort in the timeliness
    /// scorecard. White groups and "Not yet obtained" are not counted.
    /// </summary>
    public static bool IsBlackOrMinorityEthnic(string ethnicity) => !White.Contains(ethnicity) && ethnicity != "Not yet obtained";

    /// <summary>The same test as <see cref="IsBlackOrMinorityEthnic"/>, for queries the database runs.</summary>
    public static readonly IReadOnlyList<string> NotMinority = [.. White, "Not yet obtained"];
}
