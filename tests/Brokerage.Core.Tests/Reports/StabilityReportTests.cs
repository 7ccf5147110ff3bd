using Brokerage.Core.Domain;
using Brokerage.Core.Reports;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Core.Tests.Reports;

/// <summary>
/// The stability measures against placements worked out by hand, as at 31 March 2026 (the end of
/// the period; today is later). The year before runs from 1 April 2025.
/// Child A (10): P1 10 Jan–1 May 2025, ended on the provider's notice given 20 April (28 days due:
///   short notice), 111 days; P2 1 May–15 Sep 2025 broke down, 137 days; P3 from 15 Sep 2025.
///   Three placements in the year: counts in "3 or more".
/// Child B (12): one placement since 1 Jan 2023: in care 2.5 years or more, same placement 2 years or more.
/// Child C (14): P1 1 Jun 2023–1 Feb 2025 (planned; ended before the period), P2 since 1 Feb 2025:
///   in care 2.5 years or more, but not in the same placement for 2.
/// Child D (17): since 1 Jan 2022, ending 1 Jun 2026 (still to come): in care, but too old for long-term stability.
/// Child E (8): 1 Jun 2025–10 Jan 2026, returned home (planned), 223 days: not in care on the day.
/// Child F: starts after the day. Child G: confirmed, never arrived. Neither counts.
/// Child H (12): 1 Jan 2023–20 Mar 2025 with a respite stay 10–20 Jan 2024 inside it, then since
///   20 Mar 2025: in care 2.5 years or more without a gap (the respite does not break the run),
///   not in the same placement for 2; only one placement in the year.
/// </summary>
public sealed class StabilityReportTests : IDisposable
{
    private static readonly DateOnly AsAt = new(2026, 3, 31);
    private static readonly ReportPeriod Year = new(new DateOnly(2025, 4, 1), AsAt);
    private readonly SqliteDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
    private Provider _one = null!;
    private Provider _two = null!;

    public StabilityReportTests() => Seed();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Stability_CountsChildrenWithThreeOrMorePlacementsInTheYear_AndThoseUnder16InTheSamePlacementForTwoYears()
    {
        var report = await BuildAsync("stability");

        // In care on the day: A, B, C, D and H; A had three placements in the year.
        Assert.Equal(["3 or more placements in the last 12 months", "5", "1 (20.0%)"], report.Rows[0]);
        // Under 16 and in care 2.5 years or more: B, C and H; only B has been in the same placement 2 years.
        Assert.Equal(["Long-term stability: in the same placement for 2 years or more", "3", "1 (33.3%)"], report.Rows[1]);
        Assert.Equal([20.0, 33.3], report.Chart.Select(b => b.Value));
    }

    [Fact]
    public async Task EndingsByReason_CountsEndingsInThePeriod_WithUnplannedAndAverageLength()
    {
        var report = await BuildAsync("endings");

        Assert.Equal(["The provider gave notice", "1 (33.3%)", "1 (100.0%)", "111.0"], Row(report, "The provider gave notice"));
        Assert.Equal(["The placement broke down", "1 (33.3%)", "1 (100.0%)", "137.0"], Row(report, "The placement broke down"));
        Assert.Equal(["The child returned home", "1 (33.3%)", "0 (0.0%)", "223.0"], Row(report, "The child returned home"));
        // C's planned ending on 1 February 2025 was before the period; D's on 1 June 2026 is still to come.
        Assert.Equal(["The child's needs changed", "0 (0.0%)", "0 (0.0%)", "–"], Row(report, "The child's needs changed"));
        Assert.Equal(["All endings", "3 (100.0%)", "2 (66.7%)", "157.0"], report.Rows[^1]);
    }

    [Fact]
    public async Task EndingsByProvider_ShowsUnplannedEndingsNoticesAndShortNotice_MostUnplannedFirst()
    {
        var report = await BuildAsync("endings-by-provider");

        Assert.Equal(2, report.Rows.Count);
        Assert.Equal(["Provider one", "2", "1 (50.0%)", "1", "1", "167.0"], report.Rows[0]);
        Assert.Equal(["Provider two", "1", "1 (100.0%)", "0", "0", "137.0"], report.Rows[1]);
    }

    private static IReadOnlyList<string> Row(ReportTable report, string label) => report.Rows.Single(r => r[0] == label);

    private async Task<ReportTable> BuildAsync(string key)
    {
        await using var db = _database.CreateContext();
        return (await new SufficiencyReports(db, _time).BuildAsync(key, Year))!;
    }

