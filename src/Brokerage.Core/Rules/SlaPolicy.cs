using Brokerage.Core.Domain;

namespace Brokerage.Core.Rules;

public sealed class SlaPolicy(IReadOnlyDictionary<Urgency, UrgencySla> byUrgency)
{
    public IReadOnlyDictionary<Urgency, UrgencySla> ByUrgency { get; } = byUrgency;

    public DateTime RespondBy(Urgency urgency, DateTime sentAtUtc) =>
        sentAtUtc.AddHours(ByUrgency[urgency].RespondWithinHours);
}

public sealed record UrgencySla(double RespondWithinHours);
