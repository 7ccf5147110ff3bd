using System.Net;
using Brokerage.Core.Domain;
using Brokerage.Core.Jobs;
using Brokerage.Web.Tests.Infrastructure;
using Hangfire;
using Hangfire.Storage;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Web.Tests.Scale;

/// <summary>
/// Two web nodes on one PostgreSQL database, each running a Hangfire server on the shared job
/// storage: the way a council runs Brokerage behind a load balancer. scripts/test.sh runs these
/// in its PostgreSQL pass.
/// </summary>
[Trait("Category", "PostgreSql")]
[Collection(Alone)]
public sealed class TwoNodeTests : IDisposable
{
    /// <summary>
    /// Hangfire keeps its job storage in a process-wide setting as each app starts, so apps built at
    /// the same moment by other test classes can leave a node enqueuing into another app's storage,
    /// whose server then fails on a disposed container. These tests start their nodes alone.
    /// </summary>
    public const string Alone = "Two nodes, alone";

    private readonly TempFolder _folder = new("nodes");
    private readonly FakeTimeProvider _time = new(BrokerageWebFactory.Start);
    private readonly BrokerageWebFactory _nodeA;
    private readonly BrokerageWebFactory _nodeB;

    public TwoNodeTests()
    {
        _nodeA = Node();
        _ = _nodeA.Services; // the first node migrates and seeds; the second finds both done
        _nodeB = Node();
        _ = _nodeB.Services;
    }

    [PostgresFact]
    public async Task EachDueChase_SendsExactlyOneEmail_WhenBothNodesSweepAtOnce()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(_nodeA, "CH-NODES", 4);
        _time.SetUtcNow(scenario.Referrals.Max(r => r.FirstChaseAt));

