using BenchmarkDotNet.Attributes;
using Brokerage.Core;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Market;
using Brokerage.Core.Matching;
using Brokerage.Core.Rules;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Benchmarks;

/// <summary>
/// The directory at 10,000 settings on SQLite, each with a dated contract and some with places out of
/// use: a commissioner's searches (a fresh DbContext each time), and one matching run that reads the
/// dated facts from the database and judges them on the day the child needs the place.
/// </summary>
[SimpleJob(warmupCount: 2, iterationCount: 10)]
[MedianColumn]
[MaxColumn]
public class DirectoryBenchmarks
{
    private const int SettingCount = 10_000;
    private static readonly DateTimeOffset Now = new(2026, 12, 5, 10, 0, 0, TimeSpan.Zero);
    private readonly FakeTimeProvider _time = new(Now);
    private readonly string _path = Path.Combine(Path.GetTempPath(), "brokerage-directory-bench.db");
    private MatchingEngine _engine = null!;
    private PlacementRequest _request = null!;

    private DbContextOptions<BrokerageDbContext> Options => new DbContextOptionsBuilder<BrokerageDbContext>().UseSqlite($"Data Source={_path}").Options;

    [GlobalSetup]
    public void Setup()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
        _engine = new MatchingEngine(RuleSet.Load(Path.Combine(AppContext.BaseDirectory, "rules")));
        using (var db = new BrokerageDbContext(Options))
        {
            db.Database.Migrate();
            var random = new Random(20261205);
            var lots = Enumerable.Range(1, 3).Select(i => new FrameworkLot { Framework = "Framework", Name = "Lot " + i, PlacementType = PlacementType.Fostering }).ToList();
            var today = DateOnly.FromDateTime(Now.UtcDateTime);
            for (var p = 1; p <= 200; p++)
            {
                var provider = new Provider { Name = $"Provider {p:000}", ReferralEmail = $"referrals@p{p}.example", EscalationEmail = $"manager@p{p}.example", ResponseRate = 0.8 };
                for (var s = 1; s <= SettingCount / 200; s++)
                {
                    var places = 1 + random.Next(4);
                    var arrangement = (ContractArrangement)random.Next(4);
                    var setting = new Setting
                    {
                        Name = $"{(s % 2 == 0 ? "Willow" : "Cedar")} house {p}-{s}", Type = (PlacementType)random.Next(3), Registration = Registration.OfstedFosteringAgency,
                        OfstedUrn = "SC" + ((p * 1000) + s).ToString("000000", System.Globalization.CultureInfo.InvariantCulture), Rating = OfstedRating.Good,
                        Postcode = $"AM{1 + random.Next(9)} {random.Next(10)}AB", Locality = "Amberford", Latitude = 52 + random.NextDouble(), Longitude = -1.5 + random.NextDouble(),
                        InCounty = random.Next(3) != 0, Places = places, PlacesFilled = random.Next(places + 1), MinAge = 0, MaxAge = 17, WeeklyRate = 700 + random.Next(800),
                        StabilityRate = 0.75, Contract = arrangement,
                    };
                    if (arrangement != ContractArrangement.Spot)
                    {
                        // A third of the contracts end before the child in the matching benchmark needs the place.
                        setting.Contracts.Add(new SettingContract
                        {
                            Arrangement = arrangement, Lot = arrangement == ContractArrangement.Framework ? lots[random.Next(3)] : null,
                            StartsOn = today.AddYears(-2), EndsOn = random.Next(3) == 0 ? today.AddDays(3) : today.AddYears(2),
                        });
                    }

                    if (random.Next(10) == 0)
                    {
                        setting.Unavailability.Add(new PlaceUnavailability { Places = 1, Reason = UnavailableReason.CarerRespite, From = today, Until = today.AddDays(14), RecordedBy = "bench" });
                    }

                    provider.Settings.Add(setting);
                }

                db.Providers.Add(provider);
            }

            db.SaveChanges();
            if (db.Settings.Count() != SettingCount)
            {
                throw new InvalidOperationException("The directory was not written");
            }
        }

        var now = Now.UtcDateTime;
        _request = new PlacementRequest
        {
            Reference = "PR-BENCH", ChildReference = "CH-BENCH", DateOfBirth = DateOnly.FromDateTime(now).AddYears(-9), Gender = Gender.Male, Ethnicity = "White British",
            HomeLocality = "Amberford", HomeLatitude = 52.3, HomeLongitude = -1.2, PlacementType = PlacementType.Fostering, NoticeReceivedAt = now, RequiredFrom = now.AddDays(7),
            Urgency = Urgency.ShortNotice, WeeklyBudget = 1000, MaxDistanceMiles = 20, Needs = Needs.Trauma, CreatedAt = now, CreatedBy = "bench",
        };
        SqliteConnection.ClearAllPools();
    }

    [Benchmark(Description = "Directory: first page, no filters")]
    public Task<int> Unfiltered() => SearchAsync(new DirectoryQuery());

    [Benchmark(Description = "Directory: name contains \"house 17-\"")]
    public Task<int> ByName() => SearchAsync(new DirectoryQuery(Text: "house 17-"));

    [Benchmark(Description = "Directory: URN")]
    public Task<int> ByUrn() => SearchAsync(new DirectoryQuery(Text: "sc150020"));

    [Benchmark(Description = "Directory: type, contract, in county, places free today")]
    public Task<int> Filtered() => SearchAsync(new DirectoryQuery(Type: PlacementType.Fostering, Contract: ContractArrangement.Framework, InCounty: true, FreePlacesOnly: true));

    [Benchmark(Description = "Matching on dated facts: read 10,000 settings, contracts and places out of use, judge on the required day, rank")]
    public async Task<int> DatedMatching()
    {
        await using var db = new BrokerageDbContext(Options);
        var settings = await db.Settings.AsNoTracking().Include(s => s.Provider).ToListAsync();
        await db.LoadDatedFactsAsync(settings, UkTime.Today(_time), CancellationToken.None);
        var requiredOn = MatchFactsBuilder.RequiredOn(_request);
        var ranked = _engine.Rank(
            MatchFactsBuilder.ToInput(_request),
            settings.Select(s => (MatchFactsBuilder.ToInput(s, requiredOn), MatchFactsBuilder.Facts(_request, s, s.Provider.ResponseRate))).ToList());
        return ranked.Count;
    }

    private async Task<int> SearchAsync(DirectoryQuery query)
    {
        await using var db = new BrokerageDbContext(Options);
        var (rows, total) = await new DirectorySearch(db, _time).SearchAsync(query, 1);
        return rows.Count + total;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }
}
