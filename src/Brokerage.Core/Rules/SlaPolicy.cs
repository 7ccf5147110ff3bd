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
public sealed class SlaPolicy(IReadOnlyDictionary<Urgency, UrgencySla> byUrgency, int holdWorkingDays, int holdWarningWorkingDays, UnregulatedReviewPolicy reviews, WorkingCalendar calendar)
{
    public UnregulatedReviewPolicy Reviews { get; } = reviews;

    public IReadOnlyDictionary<Urgency, UrgencySla> ByUrgency { get; } = byUrgency;
    public int HoldWorkingDays { get; } = holdWorkingDays;
    public int HoldWarningWorkingDays { get; } = holdWarningWorkingDays;

    public ReferralDeadlines ForReferral(Urgency urgency, DateTime sentAtUtc)
    {
        var sla = ByUrgency[urgency];
        return new ReferralDeadlines(
            After(sla, sentAtUtc, sla.FirstChaseAfterHours),
            After(sla, sentAtUtc, sla.SecondChaseAfterHours),
            After(sla, sentAtUtc, sla.RespondWithinHours),
            After(sla, sentAtUtc, sla.EscalateAfterHours));
    }

    public DateTime RespondBy(Urgency urgency, DateTime sentAtUtc) => ForReferral(urgency, sentAtUtc).RespondBy;

    public HoldDeadlines ForHold(DateTime fromUtc) => new(
        calendar.AddWorkingDays(fromUtc, HoldWorkingDays - HoldWarningWorkingDays),
        calendar.AddWorkingDays(fromUtc, HoldWorkingDays));

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
            if (calendar.IsWorkingDay(reminderDate))
            {
                counted++;
            }
        }

        return new ReviewDeadlines(calendar.OpeningOn(reminderDate), calendar.EndOfWorkingDay(calendar.OpeningOn(reviewDate)));
    }

    private DateTime After(UrgencySla sla, DateTime fromUtc, double hours) =>
        sla.Clock == SlaClock.Clock ? fromUtc.AddHours(hours) : calendar.AddWorkingHours(fromUtc, hours);
}
