using System.Net;
using Brokerage.Core.Domain;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Requests;

/// <summary>
/// What the broker's pages answer when a form cannot be acted on: a 400 with the field's error for
/// bad input, a 409 with the page as it now is when someone else acted first, and nothing written.
/// </summary>
public sealed class BrokerPageOutcomeTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    private const string Broker = "broker@ambershire.example";

    [Fact]
    public async Task RunMatching_AfterTheChildWasPlacedElsewhere_IsAConflictShownOnTheReloadedPage()
    {
        var request = await Scenario.CreateRequestAsync(factory, "CH-OUT-RUN");
        var broker = await Browser.SignedInAsync(factory, Broker);
        var url = $"/requests/{request.Id}";
        var token = await TokenAsync(broker, url);
        await PlaceAsync(request.Id);

        var response = await PostAsync(broker, url + "?handler=RunMatching", token);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Contains("This request already has an accepted offer, so matching cannot be run again", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Placed", page.QuerySelector("[data-testid=request-status]")!.TextContent.Trim());
        Assert.Null(page.QuerySelector("[data-testid=run-matching]"));
        Assert.Equal(0, await factory.WithDbAsync(db => db.MatchingRuns.CountAsync(r => r.PlacementRequestId == request.Id)));
    }

    [Fact]
    public async Task SendReferrals_WithNoSettingChosen_IsABadRequestNamingTheField()
    {
        var run = await Scenario.MatchedAsync(factory, "CH-OUT-NONE");
        var broker = await Browser.SignedInAsync(factory, Broker);

        var response = await broker.SubmitAsync($"/requests/{run.PlacementRequestId}/matching/{run.Id}", []);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Equal("Select at least one provider to send a referral to", page.QuerySelector(".govuk-error-summary a[href='#SettingIds']")!.TextContent.Trim());
        Assert.NotEmpty(page.QuerySelectorAll("[data-testid=candidate]"));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Referrals.CountAsync(r => r.PlacementRequestId == run.PlacementRequestId)));
    }

    [Fact]
    public async Task SendReferrals_AfterTheChildWasPlacedElsewhere_IsAConflictAndSendsNothing()
    {
        var run = await Scenario.MatchedAsync(factory, "CH-OUT-SEND");
        var broker = await Browser.SignedInAsync(factory, Broker);
        var url = $"/requests/{run.PlacementRequestId}/matching/{run.Id}";
        var token = await TokenAsync(broker, url);
        var settingId = run.Candidates.Where(c => c.Outcome == EligibilityOutcome.Eligible).OrderBy(c => c.Rank).First().SettingId;
        await PlaceAsync(run.PlacementRequestId);

        var response = await PostAsync(broker, url, token, ("SettingIds", settingId.ToString(System.Globalization.CultureInfo.InvariantCulture)));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Contains("no more referrals can be sent", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Null(page.QuerySelector("[data-testid=send-referrals]"));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Referrals.CountAsync(r => r.PlacementRequestId == run.PlacementRequestId)));
        Assert.Equal(0, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.PlacementRequestId == run.PlacementRequestId)));
    }

    [Fact]
    public async Task CreateRequest_WithUnreadableDateTimeAndMoney_ShowsEveryErrorAtOnceInFormOrder()
    {
        var broker = await Browser.SignedInAsync(factory, Broker);
        var form = RequestForm.Valid(factory.Time.GetUtcNow(), "CH-OUT-FORM", requiredInDays: 5);
        form["DateOfBirth.Month"] = "";
        form["NoticeReceivedTime"] = "25:99";
        form["WeeklyBudget"] = "60000";
        form["MaxDistanceMiles"] = "twenty";
        form["Summary"] = new string('x', 2_001);

        var response = await broker.SubmitAsync("/requests/new", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        var errors = page.QuerySelectorAll(".govuk-error-summary__list a").Select(a => (a.GetAttribute("href"), a.TextContent.Trim())).ToList();
        Assert.Equal(
            [
                ("#DateOfBirth", "The date of birth must include a month"),
                ("#NoticeReceivedTime", "The time notice was received must be a time in 24-hour format, like 09:30 or 17:00"),
                ("#WeeklyBudget", "The weekly budget must be between £1 and £50,000"),
                ("#MaxDistanceMiles", "The preferred maximum distance must be a whole number, like 20"),
                ("#Summary", "The summary must be 2,000 characters or fewer"),
            ],
            errors);
        Assert.False(await factory.WithDbAsync(db => db.PlacementRequests.AnyAsync(r => r.ChildReference == "CH-OUT-FORM")));
    }

    [Fact]
    public async Task ExceptionalReferral_ToASettingTheRulesDidNotExclude_IsNotFound()
    {
        var run = await Scenario.MatchedAsync(factory, "CH-OUT-EXC");
        var eligible = run.Candidates.First(c => c.Outcome == EligibilityOutcome.Eligible);
        var broker = await Browser.SignedInAsync(factory, Broker);

        var (response, _) = await broker.GetAsync($"/requests/{run.PlacementRequestId}/matching/{run.Id}/exceptional/{eligible.SettingId}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private Task PlaceAsync(int requestId) =>
        factory.WithDbAsync(async db =>
        {
            // Another broker has just confirmed a placement for this child.
            var request = await db.PlacementRequests.SingleAsync(r => r.Id == requestId);
            request.Status = RequestStatus.Placed;
            await db.SaveChangesAsync();
            return request;
        });

    private static async Task<string> TokenAsync(Browser browser, string url)
    {
        var (_, page) = await browser.GetAsync(url);
        return page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
    }

    private static Task<HttpResponseMessage> PostAsync(Browser browser, string url, string token, params (string Name, string Value)[] fields) =>
        browser.Client.PostAsync(url, new FormUrlEncodedContent(
            fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value)).Append(new("__RequestVerificationToken", token))));
}
