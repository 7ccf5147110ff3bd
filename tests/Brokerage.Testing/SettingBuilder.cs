using Brokerage.Core.Domain;

namespace Brokerage.Testing;

/// <summary>
/// A fictional setting in Amberford (inside the county and the vacancy scheme's region) with free
/// places, for tests that need one the demo market does not have. By default a fostering household
/// of an Ofsted-registered agency on the framework; <see cref="UnregulatedFlat"/> is the other kind
/// the tests use.
/// </summary>
public sealed record SettingBuilder(string Name)
{
    public PlacementType Type { get; init; } = PlacementType.Fostering;
    public Registration Registration { get; init; } = Registration.OfstedFosteringAgency;
    public OfstedRating? Rating { get; init; } = OfstedRating.Good;
    public ContractArrangement Contract { get; init; } = ContractArrangement.Framework;
    public string Postcode { get; init; } = "AM1 9ZZ";
    public string Locality { get; init; } = "Amberford";
    public double Latitude { get; init; } = 52.262;
    public double Longitude { get; init; } = -1.248;
    public bool InCounty { get; init; } = true;
    public int Places { get; init; } = 2;
    public int MinAge { get; init; }
    public int MaxAge { get; init; } = 17;
    public GendersAccepted GendersAccepted { get; init; } = GendersAccepted.Any;
    public decimal WeeklyRate { get; init; } = 900;
    public double StabilityRate { get; init; } = 0.8;

    /// <summary>Unregulated supported accommodation for 16- and 17-year-olds, one place, bought spot: a placement that needs an assistant director's approval.</summary>
    public static SettingBuilder UnregulatedFlat(string name) => new(name)
    {
        Type = PlacementType.SupportedAccommodation, Registration = Registration.Unregulated, Rating = null, Contract = ContractArrangement.Spot,
        Places = 1, MinAge = 16, MaxAge = 17, WeeklyRate = 1500, StabilityRate = 0.6,
    };

    public Setting ToEntity(int providerId) => new()
    {
        ProviderId = providerId, Name = Name, Type = Type, Registration = Registration, Rating = Rating, Contract = Contract,
        Postcode = Postcode, Locality = Locality, Latitude = Latitude, Longitude = Longitude, InCounty = InCounty,
        Places = Places, PlacesFilled = 0, MinAge = MinAge, MaxAge = MaxAge, GendersAccepted = GendersAccepted, WeeklyRate = WeeklyRate, StabilityRate = StabilityRate,
        Contracts = Contract == ContractArrangement.Spot ? [] : [ContractFrom2020(Contract)],
    };

    /// <summary>A contract in force from 2020 with no end, as matching reads the arrangement from the setting's contracts.</summary>
    public static SettingContract ContractFrom2020(ContractArrangement arrangement) => new() { Arrangement = arrangement, StartsOn = new DateOnly(2020, 1, 1) };
}
