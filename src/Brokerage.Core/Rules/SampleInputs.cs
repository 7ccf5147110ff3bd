using Brokerage.Core.Matching;

namespace Brokerage.Core.Rules;

/// <summary>Inputs used only to compile and check rule expressions at load time.</summary>
internal static class SampleInputs
{
    public static readonly RequestInput Request = new()
    {
        PlacementType = "Fostering", SuitableTypes = ["Fostering"], Gender = "Female", Urgency = "Planned", MaxDistanceMiles = 20, WeeklyBudget = 1000, NeedsCount = 2,
    };

    public static readonly SettingInput Setting = new()
    {
        Id = 1, ProviderId = 1, Name = "Sample", Type = "Fostering", Registration = "OfstedFosteringAgency", IsRegulated = true, Rating = "Good",
        Contract = "Framework", MinAge = 0, MaxAge = 17, GendersAccepted = "Any", WeeklyRate = 900, StabilityRate = 0.8, InCounty = true,
    };

    public static readonly MatchFacts Facts = new()
    {
        ChildAge = 12, DistanceMiles = 10, FreePlaces = 1, NeedsCovered = 1, NeedsUncovered = 1, CostOverBudget = 50, ProviderResponseRate = 0.9, NoticeDays = 5,
    };
}
