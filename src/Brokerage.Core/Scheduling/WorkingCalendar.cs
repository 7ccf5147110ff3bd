using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Brokerage.Core.Rules;

namespace Brokerage.Core.Scheduling;

/// <summary>
/// The council's working hours, working days and bank holidays, for deadlines counted in
/// working time. Every input and output is a UTC <see cref="DateTime"/> (<see cref="DateTimeKind.Utc"/>);
/// all reasoning happens in the calendar's local time zone through <see cref="TimeZoneInfo"/>, so
/// the hours stay 09:00 to 17:00 on the wall clock either side of a clock change.
/// A working period runs from opening (inclusive) to closing (exclusive): at exactly closing time
/// the working day is over.
/// </summary>
public sealed class WorkingCalendar
{
    public const string WorkingHoursFile = "working-hours.json";

    private static readonly JsonSerializerOptions StrictJson = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    // The government's feed carries extra fields (notes, bunting) that the calendar has no use for.
    private static readonly JsonSerializerOptions FeedJson = new() { PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    private readonly HashSet<DayOfWeek> _workingDays;
    private readonly HashSet<DateOnly> _bankHolidays;

    public WorkingCalendar(TimeZoneInfo timeZone, TimeOnly opens, TimeOnly closes, IEnumerable<DayOfWeek> workingDays, IEnumerable<DateOnly> bankHolidays)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        ArgumentNullException.ThrowIfNull(workingDays);
        ArgumentNullException.ThrowIfNull(bankHolidays);
        if (opens >= closes)
        {
            throw new ArgumentException("Working hours must open before they close", nameof(closes));
        }

        _workingDays = [.. workingDays];
        if (_workingDays.Count == 0)
        {
            throw new ArgumentException("At least one day of the week must be a working day", nameof(workingDays));
        }

        _bankHolidays = [.. bankHolidays];
        TimeZone = timeZone;
        Opens = opens;
        Closes = closes;
        BankHolidaysKnownUntil = _bankHolidays.Count == 0 ? null : _bankHolidays.Max();
    }

    public TimeZoneInfo TimeZone { get; }
    public TimeOnly Opens { get; }
    public TimeOnly Closes { get; }
    public IReadOnlySet<DayOfWeek> WorkingDays => _workingDays;
    public IReadOnlySet<DateOnly> BankHolidays => _bankHolidays;

    /// <summary>
    /// The last bank holiday in the file. The government's feed only looks a year or two ahead, and
    /// days after this are treated as ordinary working days until an admin replaces the file.
    /// </summary>
    public DateOnly? BankHolidaysKnownUntil { get; }

    /// <summary>
    /// Reads <c>working-hours.json</c> from <paramref name="calendarDirectory"/> and the bank holidays
    /// file it names (the shape of https://www.gov.uk/bank-holidays.json). A file that cannot be used
    /// throws a <see cref="RuleFileException"/> naming the file, the setting or event at fault and why.
    /// </summary>
    public static WorkingCalendar Load(string calendarDirectory)
    {
        if (!Directory.Exists(calendarDirectory))
        {
            throw new RuleFileException(calendarDirectory, null, "the calendar folder does not exist");
        }

        var hours = Read<WorkingHoursJson>(calendarDirectory, WorkingHoursFile, StrictJson, null);
        var timeZone = ReadTimeZone(hours.TimeZone);
        var opens = ReadTime("start", hours.Start);
        var closes = ReadTime("end", hours.End);
        if (opens >= closes)
        {
            throw new RuleFileException(WorkingHoursFile, "end", $"the working day must end after it starts, but it starts at {hours.Start} and ends at {hours.End}");
        }

        var days = ReadDays(hours.Days);
        if (string.IsNullOrWhiteSpace(hours.BankHolidays))
        {
            throw new RuleFileException(WorkingHoursFile, "bankHolidays", "the name of the bank holidays file is missing");
        }

        if (string.IsNullOrWhiteSpace(hours.Division))
        {
            throw new RuleFileException(WorkingHoursFile, "division", "the bank holidays division is missing (for example england-and-wales)");
        }

        var feed = Read<Dictionary<string, DivisionJson?>>(calendarDirectory, hours.BankHolidays, FeedJson, $"named by {WorkingHoursFile}");
        var bankHolidays = ReadBankHolidays(hours.BankHolidays, feed, hours.Division);
        return new WorkingCalendar(timeZone, opens, closes, days, bankHolidays);
    }

    public bool IsWorkingDay(DateOnly date) => _workingDays.Contains(date.DayOfWeek) && !_bankHolidays.Contains(date);

