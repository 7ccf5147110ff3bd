namespace Brokerage.Core.Requests;

/// <summary>The social work teams that ask the placements team for homes.</summary>
public static class Teams
{
    public const string Unassigned = "Not recorded";

    public static readonly IReadOnlyList<string> All =
    [
        "Children in care (north)", "Children in care (south)", "Children with disabilities", "Leaving care", "Assessment and intervention",
    ];
}
