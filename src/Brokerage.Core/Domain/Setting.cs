namespace Brokerage.Core.Domain;

/// <summary>One children's home, fostering household or service, supported-accommodation service or care home.</summary>
public class Setting
{
    public int Id { get; set; }
    public int ProviderId { get; set; }
    public Provider Provider { get; set; } = null!;
    public required string Name { get; set; }
    public PlacementType Type { get; set; }

    /// <summary>Ofsted's unique reference number, e.g. SC123456; a fostering agency's households share the agency's.</summary>
    public string? OfstedUrn { get; set; }

    /// <summary>The Care Quality Commission's location ID, e.g. 1-123456789, for CQC-registered provision.</summary>
    public string? CqcLocationId { get; set; }

    /// <summary>The kind of registration the setting holds (or held, before <see cref="RegistrationEndsOn"/>).</summary>
    public Registration Registration { get; set; }

    /// <summary>The first day the registration is in force; null when it has been in force as long as Brokerage has known the setting.</summary>
    public DateOnly? RegisteredFrom { get; set; }

    /// <summary>The first day the registration is no longer in force (cancelled, suspended or resigned); null while it stands.</summary>
    public DateOnly? RegistrationEndsOn { get; set; }

    public OfstedRating? Rating { get; set; }

    /// <summary>The date of the inspection that gave <see cref="Rating"/>.</summary>
    public DateOnly? RatingDate { get; set; }

    /// <summary>
    /// The arrangement in force today, kept from <see cref="Contracts"/> by the directory and the
    /// hourly directory sweep, for lists and reports. Matching judges the contracts on the day a child needs the place.
    /// </summary>
    public ContractArrangement Contract { get; set; }

    /// <summary>Today's framework lot, kept with <see cref="Contract"/>.</summary>
    public string? FrameworkLot { get; set; }

    /// <summary>The first line of the address; the council keeps fostering households' addresses off the directory.</summary>
    public string? Address { get; set; }
    public required string Postcode { get; set; }
    public required string Locality { get; set; }
    public double Latitude { get; set; }
    public double Longitude { get; set; }
    public bool InCounty { get; set; }
    public int Places { get; set; }

    /// <summary>Places with a child in them, or promised to one by a confirmed placement.</summary>
    public int PlacesFilled { get; set; }
    public int MinAge { get; set; }
    public int MaxAge { get; set; }
    public GendersAccepted GendersAccepted { get; set; }
    public Needs Specialisms { get; set; }
    public decimal WeeklyRate { get; set; }

    /// <summary>Share of placements here that lasted a year or ended as planned, 0–1; feeds the stability score.</summary>
    public double StabilityRate { get; set; }

    public List<SettingContract> Contracts { get; set; } = [];

    public List<PlaceUnavailability> Unavailability { get; set; } = [];

    /// <summary>The registration kinds that a regulator grants and can cancel.</summary>
    public static bool IsRegistered(Registration registration) => registration is not (Registration.Unregistered or Registration.Unregulated);

    public bool IsRegulated => IsRegistered(Registration);

    public bool RegistrationInForceOn(DateOnly date) =>
        (RegisteredFrom is null || RegisteredFrom <= date) && (RegistrationEndsOn is null || date < RegistrationEndsOn);

    /// <summary>The registration as it stands on a date: a registered kind outside its dates is unregistered provision.</summary>
    public Registration RegistrationOn(DateOnly date) =>
        IsRegistered(Registration) && !RegistrationInForceOn(date) ? Registration.Unregistered : Registration;

    /// <summary>The contract in force on a date (needs <see cref="Contracts"/> loaded); none means the council buys spot.</summary>
    public SettingContract? ContractOn(DateOnly date) => Contracts.Find(c => c.InForceOn(date));

    public ContractArrangement ArrangementOn(DateOnly date) => ContractOn(date)?.Arrangement ?? ContractArrangement.Spot;

