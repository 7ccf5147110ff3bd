using System.Globalization;
using Brokerage.Core.Rules;
using Brokerage.Core.Scheduling;

namespace Brokerage.Core.Tests.Scheduling;

/// <summary>
/// Times are written as London wall-clock times with their offset worked out by hand: +00:00 is
/// GMT, +01:00 is BST (29 March to 25 October 2026). 2026 bank holidays in the shipped file include
/// Good Friday 3 April, Easter Monday 6 April, Spring bank holiday 25 May, Christmas Day Friday
/// 25 December and Boxing Day substituted to Monday 28 December.
/// </summary>
public sealed class WorkingCalendarTests : IDisposable
{
    private static readonly string RealDirectory = Path.Combine(RulesDirectory.Real, "calendar");
    private readonly WorkingCalendar _calendar = WorkingCalendar.Load(RealDirectory);
    private readonly List<RulesCopy> _copies = [];

    [Theory]
    [InlineData("2026-01-16T16:30+00:00", 1, "2026-01-19T09:30+00:00")] // Friday afternoon runs over the weekend
    [InlineData("2026-01-20T10:00+00:00", 3, "2026-01-20T13:00+00:00")] // within one day
    [InlineData("2026-01-16T16:00+00:00", 1, "2026-01-16T17:00+00:00")] // ends exactly at close
    [InlineData("2026-01-19T07:00+00:00", 1, "2026-01-19T10:00+00:00")] // before opening counts from 09:00
    [InlineData("2026-01-17T12:00+00:00", 1, "2026-01-19T10:00+00:00")] // Saturday counts from Monday's opening
    [InlineData("2026-01-19T09:00+00:00", 20, "2026-01-21T13:00+00:00")] // 8 + 8 + 4
    [InlineData("2026-01-20T16:45+00:00", 0.5, "2026-01-21T09:15+00:00")] // part hours
    [InlineData("2026-05-22T16:30+01:00", 1, "2026-05-26T09:30+01:00")] // Spring bank holiday Monday
    [InlineData("2026-04-02T16:00+01:00", 2, "2026-04-07T10:00+01:00")] // Good Friday and Easter Monday
    [InlineData("2026-12-24T16:00+00:00", 2, "2026-12-29T10:00+00:00")] // Christmas Day and substitute Boxing Day
    [InlineData("2026-03-27T16:30+00:00", 1, "2026-03-30T09:30+01:00")] // clocks go forward: 08:30 UTC
    [InlineData("2026-10-23T16:30+01:00", 1, "2026-10-26T09:30+00:00")] // clocks go back: 09:30 UTC
    public void AddWorkingHours_CountsOnlyWorkingTime(string start, double hours, string expected)
    {
        Assert.Equal(Utc(expected), _calendar.AddWorkingHours(Utc(start), hours));
    }

    [Fact]
    public void AddWorkingHours_ClockChangeWeekends_GiveTheExpectedUtcInstants()
    {
        Assert.Equal(new DateTime(2026, 3, 30, 8, 30, 0, DateTimeKind.Utc), _calendar.AddWorkingHours(new DateTime(2026, 3, 27, 16, 30, 0, DateTimeKind.Utc), 1));
        Assert.Equal(new DateTime(2026, 10, 26, 9, 30, 0, DateTimeKind.Utc), _calendar.AddWorkingHours(new DateTime(2026, 10, 23, 15, 30, 0, DateTimeKind.Utc), 1));
    }

    [Fact]
    public void AddWorkingHours_ReturnsUtcKind()
    {
        Assert.Equal(DateTimeKind.Utc, _calendar.AddWorkingHours(Utc("2026-01-16T16:30+00:00"), 1).Kind);
    }

    [Fact]
    public void AddWorkingHours_ZeroFromOutsideHours_IsTheNextOpening()
    {
        Assert.Equal(Utc("2026-01-19T09:00+00:00"), _calendar.AddWorkingHours(Utc("2026-01-17T12:00+00:00"), 0));
    }

    [Theory]
    [InlineData("2026-01-14T14:00+00:00", 3, "2026-01-19T14:00+00:00")] // a 3-day hold from Wednesday ends Monday
    [InlineData("2026-01-15T14:00+00:00", 2, "2026-01-19T14:00+00:00")] // across a weekend
    [InlineData("2026-01-16T18:00+00:00", 1, "2026-01-20T09:00+00:00")] // after close counts from Monday's opening
    [InlineData("2026-01-17T11:00+00:00", 3, "2026-01-22T09:00+00:00")] // Saturday counts from Monday's opening
    [InlineData("2026-01-19T07:30+00:00", 1, "2026-01-20T09:00+00:00")] // before opening counts from that day's opening
    [InlineData("2026-01-17T11:00+00:00", 0, "2026-01-19T09:00+00:00")] // none is the next opening
    [InlineData("2026-01-20T11:00+00:00", 0, "2026-01-20T11:00+00:00")] // none in working time is now
    [InlineData("2026-12-23T16:00+00:00", 3, "2026-12-30T16:00+00:00")] // 24th, then 29th and 30th after Christmas
    [InlineData("2026-05-21T10:00+01:00", 2, "2026-05-26T10:00+01:00")] // Spring bank holiday Monday
    [InlineData("2026-03-27T14:00+00:00", 1, "2026-03-30T14:00+01:00")] // same wall-clock time after clocks go forward
    [InlineData("2026-10-23T14:00+01:00", 1, "2026-10-26T14:00+00:00")] // same wall-clock time after clocks go back
    public void AddWorkingDays_KeepsTheTimeOfDayOnTheNthWorkingDay(string start, int days, string expected)
    {
        Assert.Equal(Utc(expected), _calendar.AddWorkingDays(Utc(start), days));
    }

