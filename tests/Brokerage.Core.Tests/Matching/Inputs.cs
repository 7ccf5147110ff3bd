using Brokerage.Core.Matching;

namespace Brokerage.Core.Tests.Matching;

/// <summary>Rule inputs with sensible defaults: a foster placement that fits unless a test says otherwise.</summary>
internal static class Inputs
{
    public static RequestInput Request(string placementType = "Fostering") => new()
    {
        PlacementType = placementType, Gender = "Female", Urgency = "Planned", MaxDistanceMiles = 20, WeeklyBudget = 1000, NeedsCount = 1,
    };

    public static SettingInput Setting(
        int id = 1,
        string type = "Fostering",
        string registration = "OfstedFosteringAgency",
        string rating = "Good",
        string contract = "Framework",
        int minAge = 0,
        string genders = "Any",
        double weeklyRate = 900) => new()
    {
        Id = id,
        ProviderId = id,
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
        StabilityRate = 0.8,
        InCounty = true,
    };

    public static MatchFacts Facts(int childAge = 12, int freePlaces = 1, double distance = 8, bool careNeed = false, double overBudget = -100) => new()
    {
        ChildAge = childAge,
        DistanceMiles = distance,
        FreePlaces = freePlaces,
        NeedsCovered = 1,
        NeedsUncovered = 0,
        CostOverBudget = overBudget,
        ProviderResponseRate = 0.9,
        NoticeDays = 20,
        HasNursingOrPersonalCareNeed = careNeed,
    };
}
