using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Requests;
using Microsoft.EntityFrameworkCore;
using static Brokerage.Core.Reports.Figures;

namespace Brokerage.Core.Reports;

/// <summary>
/// The sufficiency and timeliness reports, computed from live data for a period. Counting and
/// grouping happen in the database; only medians are taken in memory, from one number per row.
/// </summary>
public sealed class SufficiencyReports(BrokerageDbContext db, TimeProvider time)
{
    public static readonly IReadOnlyList<(string Key, string Title)> All =
    [
        ("urgency", "Placement requests by urgency"),
        ("type-secured", "Placement type preferred and secured"),
        ("framework", "Framework and non-framework placements"),
        ("distance", "Children placed out of county or 20 miles or more from home"),
        ("unregulated", "Unregulated and unregistered placements"),
        ("utilisation", "Utilisation of in-house and block-contract places"),
        ("providers", "Providers: referrals, responses and placements"),
        ("timeliness", "Timeliness scorecard"),
        ("stability", "Placement stability"),
        ("endings", "Placement endings by reason"),
        ("endings-by-provider", "Placement endings by provider"),
    ];

    private StabilityReports Stability => new(db, time);

    /// <summary>Children this age or older on the day notice came in count as "older children".</summary>
    public const int OlderChildAge = 10;

    public async Task<ReportTable?> BuildAsync(string key, ReportPeriod period, CancellationToken cancellationToken = default) => key switch
    {
        "urgency" => await UrgencyAsync(period, cancellationToken),
        "type-secured" => await TypeSecuredAsync(period, cancellationToken),
        "framework" => await FrameworkAsync(period, cancellationToken),
        "distance" => await DistanceAsync(period, cancellationToken),
        "unregulated" => await UnregulatedAsync(period, cancellationToken),
        "utilisation" => await UtilisationAsync(period, cancellationToken),
        "providers" => await ProvidersAsync(period, cancellationToken),
        "timeliness" => await TimelinessAsync(period, cancellationToken),
        "stability" => await Stability.StabilityAsync(period, cancellationToken),
        "endings" => await Stability.EndingsByReasonAsync(period, cancellationToken),
        "endings-by-provider" => await Stability.EndingsByProviderAsync(period, cancellationToken),
        _ => null,
    };

    public async Task<IReadOnlyList<ReportTable>> BuildAllAsync(ReportPeriod period, CancellationToken cancellationToken = default)
    {
        var reports = new List<ReportTable>();
        foreach (var (key, _) in All)
        {
            reports.Add((await BuildAsync(key, period, cancellationToken))!);
        }

        return reports;
    }

    public ReportPeriod DefaultPeriod()
    {
        var today = UkTime.Today(time);
        return new ReportPeriod(today.AddYears(-3).AddDays(1), today);
    }

    /// <summary>Placements confirmed in the period; one that never started secured nothing.</summary>
    private IQueryable<Placement> PlacementsIn(ReportPeriod period) =>
        db.Placements.AsNoTracking().Where(p => p.ConfirmedAt >= period.FromUtc && p.ConfirmedAt < period.ToUtcExclusive && p.Status != PlacementStatus.DidNotStart);

