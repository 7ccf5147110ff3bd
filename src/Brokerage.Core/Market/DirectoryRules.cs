using System.Globalization;
using System.Net.Mail;
using System.Text.RegularExpressions;
using Brokerage.Core.Common;
using Brokerage.Core.Domain;

namespace Brokerage.Core.Market;

/// <summary>The shapes of the market's identifiers and places, shared by the directory's forms, its API and the Ofsted import.</summary>
public static partial class DirectoryRules
{
    /// <summary>The most places one setting may have; more is a typing mistake.</summary>
    public const int MaxPlaces = 200;

    /// <summary>The oldest age a setting may say it takes: care homes and supported accommodation go beyond 18.</summary>
    public const int MaxAge = 25;

    // Great Britain and Northern Ireland, with a little sea around them.
    public const double MinLatitude = 49.8;
    public const double MaxLatitude = 60.9;
    public const double MinLongitude = -8.7;
    public const double MaxLongitude = 1.8;

    [GeneratedRegex(@"^([A-Z]{1,2}[0-9][A-Z0-9]?) ?([0-9][A-Z]{2})$")]
    private static partial Regex PostcodePattern();

    [GeneratedRegex(@"^(SC[0-9]{6}|[0-9]{6,7})$")]
    private static partial Regex UrnPattern();

    [GeneratedRegex(@"^1-[0-9]{9,11}$")]
    private static partial Regex CqcPattern();

    [GeneratedRegex(@"^([0-9]{8}|[A-Z]{2}[0-9]{6})$")]
    private static partial Regex CompanyNumberPattern();

    [GeneratedRegex(@"^[0-9]{6,8}(-[0-9]{1,2})?$")]
    private static partial Regex CharityNumberPattern();

    [GeneratedRegex(@"^\+?[0-9 ()-]{10,20}$")]
    private static partial Regex PhonePattern();

    /// <summary>A UK postcode in capitals with its one space, or null when the text is not one.</summary>
    public static string? Postcode(string? text)
    {
        var compact = (text ?? "").Trim().ToUpperInvariant().Replace(" ", "", StringComparison.Ordinal);
        var match = PostcodePattern().Match(compact);
        return match.Success ? match.Groups[1].Value + " " + match.Groups[2].Value : null;
    }

    /// <summary>An Ofsted URN in capitals, or null when the text is not one.</summary>
    public static string? Urn(string? text) => Normalised(text, UrnPattern());

    public static string? CqcLocationId(string? text) => Normalised(text, CqcPattern());

    public static string? CompanyNumber(string? text) => Normalised(text, CompanyNumberPattern());

    public static string? CharityNumber(string? text) => Normalised(text, CharityNumberPattern());

    public static bool IsPhone(string? text) => PhonePattern().IsMatch((text ?? "").Trim());

    public static bool IsEmail(string? text) =>
        !string.IsNullOrWhiteSpace(text) && MailAddress.TryCreate(text.Trim(), out var address) && address.Address == text.Trim() && text.Contains('.', StringComparison.Ordinal);

    public static bool InUk(double latitude, double longitude) =>
        latitude is >= MinLatitude and <= MaxLatitude && longitude is >= MinLongitude and <= MaxLongitude;

    /// <summary>The registration kinds each type of setting can hold.</summary>
    public static IReadOnlyList<Registration> RegistrationsFor(PlacementType type) => type switch
    {
        PlacementType.Fostering => [Registration.OfstedFosteringAgency, Registration.Unregulated],
        PlacementType.ChildrensHome => [Registration.OfstedChildrensHome, Registration.Unregistered],
        PlacementType.SupportedAccommodation => [Registration.OfstedSupportedAccommodation, Registration.Unregistered, Registration.Unregulated],
        _ => [Registration.Cqc, Registration.Unregistered],
    };

    public static bool IsOfsted(Registration registration) =>
        registration is Registration.OfstedChildrensHome or Registration.OfstedFosteringAgency or Registration.OfstedSupportedAccommodation;

    public static string Coordinates(double latitude, double longitude) =>
        string.Create(CultureInfo.InvariantCulture, $"{latitude:0.#####}, {longitude:0.#####}");

    private static string? Normalised(string? text, Regex pattern)
    {
        var value = (text ?? "").Trim().ToUpperInvariant();
        return pattern.IsMatch(value) ? value : null;
    }
}