        // Both Hangfire servers take sweeps from the shared queue while each node also sweeps
        // directly, all at the same moment.
        var queued = Enumerable.Range(0, 6)
            .Select(i => NodeFor(i).Services.GetRequiredService<IBackgroundJobClient>().Enqueue<ReferralDeadlinesJob>(j => j.ExecuteAsync(CancellationToken.None)))
            .ToList();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(i => NodeFor(i).RunAsync<ReferralDeadlinesJob, SweepResult>(j => j.ExecuteAsync(CancellationToken.None))));
        await WaitUntilSucceededAsync(queued);

        var monitoring = _nodeA.Services.GetRequiredService<JobStorage>().GetMonitoringApi();
        Assert.True(monitoring.Servers().Count >= 2, "both nodes' Hangfire servers share the PostgreSQL job storage");
        foreach (var referral in scenario.Referrals)
        {
            var marker = $"-{referral.Id} needs your answer";
            Assert.Equal(1, await _nodeB.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Subject.StartsWith("Reminder:") && m.Subject.Contains(marker))));
            Assert.Equal(1, await _nodeB.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.Action == "FirstChaseSent" && a.EntityId == referral.Id)));
        }

        // Both nodes deliver the outbox at once: every message is sent by exactly one of them.
        var pending = await _nodeA.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Pending));
        var delivered = await Task.WhenAll(_nodeA.DeliverOutboxAsync(), _nodeB.DeliverOutboxAsync(), _nodeA.DeliverOutboxAsync(), _nodeB.DeliverOutboxAsync());
        Assert.Equal(pending, delivered.Sum());
        Assert.Equal(0, await _nodeA.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Status == OutboxStatus.Pending)));
    }

    [PostgresFact]
    public async Task TwoBrokersOnDifferentNodes_AcceptingAtOnce_ExactlyOneOfferIsAccepted()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(_nodeA, "CH-NODE-RACE", 2);
        await Scenario.OfferAsync(_nodeA, scenario.Referrals[0], 900);
        await Scenario.OfferAsync(_nodeB, scenario.Referrals[1], 950);
        var first = await Browser.SignedInAsync(_nodeA, TestUsers.Broker);
        var second = await Browser.SignedInAsync(_nodeB, TestUsers.SecondBroker);
        var url = $"/requests/{scenario.RequestId}/offers";
        var (_, firstPage) = await first.GetAsync(url);
        var (_, secondPage) = await second.GetAsync(url);

        // The first broker accepts the first offer on node A while the second accepts the other on node B.
        var outcomes = await Task.WhenAll(
            PostAcceptAsync(first, firstPage, takeFirst: true),
            PostAcceptAsync(second, secondPage, takeFirst: false));

        Assert.Single(outcomes, s => s == HttpStatusCode.Redirect);
        Assert.Single(outcomes, s => s == HttpStatusCode.Conflict);
        Assert.Single(await _nodeA.WithDbAsync(db => db.Placements.Where(p => p.PlacementRequestId == scenario.RequestId).ToListAsync()));
        Assert.Single(await _nodeB.WithDbAsync(db => db.Offers.Where(o => o.Referral.PlacementRequestId == scenario.RequestId && o.Status == OfferStatus.Accepted).ToListAsync()));
    }

    [PostgresFact]
    public async Task ACookieAndFormTokenFromOneNode_AreAcceptedByTheOther()
    {
        var cookies = new CookieContainer();
        var onA = new Browser(_nodeA.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies)));
        var onB = new Browser(_nodeB.CreateDefaultClient(new Uri("http://localhost"), new CookieContainerHandler(cookies)));

        // The sign-in form comes from node B and is posted to node A, which issues the cookie...
        var (_, form) = await onB.GetAsync("/sign-in");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var signedIn = await onA.Client.PostAsync("/sign-in", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Email"] = TestUsers.Broker,
            ["Password"] = TestUsers.Password,
            ["__RequestVerificationToken"] = token,
        }));
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);

        // ...that node B reads: the data-protection keys are in the shared database.
        var (requests, page) = await onB.GetAsync("/requests");
        Assert.Equal(HttpStatusCode.OK, requests.StatusCode);
        Assert.Contains("Placement requests", page.QuerySelector("h1")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(await _nodeA.WithDbAsync(db => db.DataProtectionKeys.ToListAsync()));
    }

    private static async Task<HttpStatusCode> PostAcceptAsync(Browser browser, AngleSharp.Html.Dom.IHtmlDocument page, bool takeFirst)
    {
        var forms = page.QuerySelectorAll("form").Where(f => f.QuerySelector("[data-testid=accept-offer]") is not null).ToList();
        var form = takeFirst ? forms.First() : forms.Last();
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var response = await browser.Client.PostAsync(form.GetAttribute("action"), new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
        return response.StatusCode;
    }

    private BrokerageWebFactory NodeFor(int i) => i % 2 == 0 ? _nodeA : _nodeB;

    /// <summary>A node with its Hangfire server running, asking the shared queue for work every second.</summary>
    private BrokerageWebFactory Node() => BrokerageWebFactory.Over(_folder.Path, _time, new Dictionary<string, string>
    {
        ["Brokerage:RunJobs"] = "true",
        ["Brokerage:Jobs:QueuePollSeconds"] = "1",
        // Delivery runs only when the test says, so that it can count who sent what.
        ["Brokerage:Jobs:OutboxCron"] = "0 0 1 1 *",
    });

    private async Task WaitUntilSucceededAsync(IReadOnlyList<string> jobIds)
    {
        using var connection = _nodeA.Services.GetRequiredService<JobStorage>().GetConnection();
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (jobIds.Any(id => connection.GetStateData(id)?.Name != "Succeeded"))
        {
            var failed = jobIds.Select(id => connection.GetStateData(id)).FirstOrDefault(s => s?.Name == "Failed");
            Assert.True(failed is null, "a queued sweep failed: " + failed?.Reason);
            Assert.True(DateTime.UtcNow < deadline, "the Hangfire servers did not run the queued sweeps within two minutes: "
                + string.Join("; ", jobIds.Select(id => connection.GetStateData(id) is { } state ? $"{state.Name} {state.Reason}" : "no state")));
            await Task.Delay(250);
        }
    }

    public void Dispose()
    {
        _nodeB.Dispose();
        _nodeA.Dispose();
        TestDatabase.Drop(_folder.Path);
        _folder.Dispose();
    }
}

[CollectionDefinition(TwoNodeTests.Alone, DisableParallelization = true)]
public sealed class TwoNodesAlone;
