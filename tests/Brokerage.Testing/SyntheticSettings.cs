using Brokerage.Core.Matching;

namespace Brokerage.Testing;

/// <summary>A deterministic market of settings, mixed like the demo county's, at any size.</summary>
public static class SyntheticSettings
{
    private static readonly string[] Types = ["Fostering", "Fostering", "ChildrensHome", "SupportedAccommodation", "CareHome"];
    private static readonly string[] Contracts = ["InHouse", "BlockContract", "Framework", "Framework", "Spot"];
    private static readonly string[] Ratings = ["Outstanding", "Good", "Good", "RequiresImprovement", "Inadequate", "NotYetInspected"];

    public static RequestInput Request { get; } = RuleInputs.Request(urgency: "ShortNotice", needsCount: 2);

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
            var setting = RuleInputs.Setting(
                id: i,
                providerId: 1 + (i % 400),
                type: type,
                registration: registration,
                rating: regulated && registration != "Cqc" ? Ratings[random.Next(Ratings.Length)] : "None",
                contract: Contracts[random.Next(Contracts.Length)],
                minAge: type == "SupportedAccommodation" ? 16 : random.Next(3) * 4,
                genders: random.Next(6) switch { 0 => "Female", 1 => "Male", _ => "Any" },
                weeklyRate: 600 + random.Next(1200),
                stabilityRate: 0.5 + (random.NextDouble() * 0.45),
                inCounty: random.Next(4) != 0);
            var facts = RuleInputs.Facts(
                childAge: 12,
                distance: Math.Round(random.NextDouble() * 60, 1),
                freePlaces: random.Next(3),
                needsCovered: random.Next(3),
                needsUncovered: random.Next(2),
                overBudget: setting.WeeklyRate - 1000,
                responseRate: 0.35 + (random.NextDouble() * 0.6),
                noticeDays: 6);
            result.Add((setting, facts));
        }

        return result;
    }
}
