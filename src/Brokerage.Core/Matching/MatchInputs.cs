namespace Brokerage.Core.Matching;

// The three inputs every rule expression sees, as `request`, `setting` and `fact`.
// Enums are passed as text so that rule authors write "Framework", not an enum path.

public sealed class RequestInput
{
    /// <summary>The type the child's plan prefers.</summary>
    public required string PlacementType { get; init; }

    /// <summary>Every type the plan finds suitable, the preferred one first.</summary>
    public required IReadOnlyList<string> SuitableTypes { get; init; }
    public required string Gender { get; init; }
    public required string Urgency { get; init; }
    public int MaxDistanceMiles { get; init; }
    public double WeeklyBudget { get; init; }
    public bool IsSeparatedChild { get; init; }
    public int NeedsCount { get; init; }
}

public sealed class SettingInput
{
    public int Id { get; init; }
    public int ProviderId { get; init; }
    public required string Name { get; init; }
    public required string Type { get; init; }
    public required string Registration { get; init; }
    public bool IsRegulated { get; init; }
    public required string Rating { get; init; }
    public required string Contract { get; init; }
    public int MinAge { get; init; }
    public int MaxAge { get; init; }
    public required string GendersAccepted { get; init; }
    public double WeeklyRate { get; init; }
    public double StabilityRate { get; init; }
    public bool InCounty { get; init; }
}

/// <summary>Measurements about one request against one setting. Never decisions: those live in the rules.</summary>
public sealed record MatchFacts
{
    public int ChildAge { get; init; }
    public double DistanceMiles { get; init; }
    public int FreePlaces { get; init; }
    public int NeedsCovered { get; init; }
    public int NeedsUncovered { get; init; }
    public double CostOverBudget { get; init; }
    public double ProviderResponseRate { get; init; }
    public int NoticeDays { get; init; }
    public bool HasNursingOrPersonalCareNeed { get; init; }

    /// <summary>"Confirmed" when the provider has an open vacancy here confirmed recently, "Stale" when not, "None" without one.</summary>
    public string VacancyStatus { get; init; } = "None";
}

/// <summary>An open vacancy at a setting, as matching sees it: it narrows who the setting can take and how many.</summary>
public sealed record VacancyInfo(int Places, int MinAge, int MaxAge, Domain.GendersAccepted Genders, bool IsStale, DateOnly ReadyFrom)
{
    public static VacancyInfo Of(Domain.Vacancy vacancy, DateTime nowUtc, int staleAfterDays) =>
        new(vacancy.Places, vacancy.MinAge, vacancy.MaxAge, vacancy.Genders, vacancy.IsStale(nowUtc, staleAfterDays), vacancy.ReadyFrom);
}
