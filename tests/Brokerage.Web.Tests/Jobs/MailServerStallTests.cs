using System.Net;
using System.Text.Json;
using Brokerage.Core.Notifications;
using Brokerage.Web.Infrastructure;
using Brokerage.Web.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Jobs;

/// <summary>
/// A mail server that stops answering must not stop the clock on a child's search: delivery runs
/// on workers of its own, so the deadline sweeps always have theirs, and /health says email is
/// backing up before anyone has to notice.
/// </summary>
public sealed class MailServerStallTests
{
    private static readonly string[] DeadlineSweeps = ["referral-deadlines", "search-escalation", "offer-holds", "approval-reviews", "vacancy-scheme"];

    [Fact]
    public async Task DeliveryAndTheDeadlineSweeps_RunOnSeparateJobServers_SoDeliveryCanNeverTakeASweepsWorker()
    {
        using var factory = new BrokerageWebFactory { Settings = new Dictionary<string, string> { ["Brokerage:RunJobs"] = "true" } };
        var storage = factory.Services.GetRequiredService<JobStorage>();

        using var connection = storage.GetConnection();
        var queues = connection.GetRecurringJobs().ToDictionary(j => j.Id, j => j.Job?.Queue ?? j.Queue);
        Assert.All(DeadlineSweeps, sweep => Assert.Equal(JobsExtensions.DeadlineQueue, queues[sweep]));
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
        var client = factory.CreateClient();
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

    private static async Task<(string Status, string Description)> OutboxCheckAsync(HttpClient client)
    {
        using var json = JsonDocument.Parse(await client.GetStringAsync("/health"));
        var outbox = json.RootElement.GetProperty("checks").GetProperty("outbox");
        return (outbox.GetProperty("status").GetString()!, outbox.GetProperty("description").GetString()!);
    }
}
