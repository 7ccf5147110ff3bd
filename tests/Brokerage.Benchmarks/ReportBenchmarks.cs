using BenchmarkDotNet.Attributes;
using Brokerage.Core;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Reports;
using Brokerage.Core.Requests;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Benchmarks;

/// <summary>
/// Each sufficiency report built for three years holding 100,000 historical placement requests on
/// SQLite (about 350,000 referrals and 90,000 placements), with a fresh DbContext every time.
/// </summary>
[SimpleJob(warmupCount: 2, iterationCount: 10)]
[MedianColumn]
[MinColumn]
[MaxColumn]
public class ReportBenchmarks
{
    private const int Requests = 100_000;
    private const int ProviderCount = 80;
    private const int SettingCount = 320;
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);
    private static readonly ReportPeriod Period = new(new DateOnly(2023, 11, 24), new DateOnly(2026, 11, 23));
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(Now));
    private readonly string _path = Path.Combine(Path.GetTempPath(), "brokerage-report-bench.db");

    [Params("urgency", "type-secured", "framework", "distance", "unregulated", "utilisation", "providers", "timeliness")]
    public string Report { get; set; } = "urgency";

    private DbContextOptions<BrokerageDbContext> Options => new DbContextOptionsBuilder<BrokerageDbContext>().UseSqlite($"Data Source={_path}").Options;

    [GlobalSetup]
    public void Setup()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
        using (var db = new BrokerageDbContext(Options))
        {
            db.Database.Migrate();
        }

        HistoricalData.Write($"Data Source={_path}", Now, Period.FromUtc);

        using (var db = new BrokerageDbContext(Options))
        {
            var requests = db.PlacementRequests.Count();
            var placed = db.Placements.Count(p => p.ConfirmedAt >= Period.FromUtc && p.ConfirmedAt < Period.ToUtcExclusive);
            if (requests != Requests || placed < Requests * 8 / 10)
            {
                throw new InvalidOperationException($"Expected {Requests:N0} requests and most of them placed; got {requests:N0} and {placed:N0}.");
            }
        }

        SqliteConnection.ClearAllPools();
    }

    [Benchmark(Description = "Build report over 3 years, 100,000 requests")]
    public async Task<int> Build()
    {
        await using var db = new BrokerageDbContext(Options);
        var report = await new SufficiencyReports(db, _time).BuildAsync(Report, Period) ?? throw new InvalidOperationException("No report " + Report);
        if (report.Rows.Count == 0)
        {
            throw new InvalidOperationException($"The {Report} report has no rows.");
        }

        return report.Rows.Count;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    /// <summary>
    /// Deterministic history written with prepared statements in one transaction: EF would take
    /// minutes to insert this much. Values are bound the way EF binds them (enums as their names,
    /// instants as UTC text, dates as yyyy-MM-dd), so the reports read them exactly as they would
    /// read the application's own rows.
    /// </summary>
    private static class HistoricalData
    {
        private static readonly PlacementType[] RequestedTypes =
        [
            PlacementType.Fostering, PlacementType.Fostering, PlacementType.Fostering, PlacementType.Fostering,
            PlacementType.ChildrensHome, PlacementType.ChildrensHome, PlacementType.ChildrensHome,
            PlacementType.SupportedAccommodation, PlacementType.SupportedAccommodation, PlacementType.CareHome,
        ];

        private static readonly Urgency[] Urgencies =
        [
            Urgency.Crisis, Urgency.Crisis, Urgency.Crisis,
            Urgency.Emergency, Urgency.Emergency, Urgency.Emergency, Urgency.Emergency, Urgency.Emergency, Urgency.Emergency,
            Urgency.ShortNotice, Urgency.ShortNotice, Urgency.ShortNotice, Urgency.ShortNotice, Urgency.ShortNotice, Urgency.ShortNotice,
            Urgency.Planned, Urgency.Planned, Urgency.Planned, Urgency.Planned, Urgency.Planned,
        ];

        private static readonly ContractArrangement[] Contracts =
        [
            ContractArrangement.InHouse, ContractArrangement.InHouse, ContractArrangement.InHouse,
            ContractArrangement.BlockContract, ContractArrangement.BlockContract, ContractArrangement.BlockContract,
            ContractArrangement.Framework, ContractArrangement.Framework, ContractArrangement.Framework,
            ContractArrangement.Framework, ContractArrangement.Framework, ContractArrangement.Framework, ContractArrangement.Framework,
            ContractArrangement.Spot, ContractArrangement.Spot, ContractArrangement.Spot, ContractArrangement.Spot,
        ];

        private static readonly OfstedRating[] Ratings = [OfstedRating.Outstanding, OfstedRating.Good, OfstedRating.Good, OfstedRating.Good, OfstedRating.RequiresImprovement, OfstedRating.Inadequate, OfstedRating.NotYetInspected];

        private sealed record SettingRow(int Id, int ProviderId, PlacementType Type, Registration Registration, ContractArrangement Contract, string? Lot, bool InCounty, decimal Rate);

        private sealed record ReferralRow(int Id, SettingRow Setting, DateTime SentAt, DateTime RespondBy, DateTime? RespondedAt, DeclineReason? Decline, bool Offered);

        public static void Write(string connectionString, DateTime now, DateTime fromUtc)
        {
            var random = new Random(20261123);
            using var connection = new SqliteConnection(connectionString);
            connection.Open();
            using (var pragma = connection.CreateCommand())
            {
                // Room for the whole database in this connection's cache while it is written.
                pragma.CommandText = "PRAGMA cache_size = -400000";
                pragma.ExecuteNonQuery();
            }

            using var transaction = connection.BeginTransaction();

            var providers = Insert(connection, transaction, "Providers", "Id", "Name", "ReferralEmail", "EscalationEmail", "ResponseRate");
            for (var id = 1; id <= ProviderCount; id++)
            {
                var name = id == 1 ? "Amberford County Council" : "Provider " + id;
                Run(providers, id, name, $"referrals@p{id}.example", $"manager@p{id}.example", Math.Round(0.4 + (random.NextDouble() * 0.55), 2));
            }

            var settings = new List<SettingRow>(SettingCount);
            var settingInsert = Insert(connection, transaction, "Settings",
                "Id", "ProviderId", "Name", "Type", "OfstedUrn", "Registration", "Rating", "Contract", "FrameworkLot", "Postcode", "Locality",
                "Latitude", "Longitude", "InCounty", "Places", "PlacesFilled", "MinAge", "MaxAge", "GendersAccepted", "Specialisms", "WeeklyRate", "StabilityRate");
            for (var id = 1; id <= SettingCount; id++)
            {
                // Every type under every contract arrangement; the rest drawn like the demo county.
                var type = id <= 16 ? (PlacementType)((id - 1) % 4) : RequestedTypes[random.Next(RequestedTypes.Length)];
                var contract = id <= 16 ? (ContractArrangement)((id - 1) / 4) : Contracts[random.Next(Contracts.Length)];
                var registration = type switch
                {
                    PlacementType.Fostering => random.Next(40) == 0 ? Registration.Unregulated : Registration.OfstedFosteringAgency,
                    PlacementType.ChildrensHome => random.Next(15) == 0 ? Registration.Unregistered : Registration.OfstedChildrensHome,
                    PlacementType.SupportedAccommodation => random.Next(6) == 0 ? Registration.Unregulated : Registration.OfstedSupportedAccommodation,
                    _ => Registration.Cqc,
                };
                var regulated = registration is not (Registration.Unregulated or Registration.Unregistered);
                var inCounty = contract == ContractArrangement.InHouse || random.Next(100) < 35;
                var providerId = contract == ContractArrangement.InHouse ? 1 : 2 + random.Next(ProviderCount - 1);
                var lot = contract == ContractArrangement.Framework ? "Lot " + (1 + (int)type) : null;
                var places = type == PlacementType.Fostering ? 1 + random.Next(3) : 2 + random.Next(5);
                var rate = (type switch { PlacementType.Fostering => 700m, PlacementType.SupportedAccommodation => 1500m, _ => 4500m }) + random.Next(1500);
                var setting = new SettingRow(id, providerId, type, registration, contract, lot, inCounty, rate);
                settings.Add(setting);
                Run(settingInsert, id, providerId, "Setting " + id, type, regulated && registration != Registration.Cqc ? "SC" + (100_000 + id) : null, registration,
                    regulated && registration != Registration.Cqc ? Ratings[random.Next(Ratings.Length)] : null, contract, lot,
                    inCounty ? "AM" + (1 + random.Next(9)) + " 1AA" : "ZZ" + (1 + random.Next(9)) + " 9ZZ", inCounty ? "Amberford" : "Elsewhere",
                    52.0 + (random.NextDouble() * (inCounty ? 0.3 : 2.0)), -1.5 + (random.NextDouble() * (inCounty ? 0.3 : 2.0)), inCounty,
                    places, random.Next(places + 1), type == PlacementType.SupportedAccommodation ? 16 : random.Next(3) * 4, 17,
                    random.Next(6) switch { 0 => GendersAccepted.Female, 1 => GendersAccepted.Male, _ => GendersAccepted.Any },
                    random.Next(1 << 13), rate, Math.Round(0.5 + (random.NextDouble() * 0.45), 2));
            }

            var byType = settings.GroupBy(s => s.Type).ToDictionary(g => g.Key, g => g.ToArray());

            var requestInsert = Insert(connection, transaction, "PlacementRequests",
                "Id", "Reference", "ChildReference", "DateOfBirth", "Gender", "Ethnicity", "LegalStatus", "IsSeparatedChild", "Needs", "HomePostcode",
                "HomeLocality", "HomeLatitude", "HomeLongitude", "PlacementType", "NoticeReceivedAt", "RequiredFrom", "Urgency", "WeeklyBudget",
                "MaxDistanceMiles", "Summary", "Status", "CreatedAt", "CreatedBy", "Team", "Version", "SearchStage");
            var referralInsert = Insert(connection, transaction, "Referrals",
                "Id", "PlacementRequestId", "SettingId", "ProviderId", "IsExceptional", "Origin", "SentAt", "SentBy", "RespondBy", "FirstChaseAt",
                "SecondChaseAt", "FirstChaseSentAt", "SecondChaseSentAt", "Status", "RespondedAt", "RespondedBy", "DeclineReason", "DeclineDetails");
            var offerInsert = Insert(connection, transaction, "Offers", "Id", "ReferralId", "AvailableFrom", "WeeklyCost", "Status", "CreatedAt");
            var approvalInsert = Insert(connection, transaction, "ApprovalRequests",
                "Id", "Reference", "PlacementRequestId", "ReferralId", "SettingId", "Route", "Grounds", "HowNeedsAreMet", "QualityChecks", "Risks",
                "VisitingFrequency", "RegistrationAppliedOn", "RegistrationExpectedBy", "ProposedReviewDate", "NoRegulatedOptionReason", "SearchEvidence",
                "RaisedAt", "RaisedBy", "Status", "DecidedAt", "DecidedBy", "NextReviewDate", "Version");
            var placementInsert = Insert(connection, transaction, "Placements",
                "Id", "PlacementRequestId", "OfferId", "SettingId", "Status", "StartDate", "WeeklyCost", "HealthContribution", "EducationContribution",
                "Contract", "DistanceMiles", "OutOfCounty", "FrameworkLot", "MatchRationale", "ApprovalReason", "ApprovalRequestId", "ApprovalReference",
                "AcceptedAt", "AcceptedBy", "ConfirmedAt", "ConfirmedBy");

            // Requests are numbered in the order notice came in, as they are in the application.
            var span = (now.AddDays(-2) - fromUtc).TotalSeconds;
            var notices = Enumerable.Range(0, Requests).Select(_ => fromUtc.AddSeconds(Math.Floor(random.NextDouble() * span))).Order().ToArray();
            int referralId = 0, offerId = 0, approvalId = 0;
            var placements = new List<(DateTime ConfirmedAt, object?[] Values)>(Requests);
            var referrals = new List<ReferralRow>(4);
            for (var id = 1; id <= Requests; id++)
            {
                var notice = notices[id - 1];
                var urgency = Urgencies[random.Next(Urgencies.Length)];
                var requiredFrom = notice.AddDays(urgency switch { Urgency.Crisis => 0, Urgency.Emergency => 1 + random.Next(3), Urgency.ShortNotice => 4 + random.Next(10), _ => 14 + random.Next(60) });
                var type = RequestedTypes[random.Next(RequestedTypes.Length)];
                var age = type == PlacementType.SupportedAccommodation ? 16 + random.Next(2) : random.Next(18);
                var dateOfBirth = DateOnly.FromDateTime(notice).AddYears(-age).AddDays(-random.Next(365));
                var needs = Needs.None;
                foreach (var flag in Enum.GetValues<Needs>().Where(n => n != Needs.None))
                {
                    if (random.Next(100) < (flag is Needs.SiblingGroup ? 12 : flag is Needs.ComplexDisability ? 8 : 10))
                    {
                        needs |= flag;
                    }
                }

                var ethnicity = random.Next(100) < 65 ? "White British" : Ethnicities.All[random.Next(Ethnicities.All.Count)];
                var team = random.Next(20) == 0 ? Teams.Unassigned : Teams.All[random.Next(Teams.All.Count)];
                var respondHours = urgency switch { Urgency.Crisis => 4, Urgency.Emergency => 12, Urgency.ShortNotice => 24, _ => 48 };

                // 3 or 4 referrals to different settings, mostly of the type asked for.
                referrals.Clear();
                var count = 3 + random.Next(2);
                while (referrals.Count < count)
                {
                    var pool = random.Next(100) < 85 ? byType[type] : settings.ToArray();
                    var setting = pool[random.Next(pool.Length)];
                    if (referrals.Any(r => r.Setting.Id == setting.Id))
                    {
                        continue;
                    }

                    var sentAt = notice.AddMinutes(10 + random.Next(360));
                    var respondBy = sentAt.AddHours(respondHours);
                    DateTime? respondedAt = random.Next(100) < 85 ? sentAt.AddMinutes(5 + random.Next(respondHours * 60 * 3 / 2)) : null;
                    var offered = respondedAt is not null && random.Next(100) < 40;
                    DeclineReason? decline = respondedAt is not null && !offered ? (DeclineReason)random.Next(6) : null;
                    referrals.Add(new ReferralRow(++referralId, setting, sentAt, respondBy, respondedAt, decline, offered));
                }

                // About 90% end in a placement confirmed before today; the rest closed or still searching.
                var delayHours = urgency switch { Urgency.Crisis => 2 + random.Next(30), Urgency.Emergency => 12 + random.Next(120), Urgency.ShortNotice => 48 + random.Next(400), _ => 200 + random.Next(1400) };
                var confirmedAt = notice.AddHours(delayHours).AddMinutes(random.Next(60));
                var placed = random.Next(100) < 91 && confirmedAt < now;
                ReferralRow? chosen = null;
                if (placed)
                {
                    chosen = referrals.FirstOrDefault(r => r.Offered && r.Setting.Type == type) ?? referrals.FirstOrDefault(r => r.Offered);
                    if (chosen is null)
                    {
                        var first = referrals[0];
                        chosen = first with { RespondedAt = first.SentAt.AddMinutes(30 + random.Next(respondHours * 60)), Decline = null, Offered = true };
                        referrals[0] = chosen;
                    }

                    if (chosen.RespondedAt!.Value >= confirmedAt)
                    {
                        confirmedAt = chosen.RespondedAt.Value.AddHours(1 + random.Next(6));
                    }

                    if (confirmedAt >= now)
                    {
                        placed = false;
                        chosen = null;
                    }
                }

                var status = placed ? RequestStatus.Placed : notice > now.AddDays(-30) ? RequestStatus.Searching : RequestStatus.Closed;
                Run(requestInsert, id, "PR-" + (100_000 + id), "CH-" + (500_000 + id), dateOfBirth, (Gender)random.Next(3), ethnicity, (LegalStatus)random.Next(7),
                    needs.HasFlag(Needs.SeparatedChild), (int)needs, "AM" + (1 + random.Next(9)) + " " + (1 + random.Next(9)) + "AB", "Amberford",
                    52.0 + (random.NextDouble() * 0.3), -1.5 + (random.NextDouble() * 0.3), type, notice, requiredFrom, urgency, 800m + random.Next(5000),
                    10 + (5 * random.Next(7)), null, status, notice, "broker@bench.example", team, 2, 0);

                foreach (var referral in referrals)
                {
                    var referralStatus = referral == chosen ? ReferralStatus.Accepted
                        : referral.Offered ? (status == RequestStatus.Searching ? ReferralStatus.Offered : ReferralStatus.NotSelected)
                        : referral.Decline is not null ? ReferralStatus.Declined
                        : ReferralStatus.NoResponse;
                    var origin = random.Next(100) switch { < 92 => ReferralOrigin.Referral, < 98 => ReferralOrigin.ProviderInterest, _ => ReferralOrigin.Vacancy };
                    var window = referral.RespondBy - referral.SentAt;
                    var firstChase = referral.SentAt + (window / 2);
                    Run(referralInsert, referral.Id, id, referral.Setting.Id, referral.Setting.ProviderId, false, origin, referral.SentAt, "broker@bench.example",
                        referral.RespondBy, firstChase, referral.RespondBy, referral.RespondedAt is { } at && at < firstChase ? null : firstChase, null, referralStatus,
                        referral.RespondedAt, referral.RespondedAt is null ? null : $"referrals@p{referral.Setting.ProviderId}.example", referral.Decline,
                        referral.Decline is null ? null : "Declined in the benchmark");
                    if (!referral.Offered)
                    {
                        continue;
                    }

                    offerId++;
                    var offerStatus = referral == chosen ? OfferStatus.Accepted : status == RequestStatus.Searching ? OfferStatus.Open : OfferStatus.NotSelected;
                    var cost = referral.Setting.Rate + random.Next(300);
                    Run(offerInsert, offerId, referral.Id, DateOnly.FromDateTime(requiredFrom), cost, offerStatus, referral.RespondedAt);
                    if (referral != chosen)
                    {
                        continue;
                    }

                    int? approval = null;
                    string? approvalReference = null;
                    var setting = referral.Setting;
                    if (setting.Registration is Registration.Unregulated or Registration.Unregistered)
                    {
                        approval = ++approvalId;
                        approvalReference = $"UPA-{notice.Year}-{approvalId:D5}";
                        var applied = random.Next(100) < 60 ? DateOnly.FromDateTime(notice).AddDays(-random.Next(200)) : (DateOnly?)null;
                        var approvalStatus = random.Next(100) switch { < 45 => ApprovalStatus.Approved, < 80 => ApprovalStatus.ApprovedWithConditions, _ => ApprovalStatus.Closed };
                        Run(approvalInsert, approvalId, approvalReference, id, referral.Id, setting.Id, age < 16 ? ApprovalRoute.Under16Exception : ApprovalRoute.Standard,
                            "Unregulated provision", "Staffed support with daily visits", random.Next(1 << 7), "[]", (VisitingFrequency)random.Next(4),
                            applied, applied?.AddDays(90 + random.Next(270)), DateOnly.FromDateTime(confirmedAt).AddDays(28),
                            age < 16 ? "No regulated home could meet the child's needs" : null, "[]", confirmedAt.AddHours(-1), "broker@bench.example",
                            approvalStatus, confirmedAt.AddMinutes(-30), "ad@bench.example", DateOnly.FromDateTime(confirmedAt).AddDays(28), 1);
                    }

                    var distance = setting.InCounty ? Math.Round(random.NextDouble() * random.NextDouble() * 30, 1) : Math.Round(8 + (random.NextDouble() * 110), 1);
                    var requiredDate = DateOnly.FromDateTime(UkTime.ToLocal(requiredFrom));
                    var confirmedDate = DateOnly.FromDateTime(UkTime.ToLocal(confirmedAt));
                    placements.Add((confirmedAt, [0, id, offerId, setting.Id, PlacementStatus.Confirmed, requiredDate > confirmedDate ? requiredDate : confirmedDate,
                        cost, 0m, 0m, setting.Contract, distance, !setting.InCounty, setting.Lot, "Best match in the benchmark", approval is null ? null : "Unregulated provision",
                        approval, approvalReference, confirmedAt.AddMinutes(-20), "broker@bench.example", confirmedAt, "broker@bench.example"]));
                }
            }

            // Placements are numbered in the order they were confirmed.
            var placementId = 0;
            foreach (var (_, values) in placements.OrderBy(p => p.ConfirmedAt))
            {
                values[0] = ++placementId;
                Run(placementInsert, values);
            }

            transaction.Commit();
        }

        private static SqliteCommand Insert(SqliteConnection connection, SqliteTransaction transaction, string table, params string[] columns)
        {
            var command = connection.CreateCommand();
            command.Transaction = transaction;
            command.CommandText = $"INSERT INTO \"{table}\" ({string.Join(", ", columns.Select(c => "\"" + c + "\""))}) VALUES ({string.Join(", ", columns.Select((_, i) => "$p" + i))})";
            for (var i = 0; i < columns.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$p" + i, null));
            }

            command.Prepare();
            return command;
        }

        private static void Run(SqliteCommand command, params object?[] values)
        {
            if (values.Length != command.Parameters.Count)
            {
                throw new ArgumentException($"{values.Length} values for {command.Parameters.Count} columns: {command.CommandText}", nameof(values));
            }

            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters[i].Value = values[i] switch
                {
                    null => DBNull.Value,
                    Enum e => e.ToString(),
                    var v => v,
                };
            }

            command.ExecuteNonQuery();
        }
    }
}
