using Brokerage.Core.Domain;

namespace Brokerage.Core.Rules;

/// <summary>Bands of notice days, checked in order; the last band has no upper limit.</summary>
public sealed class UrgencyPolicy
{
    public UrgencyPolicy(IReadOnlyList<UrgencyBand> bands) => Bands = bands;

    public IReadOnlyList<UrgencyBand> Bands { get; }

    public Urgency Classify(int noticeDays)
    {
        foreach (var band in Bands)
        {
            if (band.MaxNoticeDays is null || noticeDays <= band.MaxNoticeDays)
            {
                return band.Urgency;
            }
        }

        // Validation guarantees an open-ended last band, so this is unreachable with loaded rules.
        throw new InvalidOperationException("Urgency bands do not cover " + noticeDays + " days");
    }

    /// <summary>Days of notice are counted in whole calendar days, in UK local time.</summary>
    public static int NoticeDays(DateTime noticeReceivedUtc, DateTime requiredFromUtc)
    {
        var received = DateOnly.FromDateTime(UkTime.ToLocal(noticeReceivedUtc));
        var required = DateOnly.FromDateTime(UkTime.ToLocal(requiredFromUtc));
        return required.DayNumber - received.DayNumber;
    }
}

public sealed record UrgencyBand(Urgency Urgency, int? MaxNoticeDays);
