using System.Diagnostics.Metrics;
using BenchmarkDotNet.Attributes;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Jobs;
using Brokerage.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Benchmarks;

/// <summary>One deadline sweep over 100,000 open referrals on SQLite, of which 1% have a chase due.</summary>
[SimpleJob(warmupCount: 2, iterationCount: 10, invocationCount: 1)]
public class DeadlineSweepBenchmarks
{
    private const int Requests = 1_000;
    private const int SettingsPerRequest = 100;
    private static readonly DateTime Now = new(2026, 11, 23, 12, 0, 0, DateTimeKind.Utc);

    // Recorded as in production, though nothing listens here.
    private static readonly BrokerageMetrics Metrics = new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
    private readonly string _path = Path.Combine(Path.GetTempPath(), "brokerage-sweep-bench.db");

    private DbContextOptions<BrokerageDbContext> Options => new DbContextOptionsBuilder<BrokerageDbContext>().UseSqlite($"Data Source={_path}").Options;

    [GlobalSetup]
    public void Setup()
    {
        File.Delete(_path);
        using var db = new BrokerageDbContext(Options);
        db.Database.Migrate();
        var provider = new Provider { Name = "Bench provider", ReferralEmail = "referrals@bench.example", EscalationEmail = "manager@bench.example" };
        db.Providers.Add(provider);
        for (var i = 0; i < SettingsPerRequest; i++)
        {
            db.Settings.Add(new Setting { Provider = provider, Name = "Setting " + i, Postcode = "AM1 1AA", Locality = "Amberford", Places = 2, MinAge = 0, MaxAge = 17 });
        }

        for (var i = 0; i < Requests; i++)
        {
            db.PlacementRequests.Add(new PlacementRequest
            {
                Reference = "PR-" + (10_000 + i), ChildReference = "CH-" + i, Ethnicity = "White British", HomeLocality = "Amberford",
                CreatedBy = "broker@bench.example", Status = RequestStatus.Searching, NoticeReceivedAt = Now.AddDays(-1), RequiredFrom = Now.AddDays(5), CreatedAt = Now.AddDays(-1),
            });
        }

        db.SaveChanges();

        // 100,000 referrals in one statement: every hundredth has its first chase due now.
        db.Database.ExecuteSqlRaw("""
            WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 99999)
            INSERT INTO Referrals (PlacementRequestId, SettingId, ProviderId, SentAt, SentBy, RespondBy, FirstChaseAt, SecondChaseAt, Status)
            SELECT 1 + i / 100, 1 + i % 100, 1, '2026-11-23 08:00:00', 'bench',
                   '2026-11-24 12:00:00',
                   CASE WHEN i % 100 = 0 THEN '2026-11-23 11:00:00' ELSE '2026-11-23 18:00:00' END,
                   '2026-11-23 20:00:00', 'Sent'
            FROM n
            """);
    }

    [IterationSetup]
    public void Reset()
    {
        using var db = new BrokerageDbContext(Options);
        db.Database.ExecuteSqlRaw("UPDATE Referrals SET FirstChaseSentAt = NULL WHERE FirstChaseSentAt IS NOT NULL");
        db.Database.ExecuteSqlRaw("DELETE FROM OutboxMessages");
        db.Database.ExecuteSqlRaw("DELETE FROM AuditEvents");
    }

    [Benchmark(Description = "Sweep 100,000 open referrals, 1,000 due")]
    public async Task<int> Sweep()
    {
        await using var db = new BrokerageDbContext(Options);
        var links = new Brokerage.Core.Common.BrokerageLinks("http://localhost:5080");
        var council = Microsoft.Extensions.Options.Options.Create(new Brokerage.Core.Council.CouncilOptions { Name = "Benchmark County Council" });
        var job = new ReferralDeadlinesJob(db, new FakeTimeProvider(new DateTimeOffset(Now)), new ProviderEmails(links, council), new BrokerEmails(links, council), Metrics, NullLogger<ReferralDeadlinesJob>.Instance);
        var result = await job.ExecuteAsync(CancellationToken.None);
        if (result.FirstChases != 1_000)
        {
            throw new InvalidOperationException($"Expected 1,000 first chases, got {result.FirstChases}");
        }

        return result.Total;
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_path);
    }
}
