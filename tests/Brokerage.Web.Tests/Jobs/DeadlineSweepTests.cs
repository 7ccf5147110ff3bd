using Brokerage.Core.Domain;
using Brokerage.Core.Jobs;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Web.Tests.Jobs;

public sealed class DeadlineSweepTests
{

    private static DateTime At(int day, int hour, int minute = 0) => new(2026, 11, day, hour, minute, 0, DateTimeKind.Utc);

    [Fact]
    public async Task EveryChaseAndRespondBy_FiresOnceAtItsMoment_ForEachUrgency()
    {
        using var factory = new BrokerageWebFactory();
        // Hand-computed from rules/sla.json: crisis and emergency on the clock; short notice and
        // planned on working hours (09:00–17:00), starting Friday 10:00.
        var expected = new Dictionary<string, (int Days, DateTime First, DateTime Second, DateTime RespondBy)>
        {
            ["CH-SLA-CRISIS"] = (0, At(20, 11), At(20, 11, 30), At(20, 12)),
            ["CH-SLA-EMERG"] = (2, At(20, 14), At(20, 16), At(20, 18)),
            ["CH-SLA-SHORT"] = (6, At(20, 17), At(23, 13), At(23, 16)),
            ["CH-SLA-PLAN"] = (20, At(23, 14), At(24, 14), At(25, 10)),
        };
        var referrals = new List<Referral>();
        foreach (var (child, e) in expected)
        {
            var scenario = await Scenario.RequestWithReferralsAsync(factory, child, 1, requiredInDays: e.Days);
            var referral = scenario.Referrals.Single();
            Assert.Equal((e.First, e.Second, e.RespondBy), (referral.FirstChaseAt, referral.SecondChaseAt, referral.RespondBy));
            referrals.Add(referral);
        }

        var moments = referrals.SelectMany(r => new[] { (At: r.FirstChaseAt, Id: r.Id, Kind: "Reminder:"), (At: r.SecondChaseAt, Id: r.Id, Kind: "Second reminder:"), (At: r.RespondBy, Id: r.Id, Kind: "No response") })
            .OrderBy(m => m.At).ToList();
        foreach (var moment in moments)
        {
            factory.Time.SetUtcNow(moment.At.AddMinutes(-1));
            await factory.RunAsync<ReferralDeadlinesJob, SweepResult>(j => j.ExecuteAsync(CancellationToken.None));
            Assert.Equal(0, await CountAsync(factory, moment.Id, moment.Kind));

            factory.Time.SetUtcNow(moment.At);
            await factory.RunAsync<ReferralDeadlinesJob, SweepResult>(j => j.ExecuteAsync(CancellationToken.None));
            Assert.Equal(1, await CountAsync(factory, moment.Id, moment.Kind));
        }

        factory.Time.Advance(TimeSpan.FromDays(7));
        var late = await factory.RunAsync<ReferralDeadlinesJob, SweepResult>(j => j.ExecuteAsync(CancellationToken.None));
        Assert.Equal(0, late.Total);
        foreach (var moment in moments)
        {
            Assert.Equal(1, await CountAsync(factory, moment.Id, moment.Kind));
        }

        var statuses = await factory.WithDbAsync(db => db.Referrals.Where(r => referrals.Select(x => x.Id).Contains(r.Id)).Select(r => r.Status).ToListAsync());
        Assert.All(statuses, s => Assert.Equal(ReferralStatus.NoResponse, s));
    }

    [Fact]
    public async Task TwoSweepsAtOnce_SendEachChaseOnce()
    {
        using var factory = new BrokerageWebFactory();
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-RACE-SWEEP", 3, requiredInDays: 2);
        factory.Time.SetUtcNow(scenario.Referrals.Max(r => r.FirstChaseAt));

        var results = await Task.WhenAll(
            factory.RunAsync<ReferralDeadlinesJob, SweepResult>(j => j.ExecuteAsync(CancellationToken.None)),
            factory.RunAsync<ReferralDeadlinesJob, SweepResult>(j => j.ExecuteAsync(CancellationToken.None)));

        Assert.Equal(3, results.Sum(r => r.FirstChases));
        foreach (var referral in scenario.Referrals)
        {
            Assert.Equal(1, await CountAsync(factory, referral.Id, "Reminder:"));
        }

        Assert.Equal(3, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.PlacementRequestId == scenario.RequestId && a.Action == "FirstChaseSent")));
    }

    [Fact]
    public async Task ARestartBetweenSchedulingAndFiring_LosesNoDeadline()
    {
        using var folder = new TempFolder("restart");
        var directory = folder.Path;
        Scenario.Referred scenario;
        using (var before = BrokerageWebFactory.Over(directory, new FakeTimeProvider(BrokerageWebFactory.Start)))
        {
            scenario = await Scenario.RequestWithReferralsAsync(before, "CH-RESTART", 2, requiredInDays: 2);
        }

        // A new process: new in-memory Hangfire storage, same database.
        var time = new FakeTimeProvider(BrokerageWebFactory.Start);
        using var after = BrokerageWebFactory.Over(directory, time);
        time.SetUtcNow(scenario.Referrals[0].FirstChaseAt);
        var result = await after.RunAsync<ReferralDeadlinesJob, SweepResult>(j => j.ExecuteAsync(CancellationToken.None));

        Assert.Equal(2, result.FirstChases);
        Assert.All(scenario.Referrals, r => Assert.Equal(1, CountAsync(after, r.Id, "Reminder:").GetAwaiter().GetResult()));
        after.Dispose();
        TestDatabase.Drop(directory);
    }

    private static Task<int> CountAsync(BrokerageWebFactory factory, int referralId, string subjectStart) =>
        factory.WithDbAsync(async db =>
        {
            var referral = await db.Referrals.Include(r => r.PlacementRequest).SingleAsync(r => r.Id == referralId);
            var marker = subjectStart == "No response" ? "No response from" : $"{referral.PlacementRequest.Reference}-{referral.Id}";
            return await db.OutboxMessages.CountAsync(m => m.PlacementRequestId == referral.PlacementRequestId && m.Subject.StartsWith(subjectStart) && m.Subject.Contains(marker));
        });
}