    [Theory]
    [InlineData("2026-01-20T10:00+00:00", "2026-01-20T17:00+00:00")] // during the day
    [InlineData("2026-01-20T07:00+00:00", "2026-01-20T17:00+00:00")] // before opening: that day
    [InlineData("2026-01-20T17:30+00:00", "2026-01-21T17:00+00:00")] // after close rolls to the next working day
    [InlineData("2026-01-20T17:00+00:00", "2026-01-21T17:00+00:00")] // at close the day is over
    [InlineData("2026-01-16T18:00+00:00", "2026-01-19T17:00+00:00")] // Friday evening rolls to Monday
    [InlineData("2026-04-02T17:30+01:00", "2026-04-07T17:00+01:00")] // over Easter
    [InlineData("2026-06-09T10:00+01:00", "2026-06-09T17:00+01:00")] // summer: 16:00 UTC
    public void EndOfWorkingDay_IsCloseOfTheCurrentOrNextWorkingDay(string at, string expected)
    {
        Assert.Equal(Utc(expected), _calendar.EndOfWorkingDay(Utc(at)));
    }

    [Theory]
    [InlineData("2026-01-16T16:30+00:00", 2, "2026-01-16T17:00+00:00")] // end of day is sooner
    [InlineData("2026-01-20T10:00+00:00", 2, "2026-01-20T12:00+00:00")] // hours are sooner
    [InlineData("2026-01-20T15:00+00:00", 2, "2026-01-20T17:00+00:00")] // both at once
    [InlineData("2026-01-20T07:00+00:00", 2, "2026-01-20T11:00+00:00")] // before opening: from opening
    [InlineData("2026-01-16T18:00+00:00", 4, "2026-01-19T13:00+00:00")] // after close: from the next opening
    [InlineData("2026-01-17T10:00+00:00", 2, "2026-01-19T11:00+00:00")] // weekend: from Monday's opening
    [InlineData("2026-05-22T16:00+01:00", 4, "2026-05-22T17:00+01:00")] // summer: 16:00 UTC
    public void HoursOrEndOfWorkingDay_IsWhicheverIsSooner(string start, double hours, string expected)
    {
        Assert.Equal(Utc(expected), _calendar.HoursOrEndOfWorkingDay(Utc(start), hours));
    }

