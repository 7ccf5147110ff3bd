using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Rules;

namespace Brokerage.Core.Approvals;

/// <summary>
/// When a live unregulated placement is reviewed, within the longest interval of rules/sla.json
/// (unregulatedReview), with its reminder and overdue instants on the working calendar. The
/// broker's proposed date, the first review when the placement is confirmed and each review's
/// next date all go through here.
/// </summary>
public static class ReviewSchedule
{
    /// <summary>
    /// A review date must be after today and no more than the longest interval after the
    /// placement starts, or after today when it has already started.
    /// </summary>
    /// <param name="name">The field, as it reads after "Enter": "the proposed review date".</param>
    /// <param name="start">When the placement starts; today for a review of a live placement.</param>
    public static FieldErrors ReviewDate(this FieldErrors errors, string field, string name, DateOnly? date, DateOnly today, DateOnly start, SlaPolicy sla)
    {
        var from = start > today ? start : today;
        var latest = from.AddDays(sla.Reviews.MaxIntervalDays);
        if (date is null)
        {
            errors.Add(field, FieldRules.Required(name));
        }
        else if (date <= today || date > latest)
        {
            errors.Add(field, $"{FieldRules.Sentence(name)} must be after today and no more than {sla.Reviews.MaxIntervalDays} days after {(from > today ? "the placement starts" : "today")}, by {UkTime.Format(latest)}");
        }

        return errors;
    }

    /// <summary>
    /// The first review of a placement confirmed on this approval: on the date the broker proposed,
    /// but no earlier than the placement starts and never in the past, for a placement confirmed late.
    /// </summary>
    public static void ScheduleFirstReview(this ApprovalRequest approval, DateOnly start, DateOnly today, SlaPolicy sla) =>
        approval.ScheduleReview(new[] { approval.ProposedReviewDate, start, today }.Max(), sla);

    /// <summary>Sets the next review and its reminder and overdue instants; each is sent afresh for the new date.</summary>
    public static void ScheduleReview(this ApprovalRequest approval, DateOnly date, SlaPolicy sla)
    {
        var deadlines = sla.ForReview(date);
        approval.NextReviewDate = date;
        approval.ReviewReminderAt = deadlines.ReminderAt;
        approval.ReviewOverdueAt = deadlines.OverdueAt;
        approval.ReviewReminderSentAt = null;
        approval.ReviewOverdueEscalatedAt = null;
    }

    /// <summary>A closed approval is reviewed no more.</summary>
    public static void EndReviews(this ApprovalRequest approval)
    {
        approval.NextReviewDate = null;
        approval.ReviewReminderAt = null;
        approval.ReviewOverdueAt = null;
    }
}
