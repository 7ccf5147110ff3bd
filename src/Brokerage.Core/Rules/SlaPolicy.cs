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

/// <summary>rules/sla.json: response windows by urgency and the free hold, on the working-day calendar.</summary>
public sealed class SlaPolicy(IReadOnlyDictionary<Urgency, UrgencySla> byUrgency, int holdWorkingDays, int holdWarningWorkingDays, WorkingCalendar calendar)
{
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

    private DateTime After(UrgencySla sla, DateTime fromUtc, double hours) =>
        sla.Clock == SlaClock.Clock ? fromUtc.AddHours(hours) : calendar.AddWorkingHours(fromUtc, hours);
}
