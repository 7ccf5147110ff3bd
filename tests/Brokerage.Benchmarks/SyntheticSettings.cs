using Brokerage.Core.Matching;

namespace Brokerage.Testing;

/// <summary>A deterministic market of settings, mixed like the demo county's, at any size.</summary>
internal static class SyntheticSettings
{
    private static readonly string[] Types = ["Fostering", "Fostering", "ChildrensHome", "SupportedAccommodation", "CareHome"];
    private static readonly string[] Contracts = ["InHouse", "BlockContract", "Framework", "Framework", "Spot"];
    private static readonly string[] Ratings = ["Outstanding", "Good", "Good", "RequiresImprovement", "Inadequate", "NotYetInspected"];

    public static RequestInput Request { get; } = new()
    {
        PlacementType = "Fostering", Gender = "Female", Urgency = "ShortNotice", MaxDistanceMiles = 20, WeeklyBudget = 1000, NeedsCount = 2,
    };

    public static List<(SettingInput Setting, MatchFacts Facts)> Create(int count)
    {
        var random = new Random(20261123);
        var result = new List<(SettingInput, MatchFacts)>(count);
        for (var i = 1; i <= count; i++)
        {
            var type = Types[random.Next(Types.Length)];
            var registration = type switch
            {
                "Fostering" => random.Next(40) == 0 ? "Unregulated" : "OfstedFosteringAgency",
                "ChildrensHome" => random.Next(20) == 0 ? "Unregistered" : "OfstedChildrensHome",
                "SupportedAccommodation" => random.Next(8) == 0 ? "Unregulated" : "OfstedSupportedAccommodation",
                _ => "Cqc",
            };
            var regulated = registration is not ("Unregulated" or "Unregistered");
            var setting = new SettingInput
            {
                Id = i,
                ProviderId = 1 + (i % 400),
                Name = "Setting " + i,
                Type = type,
                Registration = registration,
                IsRegulated = regulated,
                Rating = regulated && registration != "Cqc" ? Ratings[random.Next(Ratings.Length)] : "None",
                Contract = Contracts[random.Next(Contracts.Length)],
                MinAge = type == "SupportedAccommodation" ? 16 : random.Next(3) * 4,
                MaxAge = 17,
                GendersAccepted = random.Next(6) switch { 0 => "Female", 1 => "Male", _ => "Any" },
                WeeklyRate = 600 + random.Next(1200),
                StabilityRate = 0.5 + (random.NextDouble() * 0.45),
                InCounty = random.Next(4) != 0,
            };
            var facts = new MatchFacts
            {
                ChildAge = 12,
                DistanceMiles = Math.Round(random.NextDouble() * 60, 1),
                FreePlaces = random.Next(3),
                NeedsCovered = random.Next(3),
                NeedsUncovered = random.Next(2),
                CostOverBudget = setting.WeeklyRate - 1000,
                ProviderResponseRate = 0.35 + (random.NextDouble() * 0.6),
                NoticeDays = 6,
            };
            result.Add((setting, facts));
        }

        return result;
    }
}
