namespace Brokerage.Core;

/// <summary>The council works in UK local time; everything is stored in UTC and shown in Europe/London.</summary>
public static class UkTime
{
    public static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/London");

    public static DateTime ToLocal(DateTime utc) =>
        TimeZoneInfo.ConvertTimeFromUtc(DateTime.SpecifyKind(utc, DateTimeKind.Utc), Zone);

    public static DateTime ToUtc(DateTime local) =>
        TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone);

    public static DateOnly Today(TimeProvider time) => DateOnly.FromDateTime(ToLocal(time.GetUtcNow().UtcDateTime));

    public static string Format(DateTime utc) => ToLocal(utc).ToString("d MMMM yyyy 'at' h:mmtt", System.Globalization.CultureInfo.InvariantCulture).Replace("AM", "am", StringComparison.Ordinal).Replace("PM", "pm", StringComparison.Ordinal);

    public static string Format(DateOnly date) => date.ToString("d MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>"Friday 4 December 2026 at 4:45pm": with its weekday, for a deadline read at a glance.</summary>
    public static string FormatWithWeekday(DateTime utc) => ToLocal(utc).ToString("dddd ", System.Globalization.CultureInfo.InvariantCulture) + Format(utc);

    /// <summary>"due in 1 hr 50 min" or "overdue by 45 min": how a deadline stands now.</summary>
    public static string Due(DateTime dueUtc, DateTime nowUtc)
    {
        var left = dueUtc - nowUtc;
        var span = left.Duration();
        var minutes = (int)Math.Round(span.TotalMinutes, MidpointRounding.AwayFromZero);
        var text = minutes switch
        {
            < 1 => "less than a minute",
            < 60 => $"{minutes} min",
            < 24 * 60 => minutes % 60 == 0 ? $"{minutes / 60} hr" : $"{minutes / 60} hr {minutes % 60} min",
            _ => $"{minutes / (24 * 60)} {(minutes / (24 * 60) == 1 ? "day" : "days")} {minutes % (24 * 60) / 60} hr",
        };
        return left >= TimeSpan.Zero ? "due in " + text : "overdue by " + text;
    }
}