    private async Task<ReportTable> UrgencyAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var counts = await db.PlacementRequests.AsNoTracking()
            .Where(r => r.NoticeReceivedAt >= period.FromUtc && r.NoticeReceivedAt < period.ToUtcExclusive)
            .GroupBy(r => new { r.NoticeReceivedAt.Year, r.Urgency })
            .Select(g => new { g.Key.Year, g.Key.Urgency, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var urgencies = Enum.GetValues<Urgency>();
        var rows = counts.Select(c => c.Year).Distinct().Order()
            .Select(year =>
            {
                var total = counts.Where(c => c.Year == year).Sum(c => c.Count);
                return (IReadOnlyList<string>)[year.ToString(System.Globalization.CultureInfo.InvariantCulture), .. urgencies.Select(u => CountAndShare(counts.Where(c => c.Year == year && c.Urgency == u).Sum(c => c.Count), total)), Count(total)];
            })
            .ToList();
        var all = counts.Sum(c => c.Count);
        return new ReportTable("urgency", "Placement requests by urgency", $"Requests by the urgency their notice gave them, by the year notice came in, {period}. Crisis is same day, emergency 1 to 3 days, short notice 4 to 13, planned 14 or more.",
            ["Year", .. urgencies.Select(Display.Urgency), "Total"], rows,
            "Share of all requests in the period", "%", urgencies.Select(u => new ChartBar(Display.Urgency(u), Share(counts.Where(c => c.Urgency == u).Sum(c => c.Count), all))).ToList());
    }

    private async Task<ReportTable> TypeSecuredAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var counts = await PlacementsIn(period)
            .GroupBy(p => new { Requested = p.PlacementRequest.PlacementType, Secured = p.Setting.Type })
            .Select(g => new { g.Key.Requested, g.Key.Secured, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var types = Enum.GetValues<PlacementType>();
        var rows = types.Select(requested =>
        {
            var total = counts.Where(c => c.Requested == requested).Sum(c => c.Count);
            return (IReadOnlyList<string>)[Display.PlacementType(requested), .. types.Select(secured => CountAndShare(counts.Where(c => c.Requested == requested && c.Secured == secured).Sum(c => c.Count), total)), Count(total)];
        }).ToList();
        return new ReportTable("type-secured", "Placement type preferred and secured", $"Placements confirmed {period}: the type of placement the child's plan preferred (rows) against the type found (columns). A type other than the preferred one is secured only where the plan found it suitable.",
            ["Preferred", .. types.Select(t => "Secured: " + Display.PlacementType(t)), "Total"], rows,
            "Placements secured as the type preferred", "%",
            types.Select(t => new ChartBar(Display.PlacementType(t), Share(counts.Where(c => c.Requested == t && c.Secured == t).Sum(c => c.Count), counts.Where(c => c.Requested == t).Sum(c => c.Count)))).ToList());
    }

    private async Task<ReportTable> FrameworkAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var counts = await PlacementsIn(period)
            .GroupBy(p => new { p.Setting.Type, p.Contract })
            .Select(g => new { g.Key.Type, g.Key.Contract, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var types = Enum.GetValues<PlacementType>();
        var rows = types.Select(type =>
        {
            var total = counts.Where(c => c.Type == type).Sum(c => c.Count);
            var framework = counts.Where(c => c.Type == type && c.Contract == ContractArrangement.Framework).Sum(c => c.Count);
            return (IReadOnlyList<string>)[Display.PlacementType(type), CountAndShare(framework, total), CountAndShare(total - framework, total), Count(total)];
        }).ToList();
        return new ReportTable("framework", "Framework and non-framework placements", $"Placements confirmed {period} by the type of provision, on a framework contract or not (in-house, block or spot).",
            ["Provision", "Framework", "Not framework", "Total"], rows,
            "Placements on a framework contract", "%",
            types.Select(t => new ChartBar(Display.PlacementType(t), Share(counts.Where(c => c.Type == t && c.Contract == ContractArrangement.Framework).Sum(c => c.Count), counts.Where(c => c.Type == t).Sum(c => c.Count)))).ToList());
    }

    private async Task<ReportTable> DistanceAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var counts = await PlacementsIn(period)
            .GroupBy(p => p.ConfirmedAt!.Value.Year)
            .Select(g => new { Year = g.Key, Total = g.Count(), OutOfCounty = g.Count(p => p.OutOfCounty), Far = g.Count(p => p.DistanceMiles >= 20), Either = g.Count(p => p.OutOfCounty || p.DistanceMiles >= 20) })
            .OrderBy(c => c.Year)
            .ToListAsync(cancellationToken);
        var rows = counts.Select(c => (IReadOnlyList<string>)[c.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), CountAndShare(c.OutOfCounty, c.Total), CountAndShare(c.Far, c.Total), CountAndShare(c.Either, c.Total), Count(c.Total)]).ToList();
        return new ReportTable("distance", "Children placed out of county or 20 miles or more from home", $"Placements confirmed {period}, by year. Distance is measured from the centre of the child's home area.",
            ["Year", "Out of county", "20 miles or more", "Either", "Placements"], rows,
            "Placed out of county or 20+ miles away, by year", "%", counts.Select(c => new ChartBar(c.Year.ToString(System.Globalization.CultureInfo.InvariantCulture), Share(c.Either, c.Total))).ToList());
    }

    private async Task<ReportTable> UnregulatedAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var placements = await PlacementsIn(period)
            .Where(p => p.ApprovalRequestId != null)
            .Select(p => new { p.PlacementRequest.DateOfBirth, p.StartDate, p.ApprovalRequest!.RegistrationAppliedOn, p.ApprovalRequest.RegistrationExpectedBy, p.ApprovalRequest.Status, p.ApprovalRequest.Route })
            .ToListAsync(cancellationToken);
        var today = UkTime.Today(time);
        var bands = new[] { ("Under 16", 0, 15), ("16 or 17", 16, 17) };
        var rows = bands.Select(band =>
        {
            var inBand = placements.Where(p => AgeOn(p.DateOfBirth, p.StartDate) is var age && age >= band.Item2 && age <= band.Item3).ToList();
            return (IReadOnlyList<string>)
            [
                band.Item1, Count(inBand.Count),
                CountAndShare(inBand.Count(p => p.RegistrationAppliedOn is not null), inBand.Count),
                CountAndShare(inBand.Count(p => p.RegistrationExpectedBy is { } by && by < today), inBand.Count),
                CountAndShare(inBand.Count(p => p.Status is ApprovalStatus.Approved or ApprovalStatus.ApprovedWithConditions), inBand.Count),
            ];
        }).ToList();
        return new ReportTable("unregulated", "Unregulated and unregistered placements", $"Placements confirmed {period} in unregulated or unregistered provision on an assistant director's approval, by the child's age when the placement started, with the provider's progress to Ofsted registration.",
            ["Age when placed", "Placements", "Provider has applied to Ofsted", "Registration date passed", "Still live"], rows,
            "Placements by age band", "placements",
            bands.Select(b => new ChartBar(b.Item1, placements.Count(p => AgeOn(p.DateOfBirth, p.StartDate) is var age && age >= b.Item2 && age <= b.Item3))).ToList());
    }

