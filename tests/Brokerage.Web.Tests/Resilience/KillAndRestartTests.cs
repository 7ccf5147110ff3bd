using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Resilience;

/// <summary>
/// The app as its own process, killed with SIGKILL in the middle of sending referrals,
/// answering them and delivering mail, then started again on the same database: whatever
/// it acknowledged is there, nothing is half-done, and no email is lost or sent twice over.
/// </summary>
public sealed class KillAndRestartTests : IAsyncLifetime
{
    private const string ApiKey = Web.Infrastructure.Startup.DemoApiKey;
    private const int Requests = 10;
    private const int ReferralsPerRequest = 3;

    private readonly TempFolder _folder = new("kill");
    private FakeSmtpServer _smtp = null!;
    private AppProcess _app = null!;

    public async Task InitializeAsync()
    {
        _smtp = new FakeSmtpServer(TimeSpan.FromMilliseconds(150));
        _app = await StartAsync(deliver: false);
    }

    [Fact]
    public async Task KilledWhileSendingReferrals_AnsweringAndDeliveringMail_RestartsWithNothingLostOrDuplicated()
    {
        // 1. Sending referrals: every request's referrals are sent at once, and the process dies part-way.
        var planned = new List<(int RequestId, int RunId, int[] SettingIds)>();
        using (var api = ApiClient())
        {
            for (var i = 0; i < Requests; i++)
            {
                planned.Add(await PlanAsync(api, $"CH-KILL{i:00}"));
            }
        }

        var acknowledged = await SendAndKillAsync(planned);
        _app = await StartAsync(deliver: false);
        await using (var db = Database())
        {
            foreach (var (requestId, _, settings) in planned)
            {
                var referrals = await db.Referrals.Where(r => r.PlacementRequestId == requestId).ToListAsync();
                // All of a request's referrals were sent, or none: never some of them.
                Assert.Contains(referrals.Count, new[] { 0, settings.Length });
                if (acknowledged.Contains(requestId))
                {
                    Assert.Equal(settings.Length, referrals.Count);
                }

                foreach (var referral in referrals)
                {
                    Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Subject.StartsWith("New ") && m.Subject.Contains($"-{referral.Id}:")));
                }
            }
        }

        // The broker sends again what did not go: it goes once.
        using (var api = ApiClient())
        {
            await using var db = Database();
            foreach (var (requestId, runId, settings) in planned)
            {
                if (!await db.Referrals.AnyAsync(r => r.PlacementRequestId == requestId))
                {
                    var resent = await api.PostAsJsonAsync($"/api/v1/placement-requests/{requestId}/referrals", new { matchingRunId = runId, settingIds = settings });
                    Assert.Equal(HttpStatusCode.Created, resent.StatusCode);
                }
            }
        }

        // 2. Answering: providers decline through the web form at the same time, and the process dies part-way.
        var referralIds = await WithDbAsync(db => db.Referrals.Where(r => planned.Select(p => p.RequestId).Contains(r.PlacementRequestId)).OrderBy(r => r.Id).Select(r => new { r.Id, r.Setting.Provider.ReferralEmail }).ToListAsync());
        Assert.Equal(Requests * ReferralsPerRequest, referralIds.Count);
        var answered = await AnswerAndKillAsync(referralIds.Select(r => (r.Id, r.ReferralEmail)).ToList());
        // From this start the outbox is delivered, to a mail server that is slow.
        _app = await StartAsync(deliver: true);
        await using (var db = Database())
        {
            foreach (var referral in referralIds)
            {
                var stored = await db.Referrals.SingleAsync(r => r.Id == referral.Id);
                if (answered.Contains(referral.Id))
                {
                    Assert.Equal(ReferralStatus.Declined, stored.Status);
                }

                // An answer is stored with its audit event, or not at all; never twice.
                var audited = await db.AuditEvents.CountAsync(a => a.Action == "ReferralDeclined" && a.EntityId == referral.Id);
                Assert.Equal(stored.Status == ReferralStatus.Declined ? 1 : 0, audited);
            }
        }

        // 3. Delivering: the slow mail server is part-way through the outbox when the process dies.
        var outbox = await WithDbAsync(db => db.OutboxMessages.Select(m => m.Id).ToListAsync());
        Assert.True(outbox.Count > 20, "enough mail to be part-way through");
        await WaitUntilAsync(() => _smtp.Received.Count >= 5, "the outbox to start delivering");
        _app.Kill();
        var beforeRestart = _smtp.Received.Count;
        Assert.True(beforeRestart < outbox.Count, "the kill came before delivery finished");
        _app = await StartAsync(deliver: true);
        await WaitUntilAsync(async () => await WithDbAsync(db => db.OutboxMessages.AllAsync(m => m.Status == OutboxStatus.Sent)), "every message to be sent after the restart");

        var received = _smtp.Received.ToList();
        var expected = (await WithDbAsync(db => db.OutboxMessages.Select(m => m.Id).ToListAsync())).Select(id => $"outbox-{id}@brokerage.ambershire.example").ToHashSet();
        // Nothing lost: the mail server has every message.
        Assert.Subset(received.ToHashSet(), expected);
        // Nothing sent twice, except what a killed process had handed over without hearing back (one
        // per delivery run in progress, with two workers); it carries the same Message-ID, so the
        // mail system recognises it.
        Assert.InRange(received.Count - received.Distinct().Count(), 0, 2);
    }

    private async Task<(int RequestId, int RunId, int[] SettingIds)> PlanAsync(HttpClient api, string child)
    {
        var now = DateTimeOffset.UtcNow;
        var created = await api.PostAsJsonAsync("/api/v1/placement-requests", new
        {
            childReference = child,
            dateOfBirth = DateOnly.FromDateTime(now.UtcDateTime.AddYears(-10)),
            gender = "Female",
            ethnicity = "White British",
            legalStatus = "CareOrder",
            needs = new[] { "Trauma" },
            homeLocality = "Amberford",
            placementType = "Fostering",
            noticeReceivedAt = now,
            requiredFrom = now.AddDays(10),
            weeklyBudget = 1200,
            maxDistanceMiles = 40,
            brokerEmail = TestUsers.Broker,
        });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetInt32();
        var run = await (await api.PostAsync($"/api/v1/placement-requests/{id}/matching-runs", null)).Content.ReadFromJsonAsync<JsonElement>();
        var settings = run.GetProperty("candidates").EnumerateArray()
            .Where(c => c.GetProperty("outcome").GetString() == "Eligible")
            .Take(ReferralsPerRequest).Select(c => c.GetProperty("settingId").GetInt32()).ToArray();
        Assert.Equal(ReferralsPerRequest, settings.Length);
        return (id, run.GetProperty("id").GetInt32(), settings);
    }

    /// <summary>Sends every request's referrals at once and kills the app once a few have been acknowledged.</summary>
    private async Task<HashSet<int>> SendAndKillAsync(List<(int RequestId, int RunId, int[] SettingIds)> planned)
    {
        using var api = ApiClient();
        var acknowledged = new HashSet<int>();
        var sends = planned.ToDictionary(
            p => api.PostAsJsonAsync($"/api/v1/placement-requests/{p.RequestId}/referrals", new { matchingRunId = p.RunId, settingIds = p.SettingIds }),
            p => p.RequestId);
        var pending = sends.Keys.ToList();
        while (pending.Count > 0 && acknowledged.Count < 3)
        {
            var done = await Task.WhenAny(pending);
            pending.Remove(done);
            if (done.IsCompletedSuccessfully && done.Result.StatusCode == HttpStatusCode.Created)
            {
                acknowledged.Add(sends[done]);
            }
        }

        _app.Kill();
        await Task.WhenAll(pending.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        return acknowledged;
    }

    /// <summary>Each provider signs in and declines its referrals, all at once; the app is killed once some are acknowledged.</summary>
    private async Task<HashSet<int>> AnswerAndKillAsync(List<(int Id, string ProviderEmail)> referrals)
    {
        var acknowledged = new HashSet<int>();
        var sessions = new Dictionary<string, HttpClient>();
        foreach (var email in referrals.Select(r => r.ProviderEmail).Distinct())
        {
            sessions[email] = await SignedInAsync(email);
        }

        var answers = referrals.ToDictionary(r => DeclineAsync(sessions[r.ProviderEmail], r.Id), r => r.Id);
        var pending = answers.Keys.ToList();
        while (pending.Count > 0 && acknowledged.Count < referrals.Count / 3)
        {
            var done = await Task.WhenAny(pending);
            pending.Remove(done);
            if (done.IsCompletedSuccessfully && done.Result)
            {
                acknowledged.Add(answers[done]);
            }
        }

        _app.Kill();
        await Task.WhenAll(pending.Select(t => t.ContinueWith(_ => { }, TaskScheduler.Default)));
        foreach (var session in sessions.Values)
        {
            session.Dispose();
        }

        return acknowledged;
    }

    private async Task<HttpClient> SignedInAsync(string email)
    {
        var client = _app.Client();
        var token = await FormTokenAsync(client, "/sign-in");
        var signedIn = await client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = email,
            ["Password"] = TestUsers.Password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        return client;
    }

    private static async Task<bool> DeclineAsync(HttpClient provider, int referralId)
    {
        var path = $"/provider/referrals/{referralId}";
        var token = await FormTokenAsync(provider, path);
        var posted = await provider.PostAsync(path, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["Answer"] = "decline",
            ["DeclineReason"] = "NoVacancy",
            ["Details"] = "No carer free this month",
        }));
        return posted.StatusCode == HttpStatusCode.Redirect;
    }

    private static async Task<string> FormTokenAsync(HttpClient client, string path)
    {
        var page = new HtmlParser().ParseDocument(await client.GetStringAsync(path));
        return page.QuerySelector("input[name=__RequestVerificationToken]")?.GetAttribute("value")
            ?? throw new InvalidOperationException("No form on " + path);
    }

    private Task<AppProcess> StartAsync(bool deliver) => AppProcess.StartAsync(_folder.Path, new Dictionary<string, string>
    {
        ["Email:Smtp:Host"] = "127.0.0.1",
        ["Email:Smtp:Port"] = _smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Email:Smtp:UseStartTls"] = "false",
        // Deliver every few seconds rather than every minute, so the test does not wait; or not at all yet.
        ["Brokerage:Jobs:OutboxCron"] = deliver ? "*/3 * * * * *" : "0 0 1 1 *",
        // A message a killed process had claimed is free again after 10 seconds rather than 15 minutes.
        ["Email:DeliveryLeaseSeconds"] = "10",
        // Shorter than the lease, as start-up requires: a claim must outlast any one conversation.
        ["Email:Smtp:TimeoutSeconds"] = "5",
    });

    private HttpClient ApiClient()
    {
        var client = _app.Client();
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    private BrokerageDbContext Database()
    {
        var connectionString = TestDatabase.ConnectionString(_folder.Path);
        return TestDatabase.IsPostgres
            ? new PostgresBrokerageDbContext(new DbContextOptionsBuilder<PostgresBrokerageDbContext>().UseNpgsql(connectionString).Options)
            : new BrokerageDbContext(new DbContextOptionsBuilder<BrokerageDbContext>().UseSqlite(connectionString).Options);
    }

    private async Task<T> WithDbAsync<T>(Func<BrokerageDbContext, Task<T>> query)
    {
        await using var db = Database();
        return await query(db);
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what) => await WaitUntilAsync(() => Task.FromResult(condition()), what);

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "timed out waiting for " + what);
            await Task.Delay(250);
        }
    }

    public async Task DisposeAsync()
    {
        _app.Dispose();
        await _smtp.DisposeAsync();
        TestDatabase.Drop(_folder.Path);
        _folder.Dispose();
    }

}
