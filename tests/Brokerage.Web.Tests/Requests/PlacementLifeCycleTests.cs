using System.Globalization;
using System.Net;
using Brokerage.Core;
using Brokerage.Core.Domain;
using Brokerage.Core.Jobs;
using Brokerage.Core.Placements;
using Brokerage.Core.Reports;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Requests;

/// <summary>A placement after the first yes: arrival, did not start, cost changes, endings and moves, with places filled following.</summary>
public sealed class PlacementLifeCycleTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    [Fact]
    public async Task PlacesFilled_RiseOnAcceptance_StayOnArrival_AndFallOnTheEnd_AndTheUtilisationReportAgrees()
    {
        var (requestId, settingId) = await PlacedAsync("CH-PL-PLACES", inHouse: true);
        var filledAtStart = await FilledAsync(settingId);
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);

        var arrived = await PostPageAsync(broker, $"/requests/{requestId}/placement/arrival", ArrivalForm(factory.Time.GetUtcNow()));

        Assert.Equal(HttpStatusCode.Redirect, arrived.StatusCode);
        Assert.Equal(filledAtStart, await FilledAsync(settingId));
        Assert.Equal((RequestStatus.Closed, RequestClosure.PlacementStarted), await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == requestId).Select(r => new ValueTuple<RequestStatus, RequestClosure>(r.Status, r.Closure!.Value)).SingleAsync()));
        var utilisationBefore = await FilledTodayInReportAsync();

        var ended = await PostPageAsync(broker, $"/requests/{requestId}/placement/end", EndForm(UkTime.Today(factory.Time), EndReason.ReturnedHome, planned: true, move: false));

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        Assert.Equal(filledAtStart - 1, await FilledAsync(settingId));
        Assert.Equal(PlacementStatus.Ended, await StatusAsync(requestId));
        Assert.Equal(utilisationBefore - 1, await FilledTodayInReportAsync());
    }

    [Fact]
    public async Task AnUnplannedEndingOnTheProvidersNotice_WithAMove_RaisesALinkedRequestFilledInFromTheLastOne()
    {
        var (requestId, _) = await PlacedAsync("CH-PL-MOVE");
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        await PostPageAsync(broker, $"/requests/{requestId}/placement/arrival", ArrivalForm(factory.Time.GetUtcNow()));
        var today = UkTime.Today(factory.Time);

        var ended = await PostPageAsync(broker, $"/requests/{requestId}/placement/end", EndForm(today.AddDays(10), EndReason.ProviderNotice, planned: false, move: true, noticeGivenOn: today));

        Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
        var placement = await factory.WithDbAsync(db => db.Placements.SingleAsync(p => p.PlacementRequestId == requestId));
        var last = await factory.WithDbAsync(db => db.PlacementRequests.SingleAsync(r => r.Id == requestId));
        var move = await factory.WithDbAsync(db => db.PlacementRequests.SingleAsync(r => r.ReplacesPlacementId == placement.Id));
        Assert.Equal($"/requests/{move.Id}", ended.Headers.Location!.OriginalString);
        Assert.Equal(move.Id, placement.MoveRequestId);
        Assert.Equal((last.ChildReference, last.DateOfBirth, last.Needs, last.PlacementType, last.HomeLocality), (move.ChildReference, move.DateOfBirth, move.Needs, move.PlacementType, move.HomeLocality));
        // Ten days' notice of the move is short notice, and the new home is needed on the day this one ends.
        Assert.Equal(Urgency.ShortNotice, move.Urgency);
        Assert.Equal(today.AddDays(10), DateOnly.FromDateTime(UkTime.ToLocal(move.RequiredFrom)));
        // The provider gave 0 days of the contract's 28: short notice, and the child is still there until the end date.
        Assert.Equal((PlacementStatus.Started, false, 28, true), (placement.Status, placement.EndPlanned!.Value, placement.NoticePeriodDays!.Value, placement.EndedOnShortNotice));

        // A second ending of the same placement (a move from a placement already ending) is refused.
        var again = await PostPageAsync(broker, $"/requests/{requestId}/placement/end", EndForm(today.AddDays(10), EndReason.Breakdown, planned: false, move: true));
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await using var scope = factory.Services.CreateAsyncScope();
        await Assert.ThrowsAsync<Core.Common.ConflictException>(() => scope.ServiceProvider.GetRequiredService<PlacementLifecycleService>().EndAsync(
            new EndPlacementOptions(requestId, placement.Version, today.AddDays(10), false, EndReason.Breakdown, null, null, true, TestUsers.Broker)));
        Assert.Equal(1, await factory.WithDbAsync(db => db.PlacementRequests.CountAsync(r => r.ReplacesPlacementId == placement.Id)));
    }

    [Fact]
    public async Task AnEndingStillToCome_KeepsThePlaceFilledUntilItsDay_ThenTheSweepGivesItBackOnce()
    {
        var (requestId, settingId) = await PlacedAsync("CH-PL-SWEEP");
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        await PostPageAsync(broker, $"/requests/{requestId}/placement/arrival", ArrivalForm(factory.Time.GetUtcNow()));
        var filled = await FilledAsync(settingId);
        var endsOn = UkTime.Today(factory.Time).AddDays(3);
        await PostPageAsync(broker, $"/requests/{requestId}/placement/end", EndForm(endsOn, EndReason.NeedsChanged, planned: true, move: false));

        await factory.RunAsync<PlacementEndingsJob, int>(j => j.ExecuteAsync(CancellationToken.None));
        Assert.Equal((PlacementStatus.Started, filled), (await StatusAsync(requestId), await FilledAsync(settingId)));

        factory.Time.Advance(TimeSpan.FromDays(3));
        await Task.WhenAll(
            factory.RunAsync<PlacementEndingsJob, int>(j => j.ExecuteAsync(CancellationToken.None)),
            factory.RunAsync<PlacementEndingsJob, int>(j => j.ExecuteAsync(CancellationToken.None)));

        Assert.Equal((PlacementStatus.Ended, filled - 1), (await StatusAsync(requestId), await FilledAsync(settingId)));
    }

    [Fact]
    public async Task BadInput_EndBeforeStart_OrACostChangeBeforeTheStart_IsRefusedNamingTheField_AndNothingIsWritten()
    {
        var (requestId, _) = await PlacedAsync("CH-PL-BAD");
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        await PostPageAsync(broker, $"/requests/{requestId}/placement/arrival", ArrivalForm(factory.Time.GetUtcNow()));
        var started = await factory.WithDbAsync(db => db.Placements.Where(p => p.PlacementRequestId == requestId).Select(p => p.StartDate).SingleAsync());

        var endBeforeStart = await PostPageAsync(broker, $"/requests/{requestId}/placement/end", EndForm(started.AddDays(-1), EndReason.Breakdown, planned: false, move: false));
        var costBeforeStart = await PostPageAsync(broker, $"/requests/{requestId}/placement/cost", new()
        {
            ["EffectiveFrom.Day"] = Day(started.AddDays(-3)).Day, ["EffectiveFrom.Month"] = Day(started.AddDays(-3)).Month, ["EffectiveFrom.Year"] = Day(started.AddDays(-3)).Year,
            ["WeeklyCost"] = "1100", ["Reason"] = "FeeUplift",
        });
        var nothingChosen = await PostPageAsync(broker, $"/requests/{requestId}/placement/end", new() { ["EndDate.Day"] = "" });

        Assert.Equal(HttpStatusCode.BadRequest, endBeforeStart.StatusCode);
        Assert.NotNull((await Browser.ParseAsync(endBeforeStart)).QuerySelector(".govuk-error-summary a[href='#EndDate']"));
        Assert.Equal(HttpStatusCode.BadRequest, costBeforeStart.StatusCode);
        Assert.NotNull((await Browser.ParseAsync(costBeforeStart)).QuerySelector(".govuk-error-summary a[href='#EffectiveFrom']"));
        var allAtOnce = (await Browser.ParseAsync(nothingChosen)).QuerySelectorAll(".govuk-error-summary a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["#EndDate", "#Planned", "#Reason", "#Move"], allAtOnce);
        var placement = await factory.WithDbAsync(db => db.Placements.Include(p => p.CostChanges).SingleAsync(p => p.PlacementRequestId == requestId));
        Assert.Equal((PlacementStatus.Started, (DateOnly?)null, 0), (placement.Status, placement.EndDate, placement.CostChanges.Count));
    }

    [Fact]
    public async Task TwoBrokersEndingTheSamePlacementAtOnce_OneWins_TheOtherGetsAConflict()
    {
        var (requestId, settingId) = await PlacedAsync("CH-PL-RACE");
        var first = await Browser.SignedInAsync(factory, TestUsers.Broker);
        var second = await Browser.SignedInAsync(factory, TestUsers.SecondBroker);
        await PostPageAsync(first, $"/requests/{requestId}/placement/arrival", ArrivalForm(factory.Time.GetUtcNow()));
        var filled = await FilledAsync(settingId);
        var url = $"/requests/{requestId}/placement/end";
        var (_, firstPage) = await first.GetAsync(url);
        var (_, secondPage) = await second.GetAsync(url);
        var today = UkTime.Today(factory.Time);

        var won = await first.PostAsync(url, WithForm(firstPage, EndForm(today, EndReason.Breakdown, planned: false, move: false)));
        var lost = await second.PostAsync(url, WithForm(secondPage, EndForm(today, EndReason.ChildWishes, planned: true, move: false)));

        Assert.Equal(HttpStatusCode.Redirect, won.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, lost.StatusCode);
        var placement = await factory.WithDbAsync(db => db.Placements.SingleAsync(p => p.PlacementRequestId == requestId));
        Assert.Equal(EndReason.Breakdown, placement.EndReason);
        Assert.Equal(filled - 1, await FilledAsync(settingId));
    }

    [Fact]
    public async Task APlacementThatDidNotStart_GivesThePlaceBack_AndOpensTheRequestAgainForAnotherOffer()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-PL-DNS", 2);
        var offers = new[] { await Scenario.OfferAsync(factory, scenario.Referrals[0], 900), await Scenario.OfferAsync(factory, scenario.Referrals[1], 950) };
        await AcceptAsync(scenario.RequestId, offers[0].Id);
        var settingId = scenario.Referrals[0].SettingId;
        var filled = await FilledAsync(settingId);
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);

        var noReason = await PostPageAsync(broker, $"/requests/{scenario.RequestId}/placement/did-not-start", new() { ["Reason"] = "" });
        var recorded = await PostPageAsync(broker, $"/requests/{scenario.RequestId}/placement/did-not-start", new() { ["Reason"] = "The child absconded before the move" });

        Assert.Equal(HttpStatusCode.BadRequest, noReason.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, recorded.StatusCode);
        Assert.Equal(filled - 1, await FilledAsync(settingId));
        Assert.Equal(RequestStatus.Open, await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == scenario.RequestId).Select(r => r.Status).SingleAsync()));
        Assert.Equal(1, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == scenario.Referrals[0].Setting.Provider.ReferralEmail && m.Subject.Contains("will not start"))));
    }

    [Fact]
    public async Task AWeeklyCostChange_AppliesFromItsDate_AndIsKeptWithTheCostBefore()
    {
        var (requestId, _) = await PlacedAsync("CH-PL-COST");
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        await PostPageAsync(broker, $"/requests/{requestId}/placement/arrival", ArrivalForm(factory.Time.GetUtcNow()));
        var from = UkTime.Today(factory.Time).AddDays(7);

        var changed = await PostPageAsync(broker, $"/requests/{requestId}/placement/cost", new()
        {
            ["EffectiveFrom.Day"] = Day(from).Day, ["EffectiveFrom.Month"] = Day(from).Month, ["EffectiveFrom.Year"] = Day(from).Year,
            ["WeeklyCost"] = "1,150", ["Reason"] = "PackageReview", ["Details"] = "Two fewer hours of 1:1 support",
        });

        Assert.True(changed.StatusCode == HttpStatusCode.Redirect, (await Browser.ParseAsync(changed)).QuerySelector(".govuk-error-summary")?.TextContent);
        var placement = await factory.WithDbAsync(db => db.Placements.Include(p => p.CostChanges).SingleAsync(p => p.PlacementRequestId == requestId));
        var change = Assert.Single(placement.CostChanges);
        Assert.Equal((placement.WeeklyCost, 1150m), (change.PreviousWeeklyCost, change.WeeklyCost));
        Assert.Equal(placement.WeeklyCost, placement.WeeklyCostOn(from.AddDays(-1)));
        Assert.Equal(1150m, placement.WeeklyCostOn(from));
    }

    [Fact]
    public async Task APlacementWhoseCostRisesToTheThreshold_IsListedAsHighCost_AndAnInterimOneAsInterim()
    {
        var (costly, _) = await PlacedAsync("CH-PL-HIGHCOST");
        var (stopGap, _) = await PlacedAsync("CH-PL-INTERIM");
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        var today = UkTime.Today(factory.Time);
        await PostPageAsync(broker, $"/requests/{stopGap}/placement", new() { ["isInterim"] = "true" }, handler: "Interim");
        Assert.False(await ListedAsync(broker, "HighCost", "CH-PL-HIGHCOST"));

        // The threshold is £5,000 a week (appsettings.json): a package review to exactly that, from
        // today or the day the placement begins, makes it high-cost.
        var start = await factory.WithDbAsync(db => db.Placements.Where(p => p.PlacementRequestId == costly).Select(p => p.StartDate).SingleAsync());
        var from = start > today ? start : today;
        var changed = await PostPageAsync(broker, $"/requests/{costly}/placement/cost", new()
        {
            ["EffectiveFrom.Day"] = Day(from).Day, ["EffectiveFrom.Month"] = Day(from).Month, ["EffectiveFrom.Year"] = Day(from).Year,
            ["WeeklyCost"] = "5000", ["Reason"] = "PackageReview",
        });

        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.True(await ListedAsync(broker, "HighCost", "CH-PL-HIGHCOST"));
        Assert.False(await ListedAsync(broker, "HighCost", "CH-PL-INTERIM"));
        Assert.True(await ListedAsync(broker, "Interim", "CH-PL-INTERIM"));
        Assert.False(await ListedAsync(broker, "Interim", "CH-PL-HIGHCOST"));
        var (_, page) = await broker.GetAsync("/placements?Show=HighCost&Search=CH-PL-HIGHCOST");
        Assert.Contains("£5,000", page.QuerySelector("[data-testid=placements] tbody tr")!.TextContent, StringComparison.Ordinal);

        // A commissioner reviews the same list; the placement's own page is the brokers'.
        var commissioner = await Browser.SignedInAsync(factory, TestUsers.Commissioner);
        Assert.True(await ListedAsync(commissioner, "HighCost", "CH-PL-HIGHCOST"));
        var (_, theirs) = await commissioner.GetAsync("/placements?Show=HighCost&Search=CH-PL-HIGHCOST");
        Assert.Null(theirs.QuerySelector("[data-testid=placements] a"));
    }

    [Fact]
    public async Task AChildWhoMovesTwiceAfterUnplannedEndings_CountsInThe3OrMorePlacementsMeasure_OnceTheThirdBegins()
    {
        var broker = await Browser.SignedInAsync(factory, TestUsers.Broker);
        var today = UkTime.Today(factory.Time);
        var (requestId, _) = await PlacedAsync("CH-PL-THREE");
        for (var move = 0; move < 2; move++)
        {
            await PostPageAsync(broker, $"/requests/{requestId}/placement/arrival", ArrivalForm(factory.Time.GetUtcNow()));
            var ended = await PostPageAsync(broker, $"/requests/{requestId}/placement/end", EndForm(today, EndReason.ProviderNotice, planned: false, move: true, noticeGivenOn: today));
            Assert.Equal(HttpStatusCode.Redirect, ended.StatusCode);
            requestId = await factory.WithDbAsync(db => db.Placements.Where(p => p.PlacementRequestId == requestId).Select(p => p.MoveRequestId!.Value).SingleAsync());
            await PlaceAsync(await factory.Services.MatchAsync(requestId));
        }

        // Two placements ended and the third confirmed: the child is not living anywhere recorded yet.
        var before = await ThreeOrMoreAsync();
        await PostPageAsync(broker, $"/requests/{requestId}/placement/arrival", ArrivalForm(factory.Time.GetUtcNow()));

        Assert.Equal((before.InCare + 1, before.ThreeOrMore + 1), await ThreeOrMoreAsync());
        Assert.Equal(3, await factory.WithDbAsync(db => db.Placements.CountAsync(p => p.PlacementRequest.ChildReference == "CH-PL-THREE" && p.Status != PlacementStatus.DidNotStart)));
    }

    /// <summary>The stability report's first row today: children in a placement, and those with 3 or more in the year.</summary>
    private async Task<(int InCare, int ThreeOrMore)> ThreeOrMoreAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var today = UkTime.Today(factory.Time);
        var table = (await scope.ServiceProvider.GetRequiredService<SufficiencyReports>().BuildAsync("stability", new ReportPeriod(today.AddYears(-1), today)))!;
        var row = table.Rows[0];
        return (int.Parse(row[1], NumberStyles.AllowThousands, CultureInfo.InvariantCulture), int.Parse(row[2].Split(' ')[0], NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
    }

    /// <summary>A request placed on its first offer, not yet started; with <paramref name="inHouse"/>, at an in-house setting the utilisation report counts.</summary>
    private async Task<(int RequestId, int SettingId)> PlacedAsync(string child, bool inHouse = false)
    {
        var run = await Scenario.MatchedAsync(factory, child);
        return (run.PlacementRequestId, await PlaceAsync(run, inHouse));
    }

    /// <summary>The request of a matching run placed on its best eligible setting with a place; returns the setting.</summary>
    private async Task<int> PlaceAsync(MatchingRun run, bool inHouse = false)
    {
        var candidate = await factory.WithDbAsync(db => db.MatchCandidates.Include(c => c.Setting)
            .Where(c => c.MatchingRunId == run.Id && c.Outcome == EligibilityOutcome.Eligible && c.Setting.Places - c.Setting.PlacesFilled >= 1)
            .Where(c => (c.Setting.Contract == ContractArrangement.InHouse) == inHouse)
            .OrderBy(c => c.Rank).FirstAsync());
        var referrals = await factory.Services.ReferAsync(run.PlacementRequestId, run.Id, [candidate.SettingId]);
        var offer = await factory.Services.OfferAsync(referrals[0].Id, 950);
        await AcceptAsync(run.PlacementRequestId, offer.Id);
        return candidate.SettingId;
    }

    private async Task AcceptAsync(int requestId, int offerId)
    {
        var version = await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == requestId).Select(r => r.Version).SingleAsync());
        await using var scope = factory.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<PlacementService>().AcceptOfferAsync(new AcceptOfferOptions(requestId, offerId, version, TestUsers.Broker));
    }

    private static async Task<bool> ListedAsync(Browser browser, string show, string child)
    {
        var (response, page) = await browser.GetAsync($"/placements?Show={show}&Search={child}");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return page.QuerySelectorAll("[data-testid=placements] tbody tr").Any(r => r.TextContent.Contains(child, StringComparison.Ordinal));
    }

    private Task<int> FilledAsync(int settingId) => factory.WithDbAsync(db => db.Settings.Where(s => s.Id == settingId).Select(s => s.PlacesFilled).SingleAsync());

    private Task<PlacementStatus> StatusAsync(int requestId) => factory.WithDbAsync(db => db.Placements.Where(p => p.PlacementRequestId == requestId).Select(p => p.Status).SingleAsync());

    /// <summary>The utilisation report's places filled today, over every in-house and block row.</summary>
    private async Task<int> FilledTodayInReportAsync()
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var today = UkTime.Today(factory.Time);
        var table = await scope.ServiceProvider.GetRequiredService<SufficiencyReports>().BuildAsync("utilisation", new ReportPeriod(today.AddYears(-1), today));
        var filled = table!.Columns.ToList().IndexOf("Filled today");
        return table.Rows.Sum(r => int.Parse(r[filled], NumberStyles.AllowThousands, CultureInfo.InvariantCulture));
    }

    private static (string Day, string Month, string Year) Day(DateOnly date) =>
        (date.Day.ToString(CultureInfo.InvariantCulture), date.Month.ToString(CultureInfo.InvariantCulture), date.Year.ToString(CultureInfo.InvariantCulture));

    private static Dictionary<string, string> ArrivalForm(DateTimeOffset now)
    {
        var local = UkTime.ToLocal(now.UtcDateTime);
        var (day, month, year) = Day(DateOnly.FromDateTime(local));
        return new() { ["Arrived.Day"] = day, ["Arrived.Month"] = month, ["Arrived.Year"] = year, ["ArrivedTime"] = local.ToString("HH:mm", CultureInfo.InvariantCulture) };
    }

    private static Dictionary<string, string> EndForm(DateOnly end, EndReason reason, bool planned, bool move, DateOnly? noticeGivenOn = null)
    {
        var form = new Dictionary<string, string>
        {
            ["EndDate.Day"] = Day(end).Day, ["EndDate.Month"] = Day(end).Month, ["EndDate.Year"] = Day(end).Year,
            ["Planned"] = planned ? "true" : "false", ["Reason"] = reason.ToString(), ["Move"] = move ? "true" : "false",
        };
        if (noticeGivenOn is { } notice)
        {
            (form["NoticeGivenOn.Day"], form["NoticeGivenOn.Month"], form["NoticeGivenOn.Year"]) = Day(notice);
        }

        return form;
    }

    /// <summary>Loads a placement page and posts the answers with the page's own hidden fields, as a broker's browser would.</summary>
    private static async Task<HttpResponseMessage> PostPageAsync(Browser browser, string url, Dictionary<string, string> answers, string? handler = null)
    {
        var (_, page) = await browser.GetAsync(url);
        return await browser.PostAsync(handler is null ? url : $"{url}?handler={handler}", WithForm(page, answers));
    }

    /// <summary>The page's own hidden fields (its token and the version it was built from) with the answers.</summary>
    private static List<KeyValuePair<string, string>> WithForm(AngleSharp.Html.Dom.IHtmlDocument page, Dictionary<string, string> answers) =>
        [.. Browser.FormValues(page, "input[name=Version]").Where(f => f.Key is "__RequestVerificationToken" or "Version"), .. answers];
}
