using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Microsoft.EntityFrameworkCore;
using static Brokerage.Core.Reports.Figures;

namespace Brokerage.Core.Reports;

/// <summary>
/// The placement stability measures the sufficiency strategy (seed 004) is judged on, from the
/// placements Brokerage holds. A placement counts from the child's arrival (one confirmed but not
/// started, or that never started, is no move); its end date is the first day the child was no
/// longer there. Children are told apart by their case reference, so a move (a new request for
/// the same child) continues the same child's history.
/// </summary>
internal sealed class StabilityReports(BrokerageDbContext db, TimeProvider time)
{
    /// <summary>The age under which long-term stability is measured, as the DfE measure does.</summary>
    public const int LongTermStabilityUnderAge = 16;

    private sealed record Stay(int Id, string Child, DateOnly DateOfBirth, string Provider, PlacementType Type, DateOnly Start, DateOnly? End, bool? Planned, EndReason? Reason, bool ShortNotice)
    {
        public bool LivesThereOn(DateOnly day) => Start <= day && (End is null || End > day);

        public bool Overlaps(DateOnly from, DateOnly to) => Start <= to && (End is null || End > from);

        public int Days => End!.Value.DayNumber - Start.DayNumber;
    }

    public async Task<ReportTable> StabilityAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var asAt = AsAt(period);
        var stays = await StaysAsync(cancellationToken);
        var byChild = stays.GroupBy(s => s.Child).Select(g => g.OrderBy(s => s.Start).ThenBy(s => s.Id).ToList()).ToList();

        // 3 or more placements in the 12 months to the day: of the children in a placement that
        // day, those with three or more placements at any time in the year before (the one they
        // were in when the year began counts).
        var yearFrom = asAt.AddYears(-1).AddDays(1);
        var inCare = byChild.Where(c => c.Any(s => s.LivesThereOn(asAt))).ToList();
        var threeOrMore = inCare.Count(c => c.Count(s => s.Overlaps(yearFrom, asAt)) >= 3);

        // Long-term stability: of the children under 16 in care for 2.5 years or more (placements
        // one after another with no gap), those in the same placement for 2 years or more.
        var longTerm = inCare
            .Where(c => c[0].DateOfBirth.AddYears(LongTermStabilityUnderAge) > asAt)
            .Where(c => InCareSince(c, asAt) <= asAt.AddMonths(-30))
            .ToList();
        var stable = longTerm.Count(c => c.Last(s => s.LivesThereOn(asAt)).Start <= asAt.AddYears(-2));

