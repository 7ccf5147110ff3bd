using System.Net;
using System.Text.Json;
using Brokerage.Core.Domain;
using Brokerage.Core.Jobs;
using Brokerage.Core.Notifications;
using Brokerage.Web.Infrastructure;
using Brokerage.Web.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Jobs;

/// <summary>
/// A mail server that stops answering must not stop the clock on a child's search: delivery runs
/// on workers of its own, so the deadline sweeps always have theirs, and /health says email is
/// backing up before anyone has to notice.
/// </summary>
public sealed class MailServerStallTests
{
    [Fact]
    public async Task DeliveryAndTheDeadlineSweeps_RunOnSeparateJobServers_SoDeliveryCanNeverTakeASweepsWorker()
    {
        using var factory = new BrokerageWebFactory { Settings = new Dictionary<string, string> { ["Brokerage:RunJobs"] = "true" } };
        var storage = factory.Services.GetRequiredService<JobStorage>();

        using var connection = storage.GetConnection();
        var queues = connection.GetRecurringJobs().ToDictionary(j => j.Id, j => j.Job?.Queue ?? j.Queue);
        Assert.All(Sweeps.Deadline, sweep => Assert.Equal(JobsExtensions.DeadlineQueue, queues[sweep]));
        Assert.Equal(JobsExtensions.MailQueue, queues["outbox-delivery"]);
        Assert.Equal(JobsExtensions.MailQueue, queues["planning-forum-digest"]);

        // Servers announce themselves a moment after start.
        IList<Hangfire.Storage.Monitoring.ServerDto> servers = [];
        for (var i = 0; i < 50 && servers.Count < 2; i++)
        {
            await Task.Delay(100);
            servers = storage.GetMonitoringApi().Servers();
        }

        var deadlines = Assert.Single(servers, s => s.Queues.Contains(JobsExtensions.DeadlineQueue));
        Assert.DoesNotContain(JobsExtensions.MailQueue, deadlines.Queues);
        var mail = Assert.Single(servers, s => s.Queues.Contains(JobsExtensions.MailQueue));
        Assert.DoesNotContain(JobsExtensions.DeadlineQueue, mail.Queues);
        Assert.Equal(1, mail.WorkersCount);
    }