    /// <summary>True from opening up to, but not including, closing on a working day.</summary>
    public bool IsWorkingTime(DateTime utc)
    {
        RequireUtc(utc);
        var date = DateOnly.FromDateTime(ToLocal(utc));
        if (!IsWorkingDay(date))
        {
            return false;
        }

        var period = Period(date);
        return utc >= period.Open && utc < period.Close;
    }

    /// <summary>
    /// Counts <paramref name="hours"/> of working time only. A start outside working hours begins
    /// counting at the next opening, so Friday 16:30 + 1 hour is Monday 09:30, or Tuesday 09:30 when
    /// Monday is a bank holiday. A result that lands exactly on closing time is returned as closing
    /// time rather than the next opening.
    /// </summary>
    public DateTime AddWorkingHours(DateTime utc, double hours)
    {
        RequireUtc(utc);
        RequireHours(hours);
        var remaining = TimeSpan.FromHours(hours);
        var cursor = utc;
        while (true)
        {
            var period = CurrentOrNextPeriod(cursor);
            var start = cursor > period.Open ? cursor : period.Open;
            var available = period.Close - start;
            if (remaining <= available)
            {
                return start + remaining;
            }

            remaining -= available;
            cursor = period.Close;
        }
    }

    /// <summary>
    /// The same local time of day on the <paramref name="days"/>th working day after the start.
    /// The start is <paramref name="utc"/> when that is working time; otherwise it is the next opening
    /// (before opening on a working day, that day's opening; after closing, at exactly closing, or on a
    /// non-working day, the next working day's opening). So a hold of 3 working days placed on
    /// Wednesday at 14:00 ends on Monday at 14:00, and one placed on Friday at 18:00 or over the
    /// weekend ends on Thursday at 09:00. The result is always working time; 0 days gives the start.
    /// </summary>
    public DateTime AddWorkingDays(DateTime utc, int days)
    {
        RequireUtc(utc);
        ArgumentOutOfRangeException.ThrowIfNegative(days);
        var period = CurrentOrNextPeriod(utc);
        var timeOfDay = utc > period.Open ? TimeOnly.FromDateTime(ToLocal(utc)) : Opens;
        var date = period.Date;
        for (var counted = 0; counted < days;)
        {
            date = date.AddDays(1);
            if (IsWorkingDay(date))
            {
                counted++;
            }
        }

        return ToUtc(date.ToDateTime(timeOfDay));
    }

    /// <summary>Opening time on <paramref name="date"/>, in UTC, whether or not it is a working day.</summary>
    public DateTime OpeningOn(DateOnly date) => ToUtc(date.ToDateTime(Opens));

    /// <summary>
    /// Closing time of the working day <paramref name="utc"/> falls in, including before opening on a
    /// working day. At or after closing, or on a non-working day, closing time of the next working day.
    /// </summary>
    public DateTime EndOfWorkingDay(DateTime utc)
    {
        RequireUtc(utc);
        return CurrentOrNextPeriod(utc).Close;
    }

    /// <summary>
    /// "<paramref name="hours"/> hours or the end of the working day, whichever is sooner". Inside
    /// working hours that is <paramref name="utc"/> plus the hours, capped at today's closing time.
    /// Outside working hours the clock starts at the next opening (the same rule as
    /// <see cref="EndOfWorkingDay"/>): 2 hours asked for at 07:00, at 18:00 the day before or over a
    /// weekend all give 11:00 on the next working day.
    /// </summary>
    public DateTime HoursOrEndOfWorkingDay(DateTime utc, double hours)
    {
        RequireUtc(utc);
        RequireHours(hours);
        var period = CurrentOrNextPeriod(utc);
        var start = utc > period.Open ? utc : period.Open;
        return hours >= (period.Close - start).TotalHours ? period.Close : start + TimeSpan.FromHours(hours);
    }

    private WorkingPeriod CurrentOrNextPeriod(DateTime utc)
    {
        // Ends because there is at least one working day a week and only finitely many bank holidays.
        for (var date = DateOnly.FromDateTime(ToLocal(utc)); ; date = date.AddDays(1))
        {
            if (IsWorkingDay(date))
            {
                var period = Period(date);
                if (utc < period.Close)
                {
                    return period;
                }
            }
        }
    }

    private WorkingPeriod Period(DateOnly date) => new(date, ToUtc(date.ToDateTime(Opens)), ToUtc(date.ToDateTime(Closes)));

    private DateTime ToLocal(DateTime utc) => TimeZoneInfo.ConvertTimeFromUtc(utc, TimeZone);

