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

    /// <summary>A mail server that takes the connection and never says a word, then recovers.</summary>
    private sealed class SilentThenWorkingMailServer : IEmailSender, IDisposable
    {
        private readonly System.Net.Sockets.TcpListener _silent = new(System.Net.IPAddress.Loopback, 0);
        private readonly SmtpEmailSender _sender;

        public SilentThenWorkingMailServer()
        {
            _silent.Start(backlog: 500);
            _sender = new SmtpEmailSender(new SmtpOptions { Host = "127.0.0.1", Port = ((System.Net.IPEndPoint)_silent.LocalEndpoint).Port, UseStartTls = false, TimeoutSeconds = 1 });
        }

        public bool Recovered { get; set; }
        public int SilentAttempts { get; private set; }
        public List<MimeMessage> Delivered { get; } = [];

        public Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            if (Recovered)
            {
                Delivered.Add(message);
                return Task.CompletedTask;
            }

            SilentAttempts++;
            return _sender.SendAsync(message, cancellationToken);
        }

        public void Dispose() => _silent.Stop();
    }

    [Fact]
    public async Task AMailServerThatNeverAnswers_CostsOneTimeoutARun_AndEveryMessageGoesOnceItRecovers()
    {
        using var database = new SqliteDatabase();
        var time = new FakeTimeProvider(Now);
        using var server = new SilentThenWorkingMailServer();
        await using (var db = database.CreateContext())
        {
            for (var i = 0; i < 300; i++)
            {
                db.Enqueue(Now.UtcDateTime, $"provider{i}@example.org", new Email("Referral", "Body"));
            }

            await db.SaveChangesAsync();
        }

        async Task<int> RunAsync()
        {
            await using var db = database.CreateContext();
            return await new OutboxDeliveryJob(db, server, Options.Create(new EmailOptions { From = "brokerage@council.example" }), time, TestMetrics.Create(), NullLogger<OutboxDeliveryJob>.Instance).ExecuteAsync(CancellationToken.None);
        }

        // The run gives up on the silent server after its timeout and stops: one attempt, not 100.
        Assert.Equal(0, await RunAsync());
        Assert.Equal(1, server.SilentAttempts);
        await using (var check = database.CreateContext())
        {
            var first = await check.OutboxMessages.OrderBy(m => m.Id).FirstAsync();
            Assert.Equal("TimeoutException: The mail server did not finish within 1 seconds", first.LastError);
            Assert.Equal(1, first.Attempts);
            Assert.Equal(299, await check.OutboxMessages.CountAsync(m => m.Attempts == 0 && m.LockedUntil == null && m.Status == OutboxStatus.Pending));
        }

        // Once it answers, every message is delivered, each once.
        server.Recovered = true;
        time.Advance(TimeSpan.FromMinutes(1));
        var sent = 0;
        for (var run = 0; run < 5; run++)
        {
            sent += await RunAsync();
        }

        Assert.Equal(300, sent);
        Assert.Equal(300, server.Delivered.Select(m => m.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task ABacklog_IsDeliveredInOneRun_NotOneBatchAMinute()
    {
        using var database = new SqliteDatabase();
        var server = new RefusesOneRecipient("unknown@example.org");
        await using (var db = database.CreateContext())
        {
            for (var i = 0; i < 250; i++)
            {
                // One refused address in every batch: a refusal about one message does not end the run.
                db.Enqueue(Now.UtcDateTime, i % 100 == 0 ? "unknown@example.org" : $"provider{i}@example.org", new Email("Chase", "Body"));
            }

            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
        {
            var sent = await new OutboxDeliveryJob(db, server, Options.Create(new EmailOptions { From = "brokerage@council.example" }), new FakeTimeProvider(Now), TestMetrics.Create(), NullLogger<OutboxDeliveryJob>.Instance).ExecuteAsync(CancellationToken.None);

            Assert.Equal(247, sent);
        }

        Assert.Equal(247, server.Delivered.Distinct().Count());
    }

    [Fact]
    public async Task AMessageTheServerRefuses_DoesNotStopTheOthers()
    {
        using var database = new SqliteDatabase();
        var time = new FakeTimeProvider(Now);
        var server = new RefusesOneRecipient("unknown@example.org");
        await using (var db = database.CreateContext())
        {
            db.Enqueue(Now.UtcDateTime, "unknown@example.org", new Email("Referral", "Body"));
            db.Enqueue(Now.UtcDateTime, "provider@example.org", new Email("Referral", "Body"));
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
        {
            Assert.Equal(1, await new OutboxDeliveryJob(db, server, Options.Create(new EmailOptions { From = "brokerage@council.example" }), time, TestMetrics.Create(), NullLogger<OutboxDeliveryJob>.Instance).ExecuteAsync(CancellationToken.None));
        }

        Assert.Equal(["provider@example.org"], server.Delivered);
    }

    [Fact]
    public async Task AnAddressThatIsNotOne_FailsThatMessageOnly()
    {
        using var database = new SqliteDatabase();
        var server = new RefusesOneRecipient("nobody");
        await using (var db = database.CreateContext())
        {
            // Passes the scheme file's check (it has an @) but is no address: the comma.
            db.Enqueue(Now.UtcDateTime, "vacancies@northshire,gov.uk", new Email("Scheme offer", "Body"));
            db.Enqueue(Now.UtcDateTime, "provider@example.org", new Email("Referral", "Body"));
            await db.SaveChangesAsync();
        }

        await using (var db = database.CreateContext())
        {
            await new OutboxDeliveryJob(db, server, Options.Create(new EmailOptions { From = "Ambershire Brokerage <brokerage@council.example>" }), new FakeTimeProvider(Now), TestMetrics.Create(), NullLogger<OutboxDeliveryJob>.Instance).ExecuteAsync(CancellationToken.None);
        }

        Assert.Equal(["provider@example.org"], server.Delivered);
        await using var check = database.CreateContext();
        Assert.StartsWith("ParseException", (await check.OutboxMessages.OrderBy(m => m.Id).FirstAsync()).LastError, StringComparison.Ordinal);
    }

    private sealed class RefusesOneRecipient(string refused) : IEmailSender
    {
        public List<string> Delivered { get; } = [];

        public Task SendAsync(MimeMessage message, CancellationToken cancellationToken)
        {
            var to = message.To.Mailboxes.Single().Address;
            if (to == refused)
            {
                throw new MailKit.Net.Smtp.SmtpCommandException(MailKit.Net.Smtp.SmtpErrorCode.RecipientNotAccepted, MailKit.Net.Smtp.SmtpStatusCode.MailboxUnavailable, "550 No such user");
            }

            Delivered.Add(to);
            return Task.CompletedTask;
        }
    }
}