    [Theory]
    [InlineData("2026-01-20", true)]
    [InlineData("2026-01-17", false)] // Saturday
    [InlineData("2026-01-18", false)] // Sunday
    [InlineData("2026-04-03", false)] // Good Friday
    [InlineData("2026-05-25", false)] // Spring bank holiday
    [InlineData("2026-12-25", false)] // Christmas Day
    [InlineData("2026-12-28", false)] // Boxing Day, substitute
    [InlineData("2026-12-29", true)]
    public void IsWorkingDay_ExcludesWeekendsAndBankHolidays(string date, bool expected)
    {
        Assert.Equal(expected, _calendar.IsWorkingDay(DateOnly.ParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("2026-01-20T09:00+00:00", true)]
    [InlineData("2026-01-20T16:59+00:00", true)]
    [InlineData("2026-01-20T17:00+00:00", false)]
    [InlineData("2026-01-20T08:59+00:00", false)]
    [InlineData("2026-06-09T09:30+01:00", true)] // 08:30 UTC
    [InlineData("2026-06-09T17:30+01:00", false)] // 16:30 UTC
    [InlineData("2026-05-25T12:00+01:00", false)] // bank holiday
    public void IsWorkingTime_IsFromOpeningUpToClose(string at, bool expected)
    {
        Assert.Equal(expected, _calendar.IsWorkingTime(Utc(at)));
    }

    [Fact]
    public void Calculations_RejectATimeThatIsNotUtc()
    {
        var local = new DateTime(2026, 1, 20, 10, 0, 0, DateTimeKind.Unspecified);

        Assert.Throws<ArgumentException>(() => _calendar.AddWorkingHours(local, 1));
    }

    [Fact]
    public void Load_TheShippedCalendar_ReadsHoursDaysAndBankHolidays()
    {
        Assert.Equal(new TimeOnly(9, 0), _calendar.Opens);
        Assert.Equal(new TimeOnly(17, 0), _calendar.Closes);
        Assert.Equal([DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday], _calendar.WorkingDays.Order());
        Assert.Contains(new DateOnly(2026, 12, 28), _calendar.BankHolidays);
        Assert.Equal(new DateOnly(2028, 12, 26), _calendar.BankHolidaysKnownUntil);
    }

    [Theory]
    [InlineData("\"england-and-wales\"", "\"scotland\"", "bank-holidays.json", "scotland", "scotland")]
    [InlineData("\"start\": \"09:00\"", "\"start\": \"18:00\"", WorkingCalendar.WorkingHoursFile, "end", "must end after it starts")]
    [InlineData("\"start\": \"09:00\"", "\"start\": \"9am\"", WorkingCalendar.WorkingHoursFile, "start", "9am")]
    [InlineData("\"Europe/London\"", "\"Europe/Londres\"", WorkingCalendar.WorkingHoursFile, "timeZone", "Europe/Londres")]
    [InlineData("\"Tuesday\"", "\"Tuesdy\"", WorkingCalendar.WorkingHoursFile, "days", "Tuesdy")]
    [InlineData("\"days\": [\"Monday\", \"Tuesday\", \"Wednesday\", \"Thursday\", \"Friday\"]", "\"days\": []", WorkingCalendar.WorkingHoursFile, "days", "at least one")]
    [InlineData("\"bank-holidays.json\"", "\"holidays.json\"", "holidays.json", null, "missing")]
    public void Load_WithAnUnusableWorkingHoursSetting_NamesTheFileItemAndReason(string find, string replace, string file, string? item, string reason)
    {
        var directory = CopyCalendar();
        Edit(Path.Combine(directory, WorkingCalendar.WorkingHoursFile), find, replace);

        var error = Assert.Throws<RuleFileException>(() => WorkingCalendar.Load(directory));

        Assert.Equal(file, error.File);
        Assert.Equal(item, error.Rule);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithAMisspeltSetting_IsRejected()
    {
        var directory = CopyCalendar();
        Edit(Path.Combine(directory, WorkingCalendar.WorkingHoursFile), "\"division\"", "\"divison\"");

        var error = Assert.Throws<RuleFileException>(() => WorkingCalendar.Load(directory));

        Assert.Equal(WorkingCalendar.WorkingHoursFile, error.File);
        Assert.Contains("divison", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithABankHolidayDateThatDoesNotParse_NamesTheEvent()
    {
        var directory = CopyCalendar();
        Edit(Path.Combine(directory, "bank-holidays.json"), "\"2026-12-28\"", "\"2026-12-32\"");

        var error = Assert.Throws<RuleFileException>(() => WorkingCalendar.Load(directory));

        Assert.Equal("bank-holidays.json", error.File);
        Assert.Contains("Boxing Day", error.Rule, StringComparison.Ordinal);
        Assert.Contains("2026-12-32", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_WithOpeningAfterClosing_Throws()
    {
        Assert.Throws<ArgumentException>(() => new WorkingCalendar(TimeZoneInfo.FindSystemTimeZoneById("Europe/London"), new TimeOnly(17, 0), new TimeOnly(9, 0), [DayOfWeek.Monday], []));
    }

    [Fact]
    public void Opening_InTheHourTheClocksSkip_IsReadAsThatFarPastTheJump()
    {
        // 01:30 on Sunday 29 March 2026 never shows on a London clock: 01:00 GMT becomes 02:00 BST.
        var calendar = new WorkingCalendar(TimeZoneInfo.FindSystemTimeZoneById("Europe/London"), new TimeOnly(1, 30), new TimeOnly(4, 0), [DayOfWeek.Sunday], []);

        Assert.Equal(new DateTime(2026, 3, 29, 1, 30, 0, DateTimeKind.Utc), calendar.AddWorkingHours(new DateTime(2026, 3, 28, 12, 0, 0, DateTimeKind.Utc), 0));
        Assert.Equal(new DateTime(2026, 3, 29, 3, 0, 0, DateTimeKind.Utc), calendar.EndOfWorkingDay(new DateTime(2026, 3, 28, 12, 0, 0, DateTimeKind.Utc)));
    }

    public void Dispose()
    {
        foreach (var copy in _copies)
        {
            copy.Dispose();
        }
    }

    private static DateTime Utc(string londonWithOffset) =>
        DateTimeOffset.ParseExact(londonWithOffset, "yyyy-MM-dd'T'HH:mmzzz", CultureInfo.InvariantCulture).UtcDateTime;

    private static void Edit(string path, string find, string replace)
    {
        var text = File.ReadAllText(path);
        Assert.Contains(find, text, StringComparison.Ordinal);
        File.WriteAllText(path, text.Replace(find, replace, StringComparison.Ordinal));
    }

    private string CopyCalendar()
    {
        var copy = RulesDirectory.Copy();
        _copies.Add(copy);
        return Path.Combine(copy.Path, "calendar");
    }
}