    private async Task<ReportTable> UtilisationAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var contracts = new[] { ContractArrangement.InHouse, ContractArrangement.BlockContract };
        var today = UkTime.Today(time);
        var settings = await db.Settings.AsNoTracking()
            .Where(s => contracts.Contains(s.Contract))
            .Select(s => new
            {
                s.Contract,
                s.Type,
                s.Places,
                s.PlacesFilled,
                Unavailable = s.Unavailability.Where(u => u.From <= today && u.Until >= today).Sum(u => (int?)u.Places) ?? 0,
            })
            .ToListAsync(cancellationToken);
        // Out-of-use places are counted only up to the places left once the filled ones are taken.
        var places = settings
            .GroupBy(s => new { s.Contract, s.Type })
            .Select(g => new
            {
                g.Key.Contract,
                g.Key.Type,
                Settings = g.Count(),
                Places = g.Sum(s => s.Places),
                Filled = g.Sum(s => Math.Min(s.PlacesFilled, s.Places)),
                Unavailable = g.Sum(s => Math.Min(s.Unavailable, Math.Max(0, s.Places - s.PlacesFilled))),
            })
            .ToList();
        var made = await PlacementsIn(period).Where(p => contracts.Contains(p.Contract))
            .GroupBy(p => new { p.Contract, p.Setting.Type })
            .Select(g => new { g.Key.Contract, g.Key.Type, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var ordered = places.OrderBy(p => p.Contract).ThenBy(p => p.Type).ToList();
        var rows = ordered.Select(p => (IReadOnlyList<string>)
        [
            $"{Display.Contract(p.Contract)}: {Display.PlacementType(p.Type)}", Count(p.Settings), Count(p.Places), Count(p.Filled), Percent(p.Filled, p.Places),
            Count(p.Unavailable), Percent(p.Unavailable, p.Places), Count(p.Places - p.Filled - p.Unavailable),
            Count(made.Where(m => m.Contract == p.Contract && m.Type == p.Type).Sum(m => m.Count)),
        ]).ToList();
        return new ReportTable("utilisation", "Utilisation of in-house and block-contract places", $"Places the council has already paid for or runs itself: how many are filled today, how many are out of use today (a carer's respite, staffing, a child about to move in) and how many are free, and placements made into them {period}. An empty block place is money spent without a child in it.",
            ["Places", "Settings", "Places", "Filled today", "Utilisation", "Out of use today", "Out of use", "Free today", "Placements made in the period"], rows,
            "Places filled today", "%", ordered.Select(p => new ChartBar($"{Display.Contract(p.Contract)}: {Display.PlacementType(p.Type)}", Share(p.Filled, p.Places))).ToList());
    }

    private async Task<ReportTable> ProvidersAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var referrals = db.Referrals.AsNoTracking().Where(r => r.SentAt >= period.FromUtc && r.SentAt < period.ToUtcExclusive && r.Origin == ReferralOrigin.Referral);
        // One pass over the period's referrals, by provider and decline reason. Offers are found
        // with one uncorrelated IN (SQLite builds it once): counted through the Offer navigation,
        // EF runs a correlated subquery over the whole period for every provider.
        var offered = db.Offers.Select(o => o.ReferralId);
        var tallies = await referrals
            .Select(r => new { r.ProviderId, r.DeclineReason, r.RespondedAt, r.RespondBy, HasOffer = offered.Contains(r.Id) })
            .GroupBy(r => new { r.ProviderId, r.DeclineReason })
            .Select(g => new
            {
                g.Key.ProviderId,
                g.Key.DeclineReason,
                Received = g.Count(),
                AnsweredInTime = g.Count(r => r.RespondedAt != null && r.RespondedAt <= r.RespondBy),
                Offers = g.Count(r => r.HasOffer),
            })
            .ToListAsync(cancellationToken);
        var counts = tallies.GroupBy(t => t.ProviderId)
            .Select(g => new { ProviderId = g.Key, Received = g.Sum(t => t.Received), AnsweredInTime = g.Sum(t => t.AnsweredInTime), Offers = g.Sum(t => t.Offers) })
            .ToList();
        var declines = tallies.Where(t => t.DeclineReason != null).Select(t => new { t.ProviderId, Reason = t.DeclineReason!.Value, Count = t.Received }).ToList();
        // The median needs every answer's time, but not a row each: the database works out each
        // answer's whole milliseconds (SQLite keeps no finer) and hands them over as one list per
        // provider. Reading two instants a row for hundreds of thousands of rows cost more than
        // the rest of the report together.
        var answered = await referrals.Where(r => r.RespondedAt != null)
            .GroupBy(r => r.ProviderId)
            .Select(g => new
            {
                ProviderId = g.Key,
                Milliseconds = string.Join(",", g.Select(r => ((long)Math.Round((BrokerageDbContext.JulianDay(r.RespondedAt!.Value) - BrokerageDbContext.JulianDay(r.SentAt)) * 86_400_000)).ToString())),
            })
            .ToListAsync(cancellationToken);
        var hours = answered.ToDictionary(a => a.ProviderId, a => Median(a.Milliseconds.Split(',').Select(ms => long.Parse(ms, System.Globalization.CultureInfo.InvariantCulture) / 3_600_000.0).ToList()));
        var placed = await PlacementsIn(period).GroupBy(p => p.Setting.ProviderId).Select(g => new { ProviderId = g.Key, Count = g.Count() }).ToListAsync(cancellationToken);
        var ids = counts.Select(c => c.ProviderId).Union(placed.Select(p => p.ProviderId)).ToList();
        var names = await db.Providers.AsNoTracking().Where(p => ids.Contains(p.Id)).ToDictionaryAsync(p => p.Id, p => p.Name, cancellationToken);
        var rows = ids
            .Select(id => (Id: id, Counts: counts.FirstOrDefault(c => c.ProviderId == id)))
            .OrderByDescending(x => x.Counts?.Received ?? 0).ThenBy(x => names[x.Id])
            .Select(x =>
            {
                var received = x.Counts?.Received ?? 0;
                var reasons = declines.Where(d => d.ProviderId == x.Id).OrderByDescending(d => d.Count).Select(d => $"{Display.DeclineReason(d.Reason)} {d.Count}");
                return (IReadOnlyList<string>)
                [
                    names[x.Id], Count(received), Percent(x.Counts?.AnsweredInTime ?? 0, received), Days(hours.GetValueOrDefault(x.Id)),
                    Count(x.Counts?.Offers ?? 0), Count(declines.Where(d => d.ProviderId == x.Id).Sum(d => d.Count)), string.Join("; ", reasons),
                    Count(placed.FirstOrDefault(p => p.ProviderId == x.Id)?.Count ?? 0),
                ];
            })
            .ToList();
        return new ReportTable("providers", "Providers: referrals, responses and placements", $"Referrals sent {period} and what each provider did with them; placements confirmed in the same period. Response rate counts answers given by the respond-by time.",
            ["Provider", "Referrals received", "Answered in time", "Median hours to answer", "Offers", "Declines", "Declines by reason", "Placements made"], rows,
            "Referrals answered in time (busiest 10 providers)", "%",
            counts.OrderByDescending(c => c.Received).Take(10).Select(c => new ChartBar(names[c.ProviderId], Share(c.AnsweredInTime, c.Received))).ToList());
    }