    /// <summary>Places out of use on a date (needs <see cref="Unavailability"/> loaded).</summary>
    public int PlacesUnavailableOn(DateOnly date) => Unavailability.Where(u => u.InForceOn(date)).Sum(u => u.Places);

    /// <summary>Places − filled − unavailable, on a date.</summary>
    public int FreePlacesOn(DateOnly date) => Math.Max(0, Places - PlacesFilled - PlacesUnavailableOn(date));

    /// <summary>Brings <see cref="Contract"/> and <see cref="FrameworkLot"/> to the contract in force on a date; true when they changed.</summary>
    public bool KeepArrangement(DateOnly today)
    {
        var contract = ContractOn(today);
        var arrangement = contract?.Arrangement ?? ContractArrangement.Spot;
        var lot = contract?.Lot?.Name;
        if (Contract == arrangement && FrameworkLot == lot)
        {
            return false;
        }

        Contract = arrangement;
        FrameworkLot = lot;
        return true;
    }
}

/// <summary>
/// An agreement under which the council buys places at a setting, for a period. Spot purchase is
/// the absence of one: when a contract ends, the setting is bought spot.
/// </summary>
public class SettingContract
{
    public int Id { get; set; }
    public int SettingId { get; set; }
    public Setting Setting { get; set; } = null!;

    /// <summary>In-house, block contract or framework; never spot.</summary>
    public ContractArrangement Arrangement { get; set; }

    /// <summary>The framework lot, for a framework contract.</summary>
    public int? FrameworkLotId { get; set; }
    public FrameworkLot? Lot { get; set; }

    /// <summary>For a block contract: places the council has reserved and already pays for.</summary>
    public int? ReservedPlaces { get; set; }

    /// <summary>For a framework or block contract: the weekly price agreed.</summary>
    public decimal? AgreedWeeklyPrice { get; set; }
    public DateOnly StartsOn { get; set; }

    /// <summary>The notice a provider must give to end a placement under this contract.</summary>
    public int NoticePeriodDays { get; set; } = DefaultNoticePeriodDays;

    /// <summary>The notice the council's spot terms ask for, and a contract's unless it says otherwise.</summary>
    public const int DefaultNoticePeriodDays = 28;

    /// <summary>The last day the contract is in force; null while it runs without an end date.</summary>
    public DateOnly? EndsOn { get; set; }

    public bool InForceOn(DateOnly date) => StartsOn <= date && (EndsOn is null || date <= EndsOn);

    /// <summary>Whether two periods share at least one day.</summary>
    public bool Overlaps(DateOnly startsOn, DateOnly? endsOn) =>
        StartsOn <= (endsOn ?? DateOnly.MaxValue) && startsOn <= (EndsOn ?? DateOnly.MaxValue);
}

/// <summary>A lot of one of the council's frameworks, e.g. independent fostering "Specialist", with its own quality and prices.</summary>
public class FrameworkLot
{
    public int Id { get; set; }

    /// <summary>The framework the lot belongs to, e.g. "Independent fostering agencies 2024–2028".</summary>
    public required string Framework { get; set; }
    public required string Name { get; set; }
    public PlacementType PlacementType { get; set; }
    public string? Description { get; set; }
}

public enum UnavailableReason
{
    CarerRespite,
    Staffing,
    MatchingWithChildInPlace,
    AwaitingChildMovingIn,
    RepairsOrRefurbishment,
    Other,
}

/// <summary>Places a setting cannot offer for a while (a carer's respite, staffing), recorded by the provider or the council.</summary>
public class PlaceUnavailability
{
    public int Id { get; set; }
    public int SettingId { get; set; }
    public Setting Setting { get; set; } = null!;
    public int Places { get; set; }
    public UnavailableReason Reason { get; set; }
    public string? Detail { get; set; }
    public DateOnly From { get; set; }

    /// <summary>The last day the places are out of use.</summary>
    public DateOnly Until { get; set; }
    public DateTime RecordedAt { get; set; }
    public required string RecordedBy { get; set; }

    public bool InForceOn(DateOnly date) => From <= date && date <= Until;
}
