using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Jobs;
using Brokerage.Core.Matching;
using Brokerage.Core.Notifications;
using Brokerage.Core.Rules;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Opts = Microsoft.Extensions.Options.Options;

namespace Brokerage.Benchmarks;

/// <summary>
/// The step-out watch over 1,000 watched children (half in unregulated supported accommodation,
/// a quarter in interim foster placements, a quarter in children's homes though fostering is
/// preferred) against 10,000 settings on SQLite, where seven in ten are full.
/// </summary>
[SimpleJob(warmupCount: 1, iterationCount: 5, invocationCount: 1)]
[MedianColumn]
[MaxColumn]
public class StepOutWatchBenchmarks
{
    private const int SettingCount = 10_000;
    private const int Watched = 1_000;
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 10, 0, 0, TimeSpan.Zero);
    private static readonly BrokerageMetrics Metrics = new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
    private readonly FakeTimeProvider _time = new(Now);
    private readonly string _path = Path.Combine(Path.GetTempPath(), "brokerage-stepout-bench.db");
    private RuleSet _rules = null!;
    private MatchingEngine _engine = null!;

    private DbContextOptions<BrokerageDbContext> Options => new DbContextOptionsBuilder<BrokerageDbContext>().UseSqlite($"Data Source={_path}").Options;

    [GlobalSetup]
    public void Setup()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
        _rules = RuleSet.Load(Path.Combine(AppContext.BaseDirectory, "rules"));
        _engine = new MatchingEngine(_rules);
        var random = new Random(20261206);
        var today = DateOnly.FromDateTime(Now.UtcDateTime);
        using (var db = new BrokerageDbContext(Options))
        {
            db.Database.Migrate();
            var providers = new List<Provider>();
            for (var p = 1; p <= 200; p++)
            {
                var provider = new Provider { Name = $"Provider {p:000}", ReferralEmail = $"referrals@p{p}.example", EscalationEmail = $"manager@p{p}.example", ResponseRate = 0.8 };
                for (var s = 1; s <= SettingCount / 200; s++)
                {
                    var type = random.NextDouble() switch { < 0.5 => PlacementType.Fostering, < 0.8 => PlacementType.ChildrensHome, _ => PlacementType.SupportedAccommodation };
                    var regulated = random.NextDouble() < (type == PlacementType.SupportedAccommodation ? 0.6 : 0.95);
                    var places = 1 + random.Next(4);
                    provider.Settings.Add(new Setting
                    {
                        Name = $"Setting {p}-{s}", Type = type,
                        Registration = (type, regulated) switch
                        {
                            (PlacementType.Fostering, true) => Registration.OfstedFosteringAgency,
                            (PlacementType.ChildrensHome, true) => Registration.OfstedChildrensHome,
                            (PlacementType.SupportedAccommodation, true) => Registration.OfstedSupportedAccommodation,
                            (PlacementType.ChildrensHome, false) => Registration.Unregistered,
                            _ => Registration.Unregulated,
                        },
                        Rating = regulated ? (OfstedRating)random.Next(4) : null,
                        Postcode = "AM1 1AA", Locality = "Amberford", Latitude = 52 + random.NextDouble(), Longitude = -1.5 + random.NextDouble(), InCounty = random.Next(3) != 0,
                        Places = places, PlacesFilled = random.NextDouble() < 0.7 ? places : random.Next(places),
                        MinAge = type switch { PlacementType.SupportedAccommodation => 16, PlacementType.ChildrensHome => 8, _ => 0 }, MaxAge = 17,
                        WeeklyRate = type switch { PlacementType.Fostering => 800 + random.Next(500), PlacementType.ChildrensHome => 4000 + random.Next(3000), _ => 1200 + random.Next(1500) },
                        StabilityRate = 0.5 + (random.NextDouble() / 2), Contract = ContractArrangement.Spot,
                    });
                }

                providers.Add(provider);
            }

            db.Providers.AddRange(providers);
            db.SaveChanges();

            var settings = providers.SelectMany(p => p.Settings).ToList();
            var unregulatedFlats = settings.Where(s => s.Registration == Registration.Unregulated && s.Type == PlacementType.SupportedAccommodation).ToList();
            var fostering = settings.Where(s => s.Type == PlacementType.Fostering && s.Registration == Registration.OfstedFosteringAgency).ToList();
            var homes = settings.Where(s => s.Type == PlacementType.ChildrensHome && s.Registration == Registration.OfstedChildrensHome).ToList();
            var now = Now.UtcDateTime;
            for (var i = 0; i < Watched; i++)
            {
                var (setting, age, preferred, interim) = (i % 4) switch
                {
                    0 or 1 => (unregulatedFlats[random.Next(unregulatedFlats.Count)], 16 + random.Next(2), PlacementType.SupportedAccommodation, false),
                    2 => (fostering[random.Next(fostering.Count)], 5 + random.Next(10), PlacementType.Fostering, true),
                    _ => (homes[random.Next(homes.Count)], 10 + random.Next(6), PlacementType.Fostering, false),
                };
                var start = today.AddDays(-random.Next(10, 300));
                var request = new PlacementRequest
                {
                    Reference = $"PR-{20_000 + i}", ChildReference = $"CH-{i:0000}", DateOfBirth = today.AddYears(-age).AddDays(-random.Next(1, 300)), Gender = (Gender)random.Next(2),
                    Ethnicity = "White British", HomeLocality = "Amberford", HomeLatitude = 52 + random.NextDouble(), HomeLongitude = -1.5 + random.NextDouble(),
                    PlacementType = preferred, AlsoSuitableTypes = preferred == PlacementType.Fostering && !interim ? PlacementTypes.ChildrensHome : PlacementTypes.None,
                    NoticeReceivedAt = now.AddDays(-400), RequiredFrom = now.AddDays(-399), Urgency = Urgency.Planned, WeeklyBudget = 2000, MaxDistanceMiles = 20,
                    Needs = (Needs)(1 << random.Next(6)), Status = RequestStatus.Closed, Closure = RequestClosure.PlacementStarted, CreatedAt = now.AddDays(-400), CreatedBy = "broker@bench.example",
                };
                var referral = new Referral
                {
                    Setting = setting, ProviderId = setting.ProviderId, SentAt = now.AddDays(-400), SentBy = "bench", RespondBy = now.AddDays(-399), FirstChaseAt = now.AddDays(-399), SecondChaseAt = now.AddDays(-399),
                    Status = ReferralStatus.Accepted, Offer = new Offer { AvailableFrom = start, WeeklyCost = setting.WeeklyRate, Status = OfferStatus.Accepted, CreatedAt = now.AddDays(-399) },
                };
                request.Referrals.Add(referral);
                request.Placements.Add(new Placement
                {
                    Offer = referral.Offer, Setting = setting, Status = PlacementStatus.Started, StartDate = start, WeeklyCost = setting.WeeklyRate, Contract = ContractArrangement.Spot,
                    Registration = setting.Registration, MatchRationale = "Bench", AcceptedAt = now.AddDays(-399), AcceptedBy = "bench", IsInterim = interim,
                });
                db.PlacementRequests.Add(request);
            }

            db.SaveChanges();
        }

        // The first sweep finds each child's options; later sweeps find only what changed.
        var found = SweepAsync().GetAwaiter().GetResult();
        Console.WriteLine($"// First sweep found {found:N0} options for {Watched:N0} watched children");
        if (found == 0)
        {
            throw new InvalidOperationException("The watch found no options: the benchmark's market does not exercise it");
        }
    }

    [IterationSetup(Target = nameof(FirstSweep))]
    public void Forget()
    {
        using var db = new BrokerageDbContext(Options);
        db.Database.ExecuteSqlRaw("DELETE FROM StepOutAlerts");
        db.Database.ExecuteSqlRaw("DELETE FROM OutboxMessages");
        db.Database.ExecuteSqlRaw("DELETE FROM AuditEvents");
    }

    [Benchmark(Description = "Step-out watch, first sweep: 1,000 watched children x 10,000 settings, every option new (recorded and emailed)")]
    public Task<int> FirstSweep() => SweepAsync();

    [Benchmark(Description = "Step-out watch, a later sweep: the same market, nothing new")]
    public Task<int> LaterSweep() => SweepAsync();

    [GlobalCleanup]
    public void Cleanup()
    {
        SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }

    private async Task<int> SweepAsync()
    {
        await using var db = new BrokerageDbContext(Options);
        var links = new BrokerageLinks("http://localhost:5080");
        var council = Opts.Create(new CouncilOptions { Name = "Benchmark County Council", ServiceName = "Brokerage", TeamName = "placements team" });
        var email = Opts.Create(new EmailOptions { AssistantDirectorsEmail = "assistant.directors@bench.example" });
        var job = new StepOutWatchJob(db, _rules, _engine, new MatchingService(db, _rules, _engine, _time, Metrics), _time, new BrokerEmails(links, council), email);
        return await job.ExecuteAsync(CancellationToken.None);
    }
}
