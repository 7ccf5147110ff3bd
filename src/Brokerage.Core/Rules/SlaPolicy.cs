using Brokerage.Core.Domain;
using Brokerage.Core.Scheduling;

namespace Brokerage.Core.Rules;

public enum SlaClock
{
    /// <summary>Every hour counts: a child who needs a bed tonight cannot wait for Monday.</summary>
    Clock,

    /// <summary>Only the council's working hours count.</summary>
    Working,
}

public sealed record UrgencySla(SlaClock Clock, double RespondWithinHours, double FirstChaseAfterHours, double SecondChaseAfterHours, double EscalateAfterHours);

public sealed record ReferralDeadlines(DateTime FirstChaseAt, DateTime SecondChaseAt, DateTime RespondBy, DateTime EscalateAt);

public sealed record HoldDeadlines(DateTime WarningAt, DateTime HeldUntil);

/// <param name="MaxIntervalDays">The longest an unregulated placement may go between reviews.</param>
/// <param name="ReminderWorkingDays">How many working days before a review the assistant director is reminded.</param>
public sealed record UnregulatedReviewPolicy(int MaxIntervalDays, int ReminderWorkingDays);

public sealed record ReviewDeadlines(DateTime ReminderAt, DateTime OverdueAt);

/// <summary>rules/sla.json: response windows by urgency and the free hold, on the working-day calendar.</summary>
public sealed class SlaPolicy
{
    public const string File = "sla.json";

    private readonly WorkingCalendar _calendar;

    private SlaPolicy(IReadOnlyDictionary<Urgency, UrgencySla> byUrgency, int holdWorkingDays, int holdWarningWorkingDays, UnregulatedReviewPolicy reviews, WorkingCalendar calendar)
    {
        ByUrgency = byUrgency;
        HoldWorkingDays = holdWorkingDays;
        HoldWarningWorkingDays = holdWarningWorkingDays;
        Reviews = reviews;
        _calendar = calendar;
    }

    public IReadOnlyDictionary<Urgency, UrgencySla> ByUrgency { get; }
    public int HoldWorkingDays { get; }
    public int HoldWarningWorkingDays { get; }
    public UnregulatedReviewPolicy Reviews { get; }

    public ReferralDeadlines ForReferral(Urgency urgency, DateTime sentAtUtc)
    {
        var sla = ByUrgency[urgency];
        return new ReferralDeadlines(
            After(sla, sentAtUtc, sla.FirstChaseAfterHours),
            After(sla, sentAtUtc, sla.SecondChaseAfterHours),
            After(sla, sentAtUtc, sla.RespondWithinHours),
            After(sla, sentAtUtc, sla.EscalateAfterHours));
    }

    public HoldDeadlines ForHold(DateTime fromUtc) => new(
        _calendar.AddWorkingDays(fromUtc, HoldWorkingDays - HoldWarningWorkingDays),
        _calendar.AddWorkingDays(fromUtc, HoldWorkingDays));

    /// <summary>
    /// The reminder goes at opening time the configured number of working days before the review
    /// date; the review is overdue once the working day it falls on (or the next one) closes.
    /// </summary>
    public ReviewDeadlines ForReview(DateOnly reviewDate)
    {
        var reminderDate = reviewDate;
        for (var counted = 0; counted < Reviews.ReminderWorkingDays;)
        {
            reminderDate = reminderDate.AddDays(-1);
            if (_calendar.IsWorkingDay(reminderDate))
            {
                counted++;
            }
        }

        return new ReviewDeadlines(_calendar.OpeningOn(reminderDate), _calendar.EndOfWorkingDay(_calendar.OpeningOn(reviewDate)));
    }

    public static SlaPolicy Read(string text, WorkingCalendar calendar)
    {
        var file = RuleFileJson.Read<SlaFile>(File, text);
        if (file.HoldWorkingDays < 1 || file.HoldWarningWorkingDays < 1 || file.HoldWarningWorkingDays >= file.HoldWorkingDays)
        {
            throw new RuleFileException(File, "holdWarningWorkingDays", "the hold must be at least 1 working day and the warning must come before it lapses");
        }

        if (file.UnregulatedReview.MaxIntervalDays < 1 || file.UnregulatedReview.ReminderWorkingDays < 1)
        {
            throw new RuleFileException(File, "unregulatedReview", "maxIntervalDays and reminderWorkingDays must be at least 1");
        }

        var byUrgency = new Dictionary<Urgency, UrgencySla>();
        foreach (var urgency in Enum.GetValues<Urgency>())
        {
            var name = urgency.ToString();
            if (!file.Urgencies.TryGetValue(name, out var sla))
            {
                throw new RuleFileException(File, name, "response windows for this urgency are missing");
            }

            if (!(sla.FirstChaseAfterHours > 0 && sla.FirstChaseAfterHours < sla.SecondChaseAfterHours && sla.SecondChaseAfterHours < sla.RespondWithinHours && sla.RespondWithinHours <= sla.EscalateAfterHours))
            {
                throw new RuleFileException(File, name, "the windows must run first chase < second chase < respond within <= escalate, all more than 0");
            }

            byUrgency[urgency] = sla;
        }

        if (file.Urgencies.Keys.FirstOrDefault(k => !Enum.GetNames<Urgency>().Contains(k, StringComparer.Ordinal)) is { } unknown)
        {
            throw new RuleFileException(File, unknown, $"\"{unknown}\" is not an urgency ({string.Join(", ", Enum.GetNames<Urgency>())})");
        }

        return new SlaPolicy(byUrgency, file.HoldWorkingDays, file.HoldWarningWorkingDays, file.UnregulatedReview, calendar);
    }

    private DateTime After(UrgencySla sla, DateTime fromUtc, double hours) =>
        sla.Clock == SlaClock.Clock ? fromUtc.AddHours(hours) : _calendar.AddWorkingHours(fromUtc, hours);

    /// <summary>The file as written; the urgencies are keyed by name so that a missing one can be named.</summary>
    private sealed record SlaFile(string Description, int HoldWorkingDays, int HoldWarningWorkingDays, UnregulatedReviewPolicy UnregulatedReview, IReadOnlyDictionary<string, UrgencySla> Urgencies);
}
