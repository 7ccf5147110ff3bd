using System.Globalization;
using Brokerage.Core;
using Brokerage.Core.Common;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace Brokerage.Web.Infrastructure;

/// <summary>The three boxes of a GOV.UK date input, as typed.</summary>
public sealed class DateParts
{
    public string? Day { get; set; }
    public string? Month { get; set; }
    public string? Year { get; set; }

    public bool IsEmpty => string.IsNullOrWhiteSpace(Day) && string.IsNullOrWhiteSpace(Month) && string.IsNullOrWhiteSpace(Year);

    public static DateParts From(DateOnly date) => new()
    {
        Day = date.Day.ToString(CultureInfo.InvariantCulture),
        Month = date.Month.ToString(CultureInfo.InvariantCulture),
        Year = date.Year.ToString(CultureInfo.InvariantCulture),
    };

    /// <summary>The boxes for a date that may not be recorded: empty for none.</summary>
    public static DateParts From(DateOnly? date) => date is { } d ? From(d) : new();
}

/// <summary>
/// The one reader for what people type into GOV.UK inputs: dates, times, amounts of money and
/// whole numbers. Each reads the text, and when it cannot be read adds the GOV.UK message to
/// ModelState under the field's key and returns null. A field is named by a phrase that reads
/// after "Enter" and at the start of a sentence (see <see cref="FieldRules"/>).
/// </summary>
public static class FormInput
{
    /// <summary>A GOV.UK date input. Empty is "Enter …" when required, otherwise null without an error.</summary>
    public static DateOnly? ReadDate(this ModelStateDictionary modelState, DateParts parts, string key, string name, bool required = true)
    {
        if (parts.IsEmpty)
        {
            if (required)
            {
                modelState.AddModelError(key, FieldRules.Required(name));
            }

            return null;
        }

        var missing = new[] { ("day", parts.Day), ("month", parts.Month), ("year", parts.Year) }
            .Where(p => string.IsNullOrWhiteSpace(p.Item2)).Select(p => p.Item1).ToList();
        if (missing.Count > 0)
        {
            modelState.AddModelError(key, FieldRules.DateMissingParts(name, missing));
            return null;
        }

        if (Number(parts.Day) is { } day && Number(parts.Month) is { } month && Number(parts.Year) is { } year
            && FieldRules.IsPlausibleYear(year) && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month))
        {
            return new DateOnly(year, month, day);
        }

        modelState.AddModelError(key, FieldRules.NotADate(name));
        return null;
    }

    /// <summary>A 24-hour time such as 9:30, 09:30 or 17.00.</summary>
    public static TimeOnly? ReadTime(this ModelStateDictionary modelState, string? text, string key, string name, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                modelState.AddModelError(key, FieldRules.Required(name));
            }

            return null;
        }

        var value = text.Trim().Replace('.', ':');
        if (TimeOnly.TryParseExact(value, ["H:mm", "HH:mm"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return time;
        }

        modelState.AddModelError(key, FieldRules.NotATime(name));
        return null;
    }

    /// <summary>
    /// A date input with a time box beside it (key + "Time"), as a UTC instant. The hour the
    /// clocks skip in March does not exist in UK time, so it is refused rather than guessed.
    /// </summary>
    public static DateTime? ReadDateAndTime(this ModelStateDictionary modelState, DateParts date, string? time, string key, string name, string timeName)
    {
        var day = modelState.ReadDate(date, key, name);
        var clock = modelState.ReadTime(time, key + "Time", timeName);
        if (day is null || clock is null)
        {
            return null;
        }

        var local = day.Value.ToDateTime(clock.Value);
        if (UkTime.Zone.IsInvalidTime(local))
        {
            modelState.AddModelError(key + "Time", "That time does not exist because the clocks go forward: enter 02:00 or later");
            return null;
        }

        return UkTime.ToUtc(local);
    }

    /// <summary>An amount in pounds such as 950, 950.50 or £1,250.</summary>
    public static decimal? ReadMoney(this ModelStateDictionary modelState, string? text, string key, string name, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                modelState.AddModelError(key, FieldRules.Required(name));
            }

            return null;
        }

        var value = text.Trim().TrimStart('£').Replace(",", "", StringComparison.Ordinal);
        if (decimal.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
        {
            return amount;
        }

        modelState.AddModelError(key, FieldRules.NotAnAmount(name));
        return null;
    }

    /// <summary>A weekly cost or budget: an amount, within the range every offer and request shares.</summary>
    public static decimal? ReadWeeklyCost(this ModelStateDictionary modelState, string? text, string key, string name, bool required = true)
    {
        var amount = modelState.ReadMoney(text, key, name, required);
        if (amount is < FieldRules.WeeklyCostMinimum or > FieldRules.WeeklyCostMaximum)
        {
            modelState.AddModelError(key, FieldRules.WeeklyCostOutOfRange(name));
            return null;
        }

        return amount;
    }

    /// <summary>
    /// Free text within its limit (<see cref="FieldRules"/>), checked with the form's other fields so
    /// that a box that is too long is reported with them, not only once they are put right. The Core
    /// service checks it again.
    /// </summary>
    public static string? ReadText(this ModelStateDictionary modelState, string? text, string key, string name, int maxLength = FieldRules.TextMaxLength)
    {
        if (text is not null && text.Trim().Length > maxLength)
        {
            modelState.AddModelError(key, FieldRules.TooLong(name, maxLength));
        }

        return text;
    }

    /// <summary>A whole number such as 3 (no sign, no decimals).</summary>
    public static int? ReadWholeNumber(this ModelStateDictionary modelState, string? text, string key, string name, string example, bool required = true)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                modelState.AddModelError(key, FieldRules.Required(name));
            }

            return null;
        }

        if (Number(text) is { } number)
        {
            return number;
        }

        modelState.AddModelError(key, FieldRules.NotAWholeNumber(name, example));
        return null;
    }

    /// <summary>A latitude or longitude in decimal degrees, such as 52.262 or -1.248.</summary>
    public static double? ReadDegrees(this ModelStateDictionary modelState, string? text, string key, string name)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            modelState.AddModelError(key, FieldRules.Required(name));
            return null;
        }

        if (double.TryParse(text.Trim(), NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var degrees) && double.IsFinite(degrees))
        {
            return degrees;
        }

        modelState.AddModelError(key, $"{FieldRules.Sentence(name)} must be in decimal degrees, like 52.262 or -1.248");
        return null;
    }

    private static int? Number(string? text) =>
        int.TryParse(text?.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number : null;
}