    private void Seed()
    {
        using var db = _database.CreateContext();
        _one = new Provider { Name = "Provider one", ReferralEmail = "one@example.test", EscalationEmail = "one.manager@example.test", ResponseRate = 0.9 };
        _two = new Provider { Name = "Provider two", ReferralEmail = "two@example.test", EscalationEmail = "two.manager@example.test", ResponseRate = 0.5 };
        var home = Setting(_one, "Home one");
        var carers = Setting(_two, "Carers two");
        db.Providers.AddRange(_one, _two);
        db.SaveChanges();

        var a1 = Stay(db, "A", 10, home, new(2025, 1, 10), new(2025, 5, 1), planned: false, EndReason.ProviderNotice);
        a1.NoticeGivenOn = new DateOnly(2025, 4, 20);
        a1.NoticePeriodDays = 28;
        Stay(db, "A", 10, carers, new(2025, 5, 1), new(2025, 9, 15), planned: false, EndReason.Breakdown);
        Stay(db, "A", 10, home, new(2025, 9, 15));
        Stay(db, "B", 12, carers, new(2023, 1, 1));
        Stay(db, "C", 14, home, new(2023, 6, 1), new(2025, 2, 1), planned: true, EndReason.NeedsChanged);
        Stay(db, "C", 14, home, new(2025, 2, 1));
        Stay(db, "D", 17, home, new(2022, 1, 1), new(2026, 6, 1), planned: true, EndReason.LeftCare).Status = PlacementStatus.Started;
        Stay(db, "E", 8, home, new(2025, 6, 1), new(2026, 1, 10), planned: true, EndReason.ReturnedHome);
        Stay(db, "F", 9, home, new(2026, 4, 10));
        Stay(db, "G", 9, home, new(2025, 12, 1)).Status = PlacementStatus.Confirmed;
        Stay(db, "H", 12, carers, new(2023, 1, 1), new(2025, 3, 20), planned: true, EndReason.NeedsChanged);
        Stay(db, "H", 12, home, new(2024, 1, 10), new(2024, 1, 20), planned: true, EndReason.Other);
        Stay(db, "H", 12, home, new(2025, 3, 20));
        db.SaveChanges();
    }

    private static Setting Setting(Provider provider, string name)
    {
        var setting = new Setting
        {
            Provider = provider, Name = name, Type = PlacementType.ChildrensHome, Contract = ContractArrangement.Spot, Registration = Registration.OfstedChildrensHome,
            Postcode = "AM1 1AA", Locality = "Amberford", InCounty = true, Places = 5, MinAge = 0, MaxAge = 17, WeeklyRate = 1000, StabilityRate = 0.8,
        };
        provider.Settings.Add(setting);
        return setting;
    }

    /// <summary>One placement for a child, with its own request: a move is a new request for the same child.</summary>
    private static Placement Stay(Data.BrokerageDbContext db, string child, int ageOnTheDay, Setting setting, DateOnly start, DateOnly? end = null, bool? planned = null, EndReason? reason = null)
    {
        var notice = start.AddDays(-7).ToDateTime(new TimeOnly(10, 0), DateTimeKind.Utc);
        var request = new PlacementRequest
        {
            Reference = $"PR-{child}-{start:yyyyMMdd}", ChildReference = "CH-" + child, DateOfBirth = AsAt.AddYears(-ageOnTheDay).AddDays(-30), Ethnicity = "White British",
            HomeLocality = "Amberford", PlacementType = setting.Type, NoticeReceivedAt = notice, RequiredFrom = notice.AddDays(7), Urgency = Urgency.Planned,
            WeeklyBudget = 1000, MaxDistanceMiles = 20, Status = RequestStatus.Closed, CreatedAt = notice, CreatedBy = "broker",
        };
        var referral = new Referral
        {
            Setting = setting, ProviderId = setting.ProviderId, SentAt = notice, SentBy = "broker", RespondBy = notice.AddHours(4), FirstChaseAt = notice.AddHours(1), SecondChaseAt = notice.AddHours(2),
            Status = ReferralStatus.Accepted, RespondedAt = notice.AddHours(1),
            Offer = new Offer { AvailableFrom = start, WeeklyCost = 1000, Status = OfferStatus.Accepted, CreatedAt = notice.AddHours(1) },
        };
        request.Referrals.Add(referral);
        var placement = new Placement
        {
            Offer = referral.Offer, Setting = setting, Status = end is null ? PlacementStatus.Started : PlacementStatus.Ended, StartDate = start, WeeklyCost = 1000,
            Contract = setting.Contract, Registration = setting.Registration, MatchRationale = "Test", AcceptedAt = notice.AddDays(1), AcceptedBy = "broker",
            ConfirmedAt = notice.AddDays(1), ConfirmedBy = "broker", ArrivedAt = start.ToDateTime(new TimeOnly(15, 0), DateTimeKind.Utc),
            EndDate = end, EndPlanned = planned, EndReason = reason,
        };
        request.Placements.Add(placement);
        db.PlacementRequests.Add(request);
        return placement;
    }
}
