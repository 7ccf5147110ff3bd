using Brokerage.Core.Demo;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Core.Tests.Demo;

public sealed class DemoDataTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 15, 0, TimeSpan.Zero);
    private static readonly RuleSet Rules = RuleSet.Load(RulesDirectory.Real);

    [Fact]
    public async Task Seed_CoversEveryArrangementRegistrationAndRating_AndEveryUrgency()
    {
        using var database = new SqliteDatabase();
        await using var db = database.CreateContext();

        await DemoData.SeedAsync(db, Rules, new FakeTimeProvider(Now));

        var settings = await db.Settings.ToListAsync();
        Assert.True(await db.Providers.CountAsync() >= 40);
        Assert.True(settings.Count >= 150);
        Assert.Equal(Enum.GetValues<ContractArrangement>().Order(), settings.Select(s => s.Contract).Distinct().Order());
        Assert.Equal(Enum.GetValues<Registration>().Order(), settings.Select(s => s.Registration).Distinct().Order());
        Assert.Equal(Enum.GetValues<OfstedRating>().Order(), settings.Where(s => s.Rating is not null).Select(s => s.Rating!.Value).Distinct().Order());
        Assert.Equal(Enum.GetValues<PlacementType>().Order(), settings.Select(s => s.Type).Distinct().Order());
        Assert.Contains(settings, s => !s.InCounty);
        Assert.All(settings.Where(s => s.Contract == ContractArrangement.Framework), s => Assert.False(string.IsNullOrEmpty(s.FrameworkLot)));
        var requests = await db.PlacementRequests.ToListAsync();
        Assert.Equal(Enum.GetValues<Urgency>().Order(), requests.Select(r => r.Urgency).Distinct().Order());
    }

    [Fact]
    public async Task Seed_EntersTheMarketThroughTheDirectory_SoEveryRecordHasItsHistory()
    {
        using var database = new SqliteDatabase();
        await using var db = database.CreateContext();

        await DemoData.SeedAsync(db, Rules, new FakeTimeProvider(Now));

        async Task<HashSet<int?>> EnteredAsync(string action, string entityType) =>
            (await db.AuditEvents.Where(a => a.Action == action && a.EntityType == entityType && a.Actor == "commissioner@ambershire.example").Select(a => a.EntityId).ToListAsync()).ToHashSet();
        var providersAdded = await EnteredAsync("ProviderAdded", nameof(Provider));
        var settingsAdded = await EnteredAsync("SettingAdded", nameof(Setting));
        var contracted = await EnteredAsync("ContractAdded", nameof(Setting));
        Assert.All(await db.Providers.Select(p => p.Id).ToListAsync(), id => Assert.Contains(id, providersAdded));
        Assert.All(await db.Settings.Select(s => s.Id).ToListAsync(), id => Assert.Contains(id, settingsAdded));
        Assert.All(await db.SettingContracts.Select(c => c.SettingId).ToListAsync(), id => Assert.Contains(id, contracted));
        Assert.Equal(1, await db.Providers.Where(p => p.Name == DemoData.CouncilProviderName).Select(p => p.Id).SingleAsync());
        // Regulator details the directory requires: a rated inspection has its date, a CQC home its location.
        Assert.DoesNotContain(await db.Settings.ToListAsync(), s => (s.Rating is { } r && r != OfstedRating.NotYetInspected && s.RatingDate is null) || (s.Registration == Registration.Cqc && s.CqcLocationId is null));
    }

    [Fact]
    public async Task Seed_IsDeterministicAndRunsOnlyOnce()
    {
        using var first = new SqliteDatabase();
        using var second = new SqliteDatabase();
        await using var a = first.CreateContext();
        await using var b = second.CreateContext();

        await DemoData.SeedAsync(a, Rules, new FakeTimeProvider(Now));
        await DemoData.SeedAsync(a, Rules, new FakeTimeProvider(Now.AddDays(1)));
        await DemoData.SeedAsync(b, Rules, new FakeTimeProvider(Now));

        static Task<List<string>> Fingerprint(Data.BrokerageDbContext db) =>
            db.Settings.OrderBy(s => s.Id).Select(s => s.Name + s.Postcode + s.WeeklyRate + s.Registration + s.Places).ToListAsync();
        Assert.Equal(await Fingerprint(a), await Fingerprint(b));
        Assert.Equal(await b.PlacementRequests.CountAsync(), await a.PlacementRequests.CountAsync());
    }

    [Fact]
    public async Task Seed_TakesEachRequestsUrgencyFromTheUrgencyFile()
    {
        var directory = RulesDirectory.Copy();
        var path = Path.Combine(directory, RuleSet.UrgencyFile);
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"maxNoticeDays\": 3", "\"maxNoticeDays\": 9", StringComparison.Ordinal));
        var rules = RuleSet.Load(directory);
        Directory.Delete(directory, recursive: true);
        using var database = new SqliteDatabase();
        await using var db = database.CreateContext();

        await DemoData.SeedAsync(db, rules, new FakeTimeProvider(Now));

        var requests = await db.PlacementRequests.ToListAsync();
        Assert.All(requests, r => Assert.Equal(rules.Urgency.Classify(UrgencyPolicy.NoticeDays(r.NoticeReceivedAt, r.RequiredFrom)), r.Urgency));
        Assert.Contains(requests, r => r.Urgency == Urgency.Emergency && UrgencyPolicy.NoticeDays(r.NoticeReceivedAt, r.RequiredFrom) > 3);
    }

    [Fact]
    public async Task EveryOpenDemoRequest_HasAtLeastThreeEligibleSettings()
    {
        using var database = new SqliteDatabase();
        await using var db = database.CreateContext();
        var time = new FakeTimeProvider(Now);
        var rules = RuleSet.Load(RulesDirectory.Real);
        await DemoData.SeedAsync(db, rules, time);
        var matching = new MatchingService(db, rules, new MatchingEngine(rules), time, TestMetrics.Create());

        foreach (var request in await db.PlacementRequests.AsNoTracking().ToListAsync())
        {
            var run = await matching.RunAsync(new RunMatchingOptions(request.Id, "test", "Demo check"));

            Assert.True(run.Candidates.Count(c => c.Outcome == EligibilityOutcome.Eligible) >= 3, $"{request.Reference} has fewer than three eligible settings");
            Assert.Equal(rules.Version, run.RulesVersion);
        }
    }
}