    [Fact]
    public async Task Health_TurnsDegraded_WhenTheOldestWaitingEmailHasWaitedTooLong()
    {
        using var factory = new BrokerageWebFactory();
        var client = (await Browser.SignedInAsync(factory, TestUsers.Admin)).Client;
        Assert.Equal("Healthy", (await OutboxCheckAsync(client)).Status);

        await factory.WithDbAsync(async db =>
        {
            db.Enqueue(factory.Time.GetUtcNow().UtcDateTime, "provider@example.org", new Email("Referral", "Body"));
            return await db.SaveChangesAsync();
        });
        factory.Time.Advance(TimeSpan.FromMinutes(15));

        var response = await client.GetAsync("/health");
        var outbox = await OutboxCheckAsync(client);

        // Degraded is still 200: the app serves pages; a monitor reads the status.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Degraded", outbox.Status);
        Assert.EndsWith("the oldest for 15 minutes", outbox.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASweepThatFinishes_IsRecordedByTheJobServer()
    {
        using var factory = new BrokerageWebFactory { Settings = new Dictionary<string, string> { ["Brokerage:RunJobs"] = "true" } };
        factory.Services.GetRequiredService<IRecurringJobManager>().Trigger(Sweeps.ReferralDeadlines);

        DateTime? recorded = null;
        for (var i = 0; i < 100 && recorded is null; i++)
        {
            await Task.Delay(100);
            recorded = await factory.WithDbAsync(db => db.SweepRuns.Where(r => r.Name == Sweeps.ReferralDeadlines).Select(r => (DateTime?)r.LastSucceededAt).SingleOrDefaultAsync());
        }

        Assert.Equal(factory.Time.GetUtcNow().UtcDateTime, recorded);
    }

    [Fact]
    public async Task Health_TurnsDegraded_WhenADeadlineSweepHasNotFinishedInTime()
    {
        using var factory = new BrokerageWebFactory();
        var client = (await Browser.SignedInAsync(factory, TestUsers.Admin)).Client;
        Assert.Equal("Healthy", (await CheckAsync(client, "deadline sweeps")).Status);

        // No sweep has run (this app runs no job server): after the limit, /health says so.
        factory.Time.Advance(TimeSpan.FromMinutes(15));
        var none = await CheckAsync(client, "deadline sweeps");
        Assert.Equal("Degraded", none.Status);
        Assert.Contains("referral-deadlines (not finished since start-up)", none.Description, StringComparison.Ordinal);

        await factory.WithDbAsync(db =>
        {
            foreach (var sweep in Sweeps.Deadline)
            {
                db.RecordSuccess(sweep, factory.Time.GetUtcNow().UtcDateTime);
            }

            return Task.FromResult(0);
        });
        Assert.Equal("Healthy", (await CheckAsync(client, "deadline sweeps")).Status);

        factory.Time.Advance(TimeSpan.FromMinutes(14));
        await factory.WithDbAsync(db => Task.FromResult(db.SweepRuns.Where(r => r.Name != Sweeps.OfferHolds).ExecuteUpdate(u => u.SetProperty(r => r.LastSucceededAt, factory.Time.GetUtcNow().UtcDateTime))));
        factory.Time.Advance(TimeSpan.FromMinutes(1));
        var stopped = await CheckAsync(client, "deadline sweeps");
        Assert.Equal(("Degraded", "Late: offer-holds (last finished 15 minutes ago)"), stopped);
    }

    [Fact]
    public async Task AMailServerThatHangs_WithThreeHundredEmailsWaiting_HoldsUpNoSweep_TurnsHealthDegraded_AndLosesNothing()
    {
        await using var smtp = new FakeSmtpServer(TimeSpan.Zero) { Stalled = true };
        using var factory = new BrokerageWebFactory
        {
            Settings = new Dictionary<string, string>
            {
                ["Brokerage:RunJobs"] = "true",
                ["Brokerage:Jobs:QueuePollSeconds"] = "1",
                ["Email:Smtp:Host"] = "127.0.0.1",
                ["Email:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["Email:Smtp:UseStartTls"] = "false",
                // Longer than the test: delivery stays stuck in the hung conversation until the server recovers.
                ["Email:Smtp:TimeoutSeconds"] = "120",
                ["Email:HealthBacklog"] = "100",
            },
        };
        var admin = (await Browser.SignedInAsync(factory, TestUsers.Admin)).Client;
        var queued = await factory.WithDbAsync(async db =>
        {
            for (var i = 0; i < 300; i++)
            {
                db.Enqueue(factory.Time.GetUtcNow().UtcDateTime, $"provider{i}@example.org", new Email("Referral", "Body"));
            }

            await db.SaveChangesAsync();
            return await db.OutboxMessages.Where(m => m.Status == OutboxStatus.Pending).Select(m => m.Id).ToListAsync();
        });
        var jobs = factory.Services.GetRequiredService<IRecurringJobManager>();

        // Delivery takes its worker into the silent conversation and stays there; the next minute's
        // run waits behind it rather than taking another worker into another silent conversation.
        jobs.Trigger("outbox-delivery");
        jobs.Trigger("outbox-delivery");
        await UntilAsync(() => Task.FromResult(smtp.StalledConnections > 0), "delivery to reach the hung server");

        // Every deadline sweep still runs, and finishes, while delivery is stuck.
        foreach (var sweep in Sweeps.Deadline)
        {
            jobs.Trigger(sweep);
        }

        await UntilAsync(async () => await factory.WithDbAsync(db => db.SweepRuns.CountAsync()) == Sweeps.Deadline.Count, "every deadline sweep to finish");
        Assert.Empty(smtp.Received);
        Assert.Equal(1, smtp.StalledConnections);
        var outbox = await OutboxCheckAsync(admin);
        Assert.Equal(("Degraded", "300 waiting, the oldest for 0 minutes"), outbox);

        // The server recovers: every message is delivered, each once.
        smtp.Stalled = false;
        // The message caught in the hung conversation fails (the connection closes) and waits out its back-off.
        await UntilAsync(async () => await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Attempts == 1)) == 1, "the hung attempt to end");
        factory.Time.Advance(TimeSpan.FromHours(1));
        await UntilAsync(async () =>
        {
            jobs.Trigger("outbox-delivery");
            await Task.Delay(500);

            return smtp.Received.Count >= queued.Count;
        }, "every message to be delivered");
        // Message-IDs are outbox-{id}@…, so each message is known by its outbox row.
        Assert.Equal(queued.Order(), smtp.Received.Select(id => int.Parse(id["outbox-".Length..id.IndexOf('@', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture)).Distinct().Order());
        Assert.Equal(queued.Count, smtp.Received.Count);
        Assert.Equal("Healthy", (await OutboxCheckAsync(admin)).Status);
    }

    // A wait, not a timing check: generous, because Hangfire's workers start late on a loaded two-core machine.
    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var until = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < until)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail("Waited 90 seconds for " + what);
    }

    private static Task<(string Status, string Description)> OutboxCheckAsync(HttpClient client) => CheckAsync(client, "outbox");

    private static async Task<(string Status, string Description)> CheckAsync(HttpClient client, string name)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync("/health"));
        var check = json.RootElement.GetProperty("checks").GetProperty(name);
        return (check.GetProperty("status").GetString()!, check.GetProperty("description").GetString()!);
    }
}
