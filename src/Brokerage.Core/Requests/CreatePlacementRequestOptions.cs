using Brokerage.Core.Domain;

namespace Brokerage.Core.Requests;

public sealed record CreatePlacementRequestOptions
{
    public required string ChildReference { get; init; }
    public DateOnly DateOfBirth { get; init; }
    public Gender Gender { get; init; }
    public required string Ethnicity { get; init; }
    public LegalStatus LegalStatus { get; init; }
    public bool IsSeparatedChild { get; init; }
    public Needs Needs { get; init; }
    public required string HomeLocality { get; init; }
    public string? HomePostcode { get; init; }
    /// <summary>The type the child's plan prefers.</summary>
    public PlacementType PlacementType { get; init; }

    /// <summary>Other types the plan finds suitable; the preferred type here is ignored.</summary>
    public PlacementTypes AlsoSuitableTypes { get; init; }

    /// <summary>UTC.</summary>
    public DateTime NoticeReceivedAt { get; init; }

    /// <summary>UTC.</summary>
    public DateTime RequiredFrom { get; init; }
    public decimal WeeklyBudget { get; init; }
    public int MaxDistanceMiles { get; init; }
    public string? Summary { get; init; }

    /// <summary>The social work team asking; one of <see cref="Teams.All"/>. Timeliness is reported by team.</summary>
    public string? Team { get; init; }
    public required string CreatedBy { get; init; }
}
