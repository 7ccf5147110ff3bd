using System.Collections;
using System.Globalization;

namespace Brokerage.Core.Common;

/// <summary>
/// The limits every form and the API share, and their one wording each (GOV.UK style). A field
/// is named by a phrase that reads both after "Enter" and at the start of a sentence, such as
/// "the weekly cost" or "conditions": "Enter the weekly cost", "The weekly cost must be …".
/// </summary>
public static class FieldRules
{
    /// <summary>Names someone gives a thing: an API client, a set of area data.</summary>
    public const int NameMaxLength = 100;

    /// <summary>A search box.</summary>
    public const int SearchMaxLength = 200;

    /// <summary>Notes, reasons, conditions, feedback and summaries.</summary>
    public const int TextMaxLength = 2_000;

    /// <summary>The narrative parts of a risk assessment or an exceptional referral, where a decision has to be argued in full.</summary>
    public const int LongTextMaxLength = 4_000;

    /// <summary>
    /// A weekly cost or budget, whichever way a provider offers it (a referral, interest in a
    /// search, a vacancy, the regional scheme) and whatever a request sets aside. The ceiling
    /// catches an annual or monthly figure typed as weekly; see docs/decisions.md.
    /// </summary>
    public const decimal WeeklyCostMinimum = 1m;

    /// <inheritdoc cref="WeeklyCostMinimum"/>
    public const decimal WeeklyCostMaximum = 50_000m;

    /// <summary>The years a date in Brokerage can fall in, on a form or the API; outside them a date is a typing mistake.</summary>
    public const int EarliestYear = 1900;

    public const int LatestYear = 2100;

    public static bool IsPlausibleYear(int year) => year is >= EarliestYear and <= LatestYear;

    public static string YearOutOfRange(string name) => $"{Sentence(name)} must be a date between {EarliestYear} and {LatestYear}";

    public static string Required(string name) => $"Enter {name}";

    public static string TooLong(string name, int maxLength) =>
        $"{Sentence(name)} must be {maxLength.ToString("N0", CultureInfo.GetCultureInfo("en-GB"))} characters or fewer";

    public static string WeeklyCostOutOfRange(string name) =>
        $"{Sentence(name)} must be between {Money(WeeklyCostMinimum)} and {Money(WeeklyCostMaximum)}";

    public static string NotAnAmount(string name) => $"{Sentence(name)} must be an amount in pounds, like 950 or 950.50";

    public static string NotADate(string name) => $"{Sentence(name)} must be a real date";

    public static string DateMissingParts(string name, IEnumerable<string> parts) =>
        $"{Sentence(name)} must include a {string.Join(" and ", parts)}";

    public static string NotATime(string name) => $"{Sentence(name)} must be a time in 24-hour format, like 09:30 or 17:00";

    public static string NotAWholeNumber(string name, string example) => $"{Sentence(name)} must be a whole number, like {example}";

    /// <summary>The phrase with its first letter in capitals, to open a sentence.</summary>
    public static string Sentence(string phrase) =>
        string.IsNullOrEmpty(phrase) ? phrase : char.ToUpperInvariant(phrase[0]) + phrase[1..];

    private static string Money(decimal amount) => "£" + amount.ToString("#,0", CultureInfo.GetCultureInfo("en-GB"));
}

/// <summary>
/// The errors found in one form or API body, collected so that every one is reported at once.
/// Checks return the collection so that they read as a list; <see cref="ThrowIfAny"/> ends it.
/// </summary>
public sealed class FieldErrors : IReadOnlyList<FieldError>
{
    private readonly List<FieldError> errors = [];

    public int Count => errors.Count;

    public bool Any => errors.Count > 0;

    public FieldError this[int index] => errors[index];

    public FieldErrors Add(string field, string message)
    {
        errors.Add(new FieldError(field, message));
        return this;
    }

    public FieldErrors AddRange(IEnumerable<FieldError> more)
    {
        errors.AddRange(more);
        return this;
    }

    /// <summary>Whether a field already has an error, so a second rule does not pile on.</summary>
    public bool Has(string field) => errors.Exists(e => e.Field == field);

    public FieldErrors Required(string field, string name, string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            Add(field, FieldRules.Required(name));
        }

        return this;
    }

    public FieldErrors MaxLength(string field, string name, string? value, int maxLength = FieldRules.TextMaxLength)
    {
        if (value is not null && value.Trim().Length > maxLength)
        {
            Add(field, FieldRules.TooLong(name, maxLength));
        }

        return this;
    }

    /// <summary>A weekly cost or budget within <see cref="FieldRules.WeeklyCostMinimum"/> and <see cref="FieldRules.WeeklyCostMaximum"/>; a missing one is "Enter …".</summary>
    public FieldErrors WeeklyCost(string field, string name, decimal? value)
    {
        if (value is null)
        {
            Add(field, FieldRules.Required(name));
        }
        else if (value < FieldRules.WeeklyCostMinimum || value > FieldRules.WeeklyCostMaximum)
        {
            Add(field, FieldRules.WeeklyCostOutOfRange(name));
        }

        return this;
    }

    /// <summary>Stops the action, with every error found, when there is any; nothing has been written.</summary>
    public void ThrowIfAny()
    {
        if (errors.Count > 0)
        {
            throw new ValidationFailedException([.. errors]);
        }
    }

    public IEnumerator<FieldError> GetEnumerator() => errors.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