        IReadOnlyList<IReadOnlyList<string>> rows =
        [
            ["3 or more placements in the last 12 months", Count(inCare.Count), CountAndShare(threeOrMore, inCare.Count)],
            ["Long-term stability: in the same placement for 2 years or more", Count(longTerm.Count), CountAndShare(stable, longTerm.Count)],
        ];
        return new ReportTable("stability", "Placement stability", $"As at {UkTime.Format(asAt)}, the end of the period (or today). The first measure counts children in a placement that day and how many had 3 or more placements in the 12 months before; the strategy's baseline was 13.1%, to reduce. The second counts children under 16 who had been in care for 2.5 years or more, and how many had been in the same placement for 2 years or more; the baseline was 68.1%, to increase. Only placements made through Brokerage are counted.",
            ["Measure", "Children", "Meeting it"], rows,
            "Share of children meeting each measure", "%",
            [new ChartBar("3 or more placements", Share(threeOrMore, inCare.Count)), new ChartBar("Same placement 2 years or more", Share(stable, longTerm.Count))]);
    }

    public async Task<ReportTable> EndingsByReasonAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var ended = EndedIn(period, await StaysAsync(cancellationToken));
        var reasons = Enum.GetValues<EndReason>();
        var rows = reasons.Select(reason => EndingsRow(Display.EndReason(reason), ended.Where(s => s.Reason == reason).ToList(), ended.Count))
            .Append(EndingsRow("All endings", ended, ended.Count))
            .ToList();
        var unplanned = ended.Count(s => s.Planned == false);
        return new ReportTable("endings", "Placement endings by reason", $"Placements that ended {period}, by why they ended, with the share of all endings, how many were unplanned and how long the placements lasted on average.",
            ["Reason", "Endings", "Unplanned", "Average length (days)"], rows,
            "Share of unplanned endings, by reason", "%",
            reasons.Select(r => new ChartBar(Display.EndReason(r), Share(ended.Count(s => s.Reason == r && s.Planned == false), unplanned))).ToList());
    }

    public async Task<ReportTable> EndingsByProviderAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var ended = EndedIn(period, await StaysAsync(cancellationToken));
        var providers = ended.GroupBy(s => s.Provider)
            .Select(g => (Provider: g.Key, Endings: g.ToList()))
            // Most unplanned endings first: the providers to talk to about stability.
            .OrderByDescending(p => p.Endings.Count(s => s.Planned == false)).ThenBy(p => p.Provider, StringComparer.Ordinal)
            .ToList();
        var rows = providers.Select(p => (IReadOnlyList<string>)
            [
                p.Provider, Count(p.Endings.Count), CountAndShare(p.Endings.Count(s => s.Planned == false), p.Endings.Count),
                Count(p.Endings.Count(s => s.Reason == EndReason.ProviderNotice)), Count(p.Endings.Count(s => s.ShortNotice)), AverageDays(p.Endings),
            ]).ToList();
        return new ReportTable("endings-by-provider", "Placement endings by provider", $"Placements that ended {period}, by provider: how many were unplanned, how many the provider gave notice on (and of those, how many with less notice than the contract asks), and how long the placements lasted on average.",
            ["Provider", "Endings", "Unplanned", "Provider's notice", "Short notice", "Average length (days)"], rows,
            "Unplanned endings, by provider (the ten with most)", "endings",
            providers.Take(10).Select(p => new ChartBar(p.Provider, p.Endings.Count(s => s.Planned == false))).ToList());
    }

    private static IReadOnlyList<string> EndingsRow(string label, IReadOnlyList<Stay> endings, int all) =>
        [label, CountAndShare(endings.Count, all), CountAndShare(endings.Count(s => s.Planned == false), endings.Count), AverageDays(endings)];

    private static string AverageDays(IReadOnlyList<Stay> endings) => Days(endings.Count == 0 ? null : endings.Average(s => s.Days));

    /// <summary>Endings on a day in the period that has come: an ending still to come has not happened.</summary>
    private List<Stay> EndedIn(ReportPeriod period, IReadOnlyList<Stay> stays)
    {
        var to = AsAt(period);
        return stays.Where(s => s.End is { } end && end >= period.From && end <= to).ToList();
    }

    private DateOnly AsAt(ReportPeriod period)
    {
        var today = UkTime.Today(time);
        return period.To < today ? period.To : today;
    }

    /// <summary>The start of the unbroken run of placements the child is in on the day.</summary>
    private static DateOnly InCareSince(List<Stay> stays, DateOnly asAt)
    {
        var current = stays.FindLastIndex(s => s.LivesThereOn(asAt));
        var since = stays[current].Start;
        // Stays are by start, latest first from here: any that reaches the run so far joins it (a
        // short respite inside a longer stay must not break the run).
        for (var i = current - 1; i >= 0; i--)
        {
            if (stays[i].End is null || stays[i].End >= since)
            {
                since = stays[i].Start < since ? stays[i].Start : since;
            }
        }

        return since;
    }

    private async Task<IReadOnlyList<Stay>> StaysAsync(CancellationToken cancellationToken)
    {
        var placements = await db.Placements.AsNoTracking()
            .Where(p => p.Status == PlacementStatus.Started || p.Status == PlacementStatus.Ended)
            .Select(p => new
            {
                p.Id, p.PlacementRequest.ChildReference, p.PlacementRequest.DateOfBirth, Provider = p.Setting.Provider.Name, p.Setting.Type,
                p.StartDate, p.EndDate, p.EndPlanned, p.EndReason, p.NoticeGivenOn, p.NoticePeriodDays,
            })
            .ToListAsync(cancellationToken);
        return placements.Select(p => new Stay(
            p.Id, p.ChildReference, p.DateOfBirth, p.Provider, p.Type, p.StartDate, p.EndDate, p.EndPlanned, p.EndReason,
            Placement.IsShortNotice(p.EndReason, p.NoticeGivenOn, p.NoticePeriodDays, p.EndDate)))
            .ToList();
    }
}
