using Brokerage.Core.Domain;

namespace Brokerage.Core.Rules;

/// <summary>rules/urgency.json: bands of notice days, checked in order; the last band has no upper limit.</summary>
public sealed record UrgencyPolicy(string Description, IReadOnlyList<UrgencyBand> Bands)
{
    public const string File = "urgency.json";

    public Urgency Classify(int noticeDays)
    {
        foreach (var band in Bands)
        {
            if (band.MaxNoticeDays is null || noticeDays <= band.MaxNoticeDays)
            {
                return band.Urgency;
            }
        }

        // Read guarantees an open-ended last band, so this is unreachable with loaded rules.
        throw new InvalidOperationException("Urgency bands do not cover " + noticeDays + " days");
    }

    /// <summary>Days of notice are counted in whole calendar days, in UK local time.</summary>
    public static int NoticeDays(DateTime noticeReceivedUtc, DateTime requiredFromUtc)
    {
        var received = DateOnly.FromDateTime(UkTime.ToLocal(noticeReceivedUtc));
        var required = DateOnly.FromDateTime(UkTime.ToLocal(requiredFromUtc));
        return required.DayNumber - received.DayNumber;
    }

    public static UrgencyPolicy Read(string text)
    {
        var policy = RuleFileJson.Read<UrgencyPolicy>(File, text);
        var bands = policy.Bands;
        if (bands.Count == 0 || bands[^1].MaxNoticeDays is not null)
        {
            throw new RuleFileException(File, null, "the last band must have no maxNoticeDays so that every notice period has an urgency");
        }

        for (var i = 0; i < bands.Count; i++)
        {
            var name = bands[i].Urgency.ToString();
            if (bands[i].MaxNoticeDays is < 0)
            {
                throw new RuleFileException(File, name, "maxNoticeDays cannot be negative");
            }

            if (i > 0 && bands[i].MaxNoticeDays is { } max && max <= bands[i - 1].MaxNoticeDays)
            {
                throw new RuleFileException(File, name, "bands must be in increasing order of maxNoticeDays");
            }

            if (i < bands.Count - 1 && bands[i].MaxNoticeDays is null)
            {
                throw new RuleFileException(File, name, "only the last band may be open-ended");
            }
        }

        return policy;
    }
}

/// <param name="MaxNoticeDays">The most days of notice in this band; null (written out) for the open-ended last band.</param>
public sealed record UrgencyBand(Urgency Urgency, int? MaxNoticeDays);
