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
