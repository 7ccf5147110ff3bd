using Brokerage.Core.Domain;

namespace Brokerage.Core.Market;

/// <summary>What the council records about a provider. The contact fields are also the provider's own to keep.</summary>
public sealed record ProviderDetails
{
    public string? Name { get; init; }
    public string? CompanyNumber { get; init; }
    public string? CharityNumber { get; init; }
    public string? ReferralEmail { get; init; }
    public string? EscalationEmail { get; init; }
    public string? EscalationContactName { get; init; }
    public string? EscalationPhone { get; init; }
}

/// <summary>The contacts a provider keeps current itself.</summary>
public sealed record ProviderContacts
{
    public string? ReferralEmail { get; init; }
    public string? EscalationEmail { get; init; }
    public string? EscalationContactName { get; init; }
    public string? EscalationPhone { get; init; }
}

/// <summary>
/// What the council records about a setting. Nullable where a form or API body may leave a value
/// out, so that the service names every missing one at once.
/// </summary>
public sealed record SettingDetails
{
    public string? Name { get; init; }
    public PlacementType? Type { get; init; }
    public Registration? Registration { get; init; }
    public string? OfstedUrn { get; init; }
    public string? CqcLocationId { get; init; }
    public DateOnly? RegisteredFrom { get; init; }
    public DateOnly? RegistrationEndsOn { get; init; }
    public OfstedRating? Rating { get; init; }
    public DateOnly? RatingDate { get; init; }
    public string? Address { get; init; }
    public string? Postcode { get; init; }
    public string? Locality { get; init; }
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public bool InCounty { get; init; }
    public int? Places { get; init; }
    public int? PlacesFilled { get; init; }

    /// <summary>
    /// Places filled when the form was opened (or the record read, on the API). A correction is
    /// written only when the figure differs from it, and is refused if a placement filled a place
    /// since. A figure that differs from the saved one needs it: otherwise a placement confirmed
    /// since would be overwritten unseen.
    /// </summary>
    public int? PlacesFilledSeen { get; init; }
    public int? MinAge { get; init; }
    public int? MaxAge { get; init; }
    public GendersAccepted GendersAccepted { get; init; }
    public Needs Specialisms { get; init; }
    public decimal? WeeklyRate { get; init; }

    public static SettingDetails Of(Setting s) => new()
    {
        Name = s.Name, Type = s.Type, Registration = s.Registration, OfstedUrn = s.OfstedUrn, CqcLocationId = s.CqcLocationId,
        RegisteredFrom = s.RegisteredFrom, RegistrationEndsOn = s.RegistrationEndsOn, Rating = s.Rating, RatingDate = s.RatingDate,
        Address = s.Address, Postcode = s.Postcode, Locality = s.Locality, Latitude = s.Latitude, Longitude = s.Longitude, InCounty = s.InCounty,
        Places = s.Places, PlacesFilled = s.PlacesFilled, MinAge = s.MinAge, MaxAge = s.MaxAge, GendersAccepted = s.GendersAccepted,
        Specialisms = s.Specialisms, WeeklyRate = s.WeeklyRate,
    };
}

public sealed record ContractDetails
{
    public ContractArrangement? Arrangement { get; init; }
    public int? FrameworkLotId { get; init; }
    public int? ReservedPlaces { get; init; }
    public decimal? AgreedWeeklyPrice { get; init; }
    public DateOnly? StartsOn { get; init; }
    public DateOnly? EndsOn { get; init; }
}

public sealed record LotDetails
{
    public string? Framework { get; init; }
    public string? Name { get; init; }
    public PlacementType? PlacementType { get; init; }
    public string? Description { get; init; }
}

/// <param name="ProviderId">Set when a provider records it: the setting must be theirs.</param>
public sealed record UnavailableDetails
{
    public int? Places { get; init; }
    public UnavailableReason? Reason { get; init; }
    public string? Detail { get; init; }
    public DateOnly? From { get; init; }
    public DateOnly? Until { get; init; }
}

/// <summary>Who is making a change: a commissioner (no provider) or a provider's member of staff or system, who may touch only their own records.</summary>
public sealed record DirectoryActor(string Name, int? ProviderId = null)
{
    public bool IsProvider => ProviderId is not null;

    public static DirectoryActor Council(string name) => new(name);
}
