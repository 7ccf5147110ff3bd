using System.Net;
using Brokerage.Core.Domain;
using Brokerage.Core.Jobs;
using Brokerage.Core.Placements;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Requests;

/// <summary>A request after it was made: changed as the plan changes, withdrawn, its referrals chased and withdrawn by hand.</summary>
public sealed class RequestLifeCycleTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    [Fact]
    public async Task Withdraw_WithThreeOpenReferrals_TellsEachProviderOnce_AndNoChaseRespondByEscalationOrHoldFiresAfterwards()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-WD-THREE", 3, requiredInDays: 2);
        var offer = await Scenario.OfferAsync(factory, scenario.Referrals[0], 900);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<PlacementService>().HoldOfferAsync(new HoldOfferOptions(scenario.RequestId, offer.Id, TestUsers.Broker));
        }

        var reference = await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == scenario.RequestId).Select(r => r.Reference).SingleAsync());
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        var withdrawn = await broker.SubmitAsync($"/requests/{scenario.RequestId}/withdraw", new() { ["Reason"] = "ReturnedHome", ["Details"] = "" });

        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        var notices = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.PlacementRequestId == scenario.RequestId && m.Subject == $"Referral {reference} withdrawn: no reply needed").Select(m => m.To).ToListAsync());
        Assert.Equal(scenario.Referrals.Select(r => r.Setting.Provider.ReferralEmail).Order(), notices.Order());
        var sentBefore = await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.PlacementRequestId == scenario.RequestId));
        var eventsBefore = await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.PlacementRequestId == scenario.RequestId));

        // Every deadline the request had (chases, respond-by, escalation, the free hold) passes.
        factory.Time.Advance(TimeSpan.FromDays(7));
        await factory.RunAsync<ReferralDeadlinesJob, SweepResult>(j => j.ExecuteAsync(CancellationToken.None));
        await factory.RunAsync<SearchEscalationJob, int>(j => j.ExecuteAsync(CancellationToken.None));
        await factory.RunAsync<OfferHoldsJob, int>(j => j.ExecuteAsync(CancellationToken.None));

        Assert.Equal(sentBefore, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.PlacementRequestId == scenario.RequestId)));
        Assert.Equal(eventsBefore, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.PlacementRequestId == scenario.RequestId)));
        var request = await factory.WithDbAsync(db => db.PlacementRequests.Include(r => r.Referrals).ThenInclude(r => r.Offer).SingleAsync(r => r.Id == scenario.RequestId));
        Assert.Equal((RequestStatus.Closed, RequestClosure.Withdrawn, WithdrawalReason.ReturnedHome), (request.Status, request.Closure!.Value, request.WithdrawalReason!.Value));
        Assert.All(request.Referrals, r => Assert.Equal(ReferralStatus.Withdrawn, r.Status));
        Assert.Equal(OfferStatus.Withdrawn, request.Referrals.Single(r => r.Offer is not null).Offer!.Status);

        // A closed request is found by the search over past requests (a week on, the broker signs in again).
        broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        var (_, found) = await broker.GetAsync("/requests?Search=ch-wd-three&Status=Closed");
        Assert.Contains(reference, found.QuerySelector("[data-testid=past-requests]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Withdraw_WithoutAReason_IsRefusedNamingTheField_AndNothingIsWritten()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-WD-NOREASON", 2);
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);

        var refused = await broker.SubmitAsync($"/requests/{scenario.RequestId}/withdraw", new() { ["Details"] = "" });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await Browser.ParseAsync(refused);
        var link = page.QuerySelector(".govuk-error-summary a[href='#Reason']");
        Assert.Equal("Select why the request is being withdrawn", link?.TextContent.Trim());
        Assert.Equal(RequestStatus.Searching, await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == scenario.RequestId).Select(r => r.Status).SingleAsync()));
        Assert.Equal(0, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.PlacementRequestId == scenario.RequestId && m.Subject.Contains("withdrawn"))));
    }

    [Fact]
    public async Task EditingNeeds_AfterReferrals_TellsEachReferredProviderOnce_ShowsThemTheNewProfile_AndAsksTheBrokerToRunMatchingAgain()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-EDIT-NEEDS", 2);
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        var editUrl = $"/requests/{scenario.RequestId}/edit";
        var (_, form) = await broker.GetAsync(editUrl);
        var fields = Browser.FormValues(form, "[data-testid=save-request]");
        Assert.DoesNotContain(fields, f => f.Key == "Needs" && f.Value == "MentalHealth");

        var saved = await broker.PostAsync(editUrl, [.. fields, new("Needs", "MentalHealth")]);

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        foreach (var referral in scenario.Referrals)
        {
            var told = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.PlacementRequestId == scenario.RequestId && m.Subject.Contains($"-{referral.Id} has changed")).ToListAsync());
            var notice = Assert.Single(told);
            Assert.Equal(referral.Setting.Provider.ReferralEmail, notice.To);
            Assert.Contains("Mental health", notice.Body, StringComparison.Ordinal);

            var provider = await Browser.SignedInAsync(factory, referral.Setting.Provider.ReferralEmail);
            var (_, providerPage) = await provider.GetAsync($"/provider/referrals/{referral.Id}");
            Assert.NotNull(providerPage.QuerySelector("[data-testid=profile-changed]"));
            Assert.Contains("Mental health", providerPage.QuerySelector("[data-testid=child-profile]")!.TextContent, StringComparison.Ordinal);
        }

        var (_, requestPage) = await broker.GetAsync($"/requests/{scenario.RequestId}");
        Assert.NotNull(requestPage.QuerySelector("[data-testid=run-matching-again]"));
        var edit = await factory.WithDbAsync(db => db.AuditEvents.SingleAsync(a => a.PlacementRequestId == scenario.RequestId && a.Action == "RequestEdited"));
        Assert.DoesNotContain("Mental health", edit.Before, StringComparison.Ordinal);
        Assert.Contains("Mental health", edit.After, StringComparison.Ordinal);

        // A change providers never see (the council's own summary) tells nobody again.
        var (_, again) = await broker.GetAsync(editUrl);
        var resaved = await broker.PostAsync(editUrl, Browser.FormValues(again, "[data-testid=save-request]").Select(f => f.Key == "Summary" ? new KeyValuePair<string, string>("Summary", "Social worker visiting Tuesday") : f));
        Assert.Equal(HttpStatusCode.Redirect, resaved.StatusCode);
        Assert.Equal(2, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.PlacementRequestId == scenario.RequestId && m.Subject.Contains("has changed"))));

        // Running matching again answers the prompt.
        await broker.SubmitAsync($"/requests/{scenario.RequestId}", [], postUrl: $"/requests/{scenario.RequestId}?handler=RunMatching");
        var (_, rematched) = await broker.GetAsync($"/requests/{scenario.RequestId}");
        Assert.Null(rematched.QuerySelector("[data-testid=run-matching-again]"));
    }

    [Fact]
    public async Task Edit_OfAClosedRequest_IsRefused_AndNothingChanges()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-EDIT-CLOSED", 1);
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        var editUrl = $"/requests/{scenario.RequestId}/edit";
        var (_, form) = await broker.GetAsync(editUrl);
        var fields = Browser.FormValues(form, "[data-testid=save-request]");
        await broker.SubmitAsync($"/requests/{scenario.RequestId}/withdraw", new() { ["Reason"] = "NoLongerNeeded" });

        var refused = await broker.PostAsync(editUrl, fields.Select(f => f.Key == "WeeklyBudget" ? new KeyValuePair<string, string>("WeeklyBudget", "4321") : f));

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("can no longer be changed", (await Browser.ParseAsync(refused)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.NotEqual(4321m, await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == scenario.RequestId).Select(r => r.WeeklyBudget).SingleAsync()));
        Assert.Equal(0, await factory.WithDbAsync(db => db.AuditEvents.CountAsync(a => a.PlacementRequestId == scenario.RequestId && a.Action == "RequestEdited")));
    }

    [Fact]
    public async Task Broker_ChasesAReferralByHandOnce_ThenWithdrawsIt_AndTheProviderIsToldEachTime()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-REF-CHASE", 2);
        var referral = scenario.Referrals[0];
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        var requestUrl = $"/requests/{scenario.RequestId}";

        var chased = await broker.SubmitAsync(requestUrl, [], postUrl: $"{requestUrl}?handler=Chase&referralId={referral.Id}");
        var twice = await broker.SubmitAsync(requestUrl, [], postUrl: $"{requestUrl}?handler=Chase&referralId={referral.Id}");

        Assert.Equal(HttpStatusCode.Redirect, chased.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == referral.Setting.Provider.ReferralEmail && m.Subject.StartsWith("Please answer referral") && m.Subject.Contains($"-{referral.Id} "))));
        var (_, page) = await broker.GetAsync(requestUrl);
        Assert.Contains("chased by hand", page.QuerySelector("[data-testid=timeline]")!.TextContent, StringComparison.Ordinal);

        var withdrawUrl = $"{requestUrl}/referrals/{referral.Id}/withdraw";
        var noReason = await broker.SubmitAsync(withdrawUrl, new() { ["Reason"] = " " });
        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.NotNull((await Browser.ParseAsync(noReason)).QuerySelector(".govuk-error-summary a[href='#Reason']"));
        Assert.Equal(ReferralStatus.Sent, await factory.WithDbAsync(db => db.Referrals.Where(r => r.Id == referral.Id).Select(r => r.Status).SingleAsync()));

        var withdrawn = await broker.SubmitAsync(withdrawUrl, new() { ["Reason"] = "The child's plan now needs a home nearer school" });

        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        var statuses = await factory.WithDbAsync(db => db.Referrals.Where(r => r.PlacementRequestId == scenario.RequestId).OrderBy(r => r.Id).Select(r => r.Status).ToListAsync());
        Assert.Equal([ReferralStatus.Withdrawn, ReferralStatus.Sent], statuses);
        var notice = await factory.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.To == referral.Setting.Provider.ReferralEmail && m.Subject.Contains("withdrawn for")));
        Assert.Contains("nearer school", notice.Body, StringComparison.Ordinal);

        // The deadlines of a withdrawn referral no longer fire; the other referral's still do.
        factory.Time.SetUtcNow(scenario.Referrals.Max(r => r.FirstChaseAt));
        var swept = await factory.RunAsync<ReferralDeadlinesJob, SweepResult>(j => j.ExecuteAsync(CancellationToken.None));
        Assert.Equal(0, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Subject.StartsWith("Reminder:") && m.Subject.Contains($"-{referral.Id} "))));
        Assert.Equal(1, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Subject.StartsWith("Reminder:") && m.Subject.Contains($"-{scenario.Referrals[1].Id} "))));
        Assert.True(swept.FirstChases >= 1);
    }
}
