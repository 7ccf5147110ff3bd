using Brokerage.Core.Matching;

namespace Brokerage.Testing;

/// <summary>
/// The three inputs the matching rules read, with sensible defaults: a foster placement that fits
/// unless a test says otherwise. Values are the rules' own words ("Framework", "Good").
/// </summary>
public static class RuleInputs
{
    /// <param name="alsoSuitable">Types the plan finds suitable besides the preferred <paramref name="placementType"/>.</param>
    public static RequestInput Request(string placementType = "Fostering", string urgency = "Planned", int needsCount = 1, params string[] alsoSuitable) => new()
    {
        PlacementType = placementType, SuitableTypes = [placementType, .. alsoSuitable], Gender = "Female", Urgency = urgency, MaxDistanceMiles = 20, WeeklyBudget = 1000, NeedsCount = needsCount,
    };

    public static SettingInput Setting(
        int id = 1,
        string type = "Fostering",
        string registration = "OfstedFosteringAgency",
        string rating = "Good",
        string contract = "Framework",
        int minAge = 0,
        string genders = "Any",
        double weeklyRate = 900,
        int? providerId = null,
        double stabilityRate = 0.8,
        bool inCounty = true) => new()
    {
        Id = id,
        ProviderId = providerId ?? id,
        Name = "Setting " + id,
        Type = type,
        Registration = registration,
        IsRegulated = registration is not ("Unregistered" or "Unregulated"),
        Rating = rating,
        Contract = contract,
        MinAge = minAge,
        MaxAge = 17,
        GendersAccepted = genders,
        WeeklyRate = weeklyRate,
        StabilityRate = stabilityRate,
        InCounty = inCounty,
    };

    public static MatchFacts Facts(
        int childAge = 12,
        int freePlaces = 1,
        double distance = 8,
        bool careNeed = false,
        double overBudget = -100,
        int needsCovered = 1,
        int needsUncovered = 0,
        double responseRate = 0.9,
        int noticeDays = 20) => new()
    {
        ChildAge = childAge,
        DistanceMiles = distance,
        FreePlaces = freePlaces,
        NeedsCovered = needsCovered,
        NeedsUncovered = needsUncovered,
        CostOverBudget = overBudget,
        ProviderResponseRate = responseRate,
        NoticeDays = noticeDays,
        HasNursingOrPersonalCareNeed = careNeed,
    };
}
