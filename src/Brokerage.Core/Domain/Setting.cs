namespace Brokerage.Core.Domain;

/// <summary>One children's home, fostering household or service, supported-accommodation service or care home.</summary>
public class Setting
{
    public int Id { get; set; }
    public int ProviderId { get; set; }
    public Provider Provider { get; set; } = null!;
    public required string Name { get; set; }
    public PlacementType Type { get; set; }
    public string? OfstedUrn { get; set; }
    public Registration Registration { get; set; }
    public OfstedRating? Rating { get; set; }
    public ContractArrangement Contract { get; set; }
    public string? FrameworkLot { get; set; }
    public required string Postcode { get; set; }
    public required string Locality { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public bool InCounty { get; set; }
    public int Places { get; set; }
    public int PlacesFilled { get; set; }
    public int MinAge { get; set; }
    public int MaxAge { get; set; }
    public GendersAccepted GendersAccepted { get; set; }
    public Needs Specialisms { get; set; }
    public decimal WeeklyRate { get; set; }

    /// <summary>Share of placements here that lasted a year or ended as planned, 0–1; feeds the stability score.</summary>
    public double StabilityRate { get; set; }

    public int FreePlaces => Math.Max(0, Places - PlacesFilled);

    public bool IsRegulated => Registration is not (Registration.Unregistered or Registration.Unregulated);
}