    private DateTime ToUtc(DateTime local)
    {
        // Only hours set around 01:00 to 02:00 on a working Sunday can meet a clock change, but a
        // calendar file may say so and ConvertTimeToUtc throws for a time the clocks skip.
        if (TimeZone.IsInvalidTime(local))
        {
            // A skipped time is read with the offset from before the jump, landing as far past the jump as it was into the gap.
            return DateTime.SpecifyKind(local - TimeZone.GetUtcOffset(local.AddDays(-1)), DateTimeKind.Utc);
        }

        if (TimeZone.IsAmbiguousTime(local))
        {
            // A time the clocks pass twice is taken at its first occurrence.
            return DateTime.SpecifyKind(local - TimeZone.GetAmbiguousTimeOffsets(local).Max(), DateTimeKind.Utc);
        }

        return TimeZoneInfo.ConvertTimeToUtc(local, TimeZone);
    }

    private static void RequireUtc(DateTime utc)
    {
        // A local or unspecified time here is almost always a wall-clock time passed by mistake, which would shift every deadline by an hour in summer.
        if (utc.Kind != DateTimeKind.Utc)
        {
            throw new ArgumentException($"Expected a UTC time (DateTimeKind.Utc) but got DateTimeKind.{utc.Kind}", nameof(utc));
        }
    }

    private static void RequireHours(double hours)
    {
        if (!double.IsFinite(hours) || hours < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(hours), hours, "Hours must be zero or more");
        }
    }

    private static T Read<T>(string directory, string file, JsonSerializerOptions options, string? namedBy)
        where T : class
    {
        var path = Path.Combine(directory, file);
        if (!File.Exists(path))
        {
            throw new RuleFileException(file, null, namedBy is null ? "the file is missing" : $"the file is missing ({namedBy})");
        }

        try
        {
            return JsonSerializer.Deserialize<T>(File.ReadAllText(path), options)
                ?? throw new RuleFileException(file, null, "the file is empty (null)");
        }
        catch (JsonException ex)
        {
            throw new RuleFileException(file, null, "not valid: " + ex.Message);
        }
    }

    private static TimeZoneInfo ReadTimeZone(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new RuleFileException(WorkingHoursFile, "timeZone", "the time zone is missing (for example Europe/London)");
        }

        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById(id);
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new RuleFileException(WorkingHoursFile, "timeZone", $"\"{id}\" is not a time zone known to this server (for example Europe/London)");
        }
    }

    private static TimeOnly ReadTime(string setting, string? value)
    {
        if (!TimeOnly.TryParseExact(value, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            throw new RuleFileException(WorkingHoursFile, setting, $"\"{value}\" is not a 24-hour time in the form HH:mm (for example 09:00)");
        }

        return time;
    }

    private static List<DayOfWeek> ReadDays(List<string?>? names)
    {
        if (names is null || names.Count == 0)
        {
            throw new RuleFileException(WorkingHoursFile, "days", "at least one working day is needed");
        }

        var days = new List<DayOfWeek>();
        foreach (var name in names)
        {
            // Enum.TryParse alone would also accept "1" or "monday"; the file should read as English.
            if (name is null || !Enum.GetNames<DayOfWeek>().Contains(name, StringComparer.Ordinal))
            {
                throw new RuleFileException(WorkingHoursFile, "days", $"\"{name}\" is not a day of the week (Monday to Sunday, capitalised)");
            }

            var day = Enum.Parse<DayOfWeek>(name);
            if (days.Contains(day))
            {
                throw new RuleFileException(WorkingHoursFile, "days", $"{name} is listed twice");
            }

            days.Add(day);
        }

        return days;
    }

    private static List<DateOnly> ReadBankHolidays(string file, Dictionary<string, DivisionJson?> feed, string division)
    {
        if (!feed.TryGetValue(division, out var entry) || entry is null)
        {
            throw new RuleFileException(file, division, $"the division \"{division}\" named by {WorkingHoursFile} is not in the file (it has {string.Join(", ", feed.Keys)})");
        }

        if (entry.Events is null)
        {
            throw new RuleFileException(file, division, "the division has no \"events\" list");
        }

        var dates = new List<DateOnly>();
        for (var i = 0; i < entry.Events.Count; i++)
        {
            var item = entry.Events[i];
            var name = $"{division} event {i + 1} ({item?.Title ?? "no title"})";
            if (!DateOnly.TryParseExact(item?.Date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
            {
                throw new RuleFileException(file, name, $"\"{item?.Date}\" is not a date in the form yyyy-MM-dd");
            }

            dates.Add(date);
        }

        return dates;
    }

    private readonly record struct WorkingPeriod(DateOnly Date, DateTime Open, DateTime Close);

    private sealed record WorkingHoursJson(
        string? Description,
        string? TimeZone,
        string? Start,
        string? End,
        List<string?>? Days,
        string? BankHolidays,
        string? Division);

    private sealed record DivisionJson(string? Division, List<EventJson?>? Events);

    private sealed record EventJson(string? Title, string? Date);
}
