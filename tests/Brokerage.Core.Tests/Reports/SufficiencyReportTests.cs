using Brokerage.Core.Council;
using Brokerage.Core.Domain;
using Brokerage.Core.Reports;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Core.Tests.Reports;

/// <summary>
/// Every report figure against a small data set worked out by hand. In 2025: five requests (R1–R5),
/// four placed; R6 is in 2024, outside the period.
/// R1 crisis, fostering, age 8, team A: in-house fostering S1, 5 miles, placed after 10 hours.
/// R2 emergency, children's home, age 14, African, sibling group, team A: framework home S2 out of county, 40 miles, 3 days.
/// R3 planned, fostering, age 12, complex disability, team B: block children's home S3, 25 miles, 21 days.
/// R4 short notice, supported accommodation, age 16, team B: unregulated spot S4 on an approval, 3 miles, 6 days.
/// R5 crisis, fostering, age 5, Pakistani, team A: not placed.
/// </summary>
public sealed class SufficiencyReportTests : IDisposable
{
    private static readonly ReportPeriod Year2025 = new(new DateOnly(2025, 1, 1), new DateOnly(2025, 12, 31));
    private readonly SqliteDatabase _database = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));

    public SufficiencyReportTests() => Seed();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Urgency_CountsAndSharesRequestsPerYear()
    {
        var report = await BuildAsync("urgency");

        Assert.Equal(["2025", "2 (40.0%)", "1 (20.0%)", "1 (20.0%)", "1 (20.0%)", "5"], report.Rows.Single());
        Assert.Equal([40.0, 20.0, 20.0, 20.0], report.Chart.Select(b => b.Value));
    }

    [Fact]
    public async Task TypeSecured_SetsTheTypeRequestedAgainstTheTypeFound()
    {
        var report = await BuildAsync("type-secured");

        Assert.Equal(["Foster care", "1 (50.0%)", "1 (50.0%)", "0 (0.0%)", "0 (0.0%)", "2"], report.Rows[0]);
        Assert.Equal(["Children's home", "0 (0.0%)", "1 (100.0%)", "0 (0.0%)", "0 (0.0%)", "1"], report.Rows[1]);
        Assert.Equal("1", report.Rows[2][^1]);
    }

    [Fact]
    public async Task Framework_SplitsEachProvisionTypeByContract()
    {
        var report = await BuildAsync("framework");

        Assert.Equal(["Foster care", "0 (0.0%)", "1 (100.0%)", "1"], report.Rows[0]);
        Assert.Equal(["Children's home", "1 (50.0%)", "1 (50.0%)", "2"], report.Rows[1]);
        Assert.Equal(["Supported accommodation", "0 (0.0%)", "1 (100.0%)", "1"], report.Rows[2]);
    }

    [Fact]
    public async Task Distance_ReportsOutOfCountyAndTwentyMilesOrMore()
    {
        var report = await BuildAsync("distance");

        Assert.Equal(["2025", "1 (25.0%)", "2 (50.0%)", "2 (50.0%)", "4"], report.Rows.Single());
    }

    [Fact]
    public async Task Unregulated_ByAgeBandWithRegistrationProgress()
    {
        var report = await BuildAsync("unregulated");

        Assert.Equal(["Under 16", "0", "0 (0.0%)", "0 (0.0%)", "0 (0.0%)"], report.Rows[0]);
        Assert.Equal(["16 or 17", "1", "1 (100.0%)", "1 (100.0%)", "1 (100.0%)"], report.Rows[1]);
    }

    [Fact]
    public async Task Utilisation_OfInHouseAndBlockPlaces()
    {
        var report = await BuildAsync("utilisation");

        // Five places: three filled, one out of use today, one free.
        Assert.Equal(["In-house: Foster care", "1", "5", "3", "60.0%", "1", "20.0%", "1", "1"], report.Rows[0]);
        Assert.Equal(["Block contract: Children's home", "1", "2", "1", "50.0%", "0", "0.0%", "1", "1"], report.Rows[1]);
    }

    [Fact]
    public async Task Providers_ReferralsResponseRateMedianHoursOffersDeclinesAndPlacements()
    {
        var report = await BuildAsync("providers");

        // P1: four referrals, S3 answered after 5 hours against 4; hours 0.5, 2, 5, 1 → median 1.5.
        Assert.Equal(["Provider one", "4", "75.0%", "1.5", "4", "0", "", "4"], report.Rows[0]);
        // P2: R1 declined after an hour (no vacancy), R3 never answered.
        Assert.Equal(["Provider two", "2", "50.0%", "1.0", "0", "1", "No vacancy 1", "0"], report.Rows[1]);
    }

    [Fact]
    public async Task Timeliness_ByUrgencyTeamAndHarderToPlaceCohorts()
    {
        var report = await BuildAsync("timeliness");
        IReadOnlyList<string> Row(string group) => report.Rows.First(r => r[0] == group);

        Assert.Equal(["Urgency: Crisis", "1", "0.4", "0.4"], Row("Urgency: Crisis"));
        Assert.Equal(["Urgency: Planned", "1", "21.0", "21.0"], Row("Urgency: Planned"));
        // Team A: 10 hours and 3 days → (0.4167 + 3) / 2 = 1.7.
        Assert.Equal(["Team: Team A", "2", "1.7", "1.7"], Row("Team: Team A"));
        Assert.Equal(["Team: Team B", "2", "13.5", "13.5"], Row("Team: Team B"));
        // Older (10+): 3, 21, 6 → median 6, mean 10. The rest: R1 alone.
        var older = report.Rows.ToList().FindIndex(r => r[0] == "Older children (10+)");
        Assert.Equal(["Older children (10+)", "3", "6.0", "10.0"], report.Rows[older]);
        Assert.Equal(["All other children", "1", "0.4", "0.4"], report.Rows[older + 1]);
        Assert.Equal(["Disabled children", "1", "21.0", "21.0"], Row("Disabled children"));
        // Black and minority ethnic: R2 only (R5 was not placed); the rest 0.4167, 21, 6 → mean 9.1.
        var minority = report.Rows.ToList().FindIndex(r => r[0] == "Black and minority ethnic children");
        Assert.Equal(["Black and minority ethnic children", "1", "3.0", "3.0"], report.Rows[minority]);
        Assert.Equal(["All other children", "3", "6.0", "9.1"], report.Rows[minority + 1]);
    }

    [Fact]
    public async Task ReportPack_HoldsEveryReportInOnePdf_UnderTheCouncilsName()
    {
        await using var db = _database.CreateContext();
        var reports = await new SufficiencyReports(db, _time).BuildAllAsync(Year2025);
        var council = new CouncilOptions { Name = "Wessex Borough Council", ShortName = "Wessex", ServiceName = "Placements Finder", TeamName = "fostering and residential team" };

        var pdf = ReportPackDocument.Render(reports, Year2025, _time.GetUtcNow().UtcDateTime, council);

        using var document = UglyToad.PdfPig.PdfDocument.Open(pdf);
        var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.All(SufficiencyReports.All, r => Assert.Contains(r.Title.Split(' ')[0], text, StringComparison.Ordinal));
        Assert.Equal(11, reports.Count);
        Assert.Contains("Wessex Borough Council fostering and residential team", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ambershire", text, StringComparison.Ordinal);
    }

    private async Task<ReportTable> BuildAsync(string key)
    {
        await using var db = _database.CreateContext();
        return (await new SufficiencyReports(db, _time).BuildAsync(key, Year2025))!;
    }

    private void Seed()
    {
        using var db = _database.CreateContext();
        var one = new Provider { Name = "Provider one", ReferralEmail = "one@example.test", EscalationEmail = "one.manager@example.test", ResponseRate = 0.9 };
        var two = new Provider { Name = "Provider two", ReferralEmail = "two@example.test", EscalationEmail = "two.manager@example.test", ResponseRate = 0.5 };
        var s1 = Setting(one, "S1", PlacementType.Fostering, ContractArrangement.InHouse, Registration.OfstedFosteringAgency, inCounty: true, places: 5, filled: 3);
        // One place out of use today; a respite that ended and one still to come are not counted.
        var today = UkTime.Today(_time);
        s1.Unavailability.Add(Unavailable(1, today.AddDays(-3), today.AddDays(4)));
        s1.Unavailability.Add(Unavailable(1, today.AddDays(-20), today.AddDays(-1)));
        s1.Unavailability.Add(Unavailable(1, today.AddDays(1), today.AddDays(9)));
        var s2 = Setting(one, "S2", PlacementType.ChildrensHome, ContractArrangement.Framework, Registration.OfstedChildrensHome, inCounty: false, places: 3, filled: 1);
        var s3 = Setting(one, "S3", PlacementType.ChildrensHome, ContractArrangement.BlockContract, Registration.OfstedChildrensHome, inCounty: true, places: 2, filled: 1);
        var s4 = Setting(one, "S4", PlacementType.SupportedAccommodation, ContractArrangement.Spot, Registration.Unregulated, inCounty: true, places: 1, filled: 1);
        var s5 = Setting(two, "S5", PlacementType.Fostering, ContractArrangement.Framework, Registration.OfstedFosteringAgency, inCounty: true, places: 2, filled: 0);
        db.Providers.AddRange(one, two);
        db.SaveChanges();

        var r1 = Request("R1", new DateTime(2025, 3, 3, 10, 0, 0, DateTimeKind.Utc), Urgency.Crisis, PlacementType.Fostering, 8, "White British", Needs.None, "Team A");
        var r2 = Request("R2", new DateTime(2025, 6, 2, 10, 0, 0, DateTimeKind.Utc), Urgency.Emergency, PlacementType.ChildrensHome, 14, "African", Needs.SiblingGroup, "Team A");
        var r3 = Request("R3", new DateTime(2025, 9, 1, 10, 0, 0, DateTimeKind.Utc), Urgency.Planned, PlacementType.Fostering, 12, "White British", Needs.ComplexDisability, "Team B");
        var r4 = Request("R4", new DateTime(2025, 10, 1, 10, 0, 0, DateTimeKind.Utc), Urgency.ShortNotice, PlacementType.SupportedAccommodation, 16, "White British", Needs.None, "Team B");
        var r5 = Request("R5", new DateTime(2025, 11, 3, 10, 0, 0, DateTimeKind.Utc), Urgency.Crisis, PlacementType.Fostering, 5, "Pakistani", Needs.None, "Team A");
        var r6 = Request("R6", new DateTime(2024, 5, 1, 10, 0, 0, DateTimeKind.Utc), Urgency.Planned, PlacementType.Fostering, 9, "White British", Needs.None, "Team B");
        r5.Status = RequestStatus.Closed;
        db.PlacementRequests.AddRange(r1, r2, r3, r4, r5, r6);

        var a1 = Refer(r1, s1, answeredAfterHours: 0.5, offer: true);
        Refer(r1, s5, answeredAfterHours: 1, offer: false);
        var a2 = Refer(r2, s2, answeredAfterHours: 2, offer: true);
        var a3 = Refer(r3, s3, answeredAfterHours: 5, offer: true);
        Refer(r3, s5, answeredAfterHours: null, offer: false);
        var a4 = Refer(r4, s4, answeredAfterHours: 1, offer: true);
        var a6 = Refer(r6, s5, answeredAfterHours: 1, offer: true);
        Place(r1, a1, TimeSpan.FromHours(10), 5);
        Place(r2, a2, TimeSpan.FromDays(3), 40);
        Place(r3, a3, TimeSpan.FromDays(21), 25);
        var unregulated = Place(r4, a4, TimeSpan.FromDays(6), 3);
        Place(r6, a6, TimeSpan.FromDays(20), 2);
        unregulated.ApprovalRequest = new ApprovalRequest
        {
            Reference = "R4-A1", PlacementRequest = r4, Referral = a4, Setting = s4, Registration = s4.Registration, Grounds = "Unregulated provision", HowNeedsAreMet = "Staffed flat",
            QualityChecks = QualityCheck.AccommodationVisited, Risks = [new RiskItem("Missing", "Curfew", "Social worker")], ProposedReviewDate = new DateOnly(2025, 11, 1),
            RegistrationAppliedOn = new DateOnly(2025, 9, 1), RegistrationExpectedBy = new DateOnly(2025, 12, 1),
            RaisedAt = r4.NoticeReceivedAt, RaisedBy = "broker", Status = ApprovalStatus.Approved, DecidedAt = r4.NoticeReceivedAt, DecidedBy = "ad",
        };
        unregulated.ApprovalReference = "R4-A1";
        db.SaveChanges();
    }

    private static PlaceUnavailability Unavailable(int places, DateOnly from, DateOnly until) =>
        new() { Places = places, Reason = UnavailableReason.CarerRespite, From = from, Until = until, RecordedBy = "fostering.team@example.test" };

    private static Setting Setting(Provider provider, string name, PlacementType type, ContractArrangement contract, Registration registration, bool inCounty, int places, int filled)
    {
        var setting = new Setting
        {
            Provider = provider, Name = name, Type = type, Contract = contract, Registration = registration, Postcode = "AM1 1AA", Locality = "Amberford",
            InCounty = inCounty, Places = places, PlacesFilled = filled, MinAge = 0, MaxAge = 17, WeeklyRate = 1000, StabilityRate = 0.8,
        };
        provider.Settings.Add(setting);
        return setting;
    }

    private static PlacementRequest Request(string reference, DateTime notice, Urgency urgency, PlacementType type, int age, string ethnicity, Needs needs, string team) => new()
    {
        Reference = reference, ChildReference = "CH-" + reference, DateOfBirth = DateOnly.FromDateTime(notice).AddYears(-age).AddDays(-30), Ethnicity = ethnicity,
        Needs = needs, HomeLocality = "Amberford", PlacementType = type, NoticeReceivedAt = notice, RequiredFrom = notice.AddDays(1), Urgency = urgency,
        WeeklyBudget = 1000, MaxDistanceMiles = 20, Status = RequestStatus.Placed, CreatedAt = notice, CreatedBy = "broker", Team = team,
    };

    private static Referral Refer(PlacementRequest request, Setting setting, double? answeredAfterHours, bool offer)
    {
        var sent = request.NoticeReceivedAt.AddMinutes(30);
        var referral = new Referral
        {
            Setting = setting, ProviderId = setting.ProviderId, SentAt = sent, SentBy = "broker", RespondBy = sent.AddHours(4), FirstChaseAt = sent.AddHours(1), SecondChaseAt = sent.AddHours(2),
            Status = answeredAfterHours is null ? ReferralStatus.NoResponse : offer ? ReferralStatus.Offered : ReferralStatus.Declined,
            RespondedAt = answeredAfterHours is { } hours ? sent.AddHours(hours) : null,
            DeclineReason = answeredAfterHours is not null && !offer ? DeclineReason.NoVacancy : null,
            Offer = offer ? new Offer { AvailableFrom = DateOnly.FromDateTime(sent), WeeklyCost = 1000, Status = OfferStatus.Open, CreatedAt = sent } : null,
        };
        request.Referrals.Add(referral);
        return referral;
    }

    private static Placement Place(PlacementRequest request, Referral referral, TimeSpan after, double miles)
    {
        var confirmed = request.NoticeReceivedAt + after;
        var placement = new Placement
        {
            Offer = referral.Offer!, Setting = referral.Setting, Status = PlacementStatus.Confirmed, StartDate = DateOnly.FromDateTime(confirmed), WeeklyCost = 1000,
            Contract = referral.Setting.Contract, Registration = referral.Setting.Registration, DistanceMiles = miles, OutOfCounty = !referral.Setting.InCounty, MatchRationale = "Test",
            AcceptedAt = confirmed, AcceptedBy = "broker", ConfirmedAt = confirmed, ConfirmedBy = "broker",
        };
        request.Placements.Add(placement);
        return placement;
    }
}