    private async Task<ReportTable> TimelinessAsync(ReportPeriod period, CancellationToken cancellationToken)
    {
        var placed = await PlacementsIn(period)
            .Select(p => new
            {
                p.PlacementRequest.Urgency,
                p.PlacementRequest.Team,
                p.PlacementRequest.DateOfBirth,
                p.PlacementRequest.Needs,
                p.PlacementRequest.Ethnicity,
                p.PlacementRequest.NoticeReceivedAt,
                ConfirmedAt = p.ConfirmedAt!.Value,
            })
            .ToListAsync(cancellationToken);
        var days = placed.Select(p => new
        {
            p.Urgency,
            p.Team,
            Older = AgeOn(p.DateOfBirth, DateOnly.FromDateTime(UkTime.ToLocal(p.NoticeReceivedAt))) >= OlderChildAge,
            Siblings = p.Needs.HasFlag(Needs.SiblingGroup),
            Disabled = p.Needs.HasFlag(Needs.ComplexDisability),
            Minority = Ethnicities.IsBlackOrMinorityEthnic(p.Ethnicity),
            Days = (p.ConfirmedAt - p.NoticeReceivedAt).TotalDays,
        }).ToList();

        IReadOnlyList<string> Row(string group, IEnumerable<double> values)
        {
            var list = values.ToList();
            return [group, Count(list.Count), Days(Median(list)), Days(list.Count == 0 ? null : list.Average())];
        }

        var rows = new List<IReadOnlyList<string>>();
        rows.AddRange(Enum.GetValues<Urgency>().Select(u => Row("Urgency: " + Display.Urgency(u), days.Where(d => d.Urgency == u).Select(d => d.Days))));
        rows.AddRange(days.Select(d => d.Team).Distinct().Order().Select(t => Row("Team: " + t, days.Where(d => d.Team == t).Select(d => d.Days))));
        var cohorts = new (string Name, Func<bool, bool, bool, bool, bool> In)[]
        {
            ($"Older children ({OlderChildAge}+)", (older, _, _, _) => older),
            ("Sibling groups", (_, siblings, _, _) => siblings),
            ("Disabled children", (_, _, disabled, _) => disabled),
            ("Black and minority ethnic children", (_, _, _, minority) => minority),
        };
        var chart = new List<ChartBar>();
        foreach (var cohort in cohorts)
        {
            var inCohort = days.Where(d => cohort.In(d.Older, d.Siblings, d.Disabled, d.Minority)).Select(d => d.Days).ToList();
            var rest = days.Where(d => !cohort.In(d.Older, d.Siblings, d.Disabled, d.Minority)).Select(d => d.Days).ToList();
            rows.Add(Row(cohort.Name, inCohort));
            rows.Add(Row("All other children", rest));
            chart.Add(new ChartBar(cohort.Name, Median(inCohort) ?? 0));
        }

        chart.Add(new ChartBar("All children", Median(days.Select(d => d.Days).ToList()) ?? 0));
        return new ReportTable("timeliness", "Timeliness scorecard", $"Days from notice to a confirmed placement, for placements confirmed {period}: by urgency, by the social work team that asked, and for children who wait longer against everyone else.",
            ["Group", "Placements", "Median days", "Mean days"], rows, "Median days to a placement", "days", chart);
    }

    private static int AgeOn(DateOnly dateOfBirth, DateOnly date)
    {
        var age = date.Year - dateOfBirth.Year;
        return dateOfBirth.AddYears(age) > date ? age - 1 : age;
    }
}
