using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using MimeKit;

namespace Brokerage.Core.Tests.Notifications;

public sealed class OutboxDeliveryTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.Zero);

    /// <summary>A mail server that is down for the first <paramref name="failures"/> attempts.</summary>
    private sealed class FlakyMailServer(int failures) : IEmailSender
    {
        public List<MimeMessage> Delivered { get; } = [];
        public int Attempts { get; private set; }

        public Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            if (++Attempts <= failures)
            {
                throw new IOException("Connection refused");
            }

            Delivered.Add(message);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task MailServerDown_MessageWaitsWithBackOff_ThenIsDeliveredOnce()
    {
        using var database = new SqliteDatabase();
        var time = new FakeTimeProvider(Now);
        var server = new FlakyMailServer(failures: 2);
        await using (var db = database.CreateContext())
        {
            db.Enqueue(Now.UtcDateTime, "provider@example.org", new Email("Referral", "Body"));
            await db.SaveChangesAsync();
        }

        async Task<int> RunAsync()
        {
            await using var db = database.CreateContext();
            return await new OutboxDeliveryJob(db, server, Options.Create(new EmailOptions { From = "brokerage@council.example" }), time, TestMetrics.Create(), NullLogger<OutboxDeliveryJob>.Instance).ExecuteAsync(CancellationToken.None);
        }

        Assert.Equal(0, await RunAsync());
        Assert.Equal(1, server.Attempts);
        Assert.Equal(0, await RunAsync());
        Assert.Equal(1, server.Attempts); // not due again for a minute

        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await RunAsync());
        Assert.Equal(2, server.Attempts);
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(0, await RunAsync()); // the second back-off is two minutes
        time.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(1, await RunAsync());
        Assert.Equal(0, await RunAsync());

        Assert.Single(server.Delivered);
        await using var check = database.CreateContext();
        var message = await check.OutboxMessages.SingleAsync();
        Assert.Equal(OutboxStatus.Sent, message.Status);
        Assert.Equal(2, message.Attempts);
        Assert.Contains("Connection refused", message.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MailServerNeverAnswers_MessageIsMarkedFailedAfterTheLastAttempt_AndKept()
    {
        using var database = new SqliteDatabase();
        var time = new FakeTimeProvider(Now);
        var server = new FlakyMailServer(failures: int.MaxValue);
        await using (var db = database.CreateContext())
        {
            db.Enqueue(Now.UtcDateTime, "provider@example.org", new Email("Referral", "Body"));
            await db.SaveChangesAsync();
        }

        for (var i = 0; i < 10; i++)
        {
            await using var db = database.CreateContext();
            await new OutboxDeliveryJob(db, server, Options.Create(new EmailOptions { From = "brokerage@council.example", MaxAttempts = 3 }), time, TestMetrics.Create(), NullLogger<OutboxDeliveryJob>.Instance).ExecuteAsync(CancellationToken.None);
            time.Advance(TimeSpan.FromHours(5));
        }

        Assert.Equal(3, server.Attempts);
        await using var check = database.CreateContext();
        Assert.Equal(OutboxStatus.Failed, (await check.OutboxMessages.SingleAsync()).Status);
    }
}
