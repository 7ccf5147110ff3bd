using System.Globalization;
using System.Text.RegularExpressions;
using Brokerage.Core.Domain;
using Brokerage.Core.Placements;
using Brokerage.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Brokerage.EndToEndTests.Requests;

/// <summary>
/// The placement loop in a real browser: a broker and a provider take one request from the
/// form to a confirmed placement, and every page they see is checked with axe on the way.
/// </summary>
public sealed partial class PlacementJourneyTests(EndToEndFixture fixture, ITestOutputHelper output) : IClassFixture<EndToEndFixture>
{
    private const string Broker = TestUsers.Broker;
    private const string ChildReference = "CH-E2E01";

    [Fact]
    public Task BrokerAndProvider_TakeARequestFromTheFormToAConfirmedPlacementWithItsRecord() =>
        fixture.RunAsync(output, nameof(BrokerAndProvider_TakeARequestFromTheFormToAConfirmedPlacementWithItsRecord), async page =>
        {
            // 1. The broker starts a request for a 10-year-old girl needing foster care in Amberford.
            await page.GoToSignInAsync();
            await page.AssertAccessibleAsync();
            await page.SignInAsync(Broker);
            await page.ExpectPageAsync(HomeUrl());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What needs doing", Level = 1 })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            await page.GotoAsync("/requests");
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Placement requests", Level = 1 })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            await page.GetByTestId("new-request").ClickAsync();
            await page.ExpectPageAsync(NewRequestUrl());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "New placement request", Level = 1 })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            // The form comes with notice received filled in as now; the need date counts from it.
            var noticeReceived = await page.ReadDateAsync("NoticeReceived");
            await page.FillDateAsync("DateOfBirth", noticeReceived.AddYears(-10).AddDays(-40));
            await page.GetByTestId("gender-Female").CheckAsync();
            await page.GetByTestId("ethnicity").SelectOptionAsync("White British");
            await page.GetByTestId("legal-status").SelectOptionAsync("Section20");
            await page.GetByTestId("need-Trauma").CheckAsync();
            await page.GetByTestId("home-locality").SelectOptionAsync("Amberford");
            await page.GetByTestId("placement-type-Fostering").CheckAsync();
            await page.FillDateAsync("RequiredFrom", noticeReceived.AddDays(16));
            await page.GetByTestId("required-time").FillAsync("12:00");
            await page.GetByTestId("weekly-budget").FillAsync("1000");
            await page.GetByTestId("max-distance").FillAsync("20");

            // 2. Without the child's reference the form comes back with a GOV.UK error summary, focused.
            await page.GetByTestId("create-request").ClickAsync();
            await Expect(page).ToHaveTitleAsync(ErrorTitle());
            var summary = page.Locator(".govuk-error-summary");
            await Expect(summary).ToBeVisibleAsync();
            await Expect(summary).ToBeFocusedAsync();
            await Expect(summary.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Enter the child's reference"]);
            await page.AssertAccessibleAsync();

            await summary.GetByRole(AriaRole.Link, new() { Name = "Enter the child's reference" }).ClickAsync();
            await Expect(page.GetByTestId("child-reference")).ToBeFocusedAsync();
            await page.GetByTestId("child-reference").FillAsync(ChildReference);
            await page.GetByTestId("create-request").ClickAsync();

            // 3. Sixteen days' notice is planned.
            await page.ExpectPageAsync(RequestUrl());
            var requestId = int.Parse(RequestUrl().Match(page.Url).Groups["id"].Value, CultureInfo.InvariantCulture);
            await Expect(page.GetByTestId("success-banner")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("urgency")).ToHaveTextAsync("Planned");
            await page.AssertAccessibleAsync();

            // 4. Matching ranks the settings; the broker refers the top two.
            await page.GetByTestId("run-matching").ClickAsync();
            await page.ExpectPageAsync(MatchingResultsUrl());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Matching results", Level = 1 })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            var candidates = page.GetByTestId("candidate");
            await Expect(candidates.Nth(1)).ToBeVisibleAsync();
            foreach (var rank in new[] { "1", "2" })
            {
                await page.Locator($"[data-testid=candidate][data-rank='{rank}']").GetByTestId("select-candidate").CheckAsync();
            }

            await page.GetByTestId("send-referrals").ClickAsync();
            await page.ExpectPageAsync(RequestUrl());
            await Expect(page.GetByTestId("referrals").Locator("tbody tr")).ToHaveCountAsync(2);
            await page.SignOutAsync();
            await page.AssertAccessibleAsync();

            var topReferral = await fixture.Server.WithDbAsync(db => db.Referrals
                .Include(r => r.Setting).ThenInclude(s => s.Provider)
                .Where(r => r.PlacementRequestId == requestId)
                .OrderBy(r => r.MatchCandidate!.Rank)
                .FirstAsync());
            var settingName = topReferral.Setting.Name;

            // 5. The provider of the top referral opens it and offers a place.
            await page.SignInAsync(topReferral.Setting.Provider.ReferralEmail);
            await page.ExpectPageAsync(HomeUrl());
            await Expect(page.Locator($"[data-testid=work-item][data-kind=ReferralToAnswer] a[href='/provider/referrals/{topReferral.Id}']")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            await page.GotoAsync("/provider/referrals");
            await page.AssertAccessibleAsync();

            await page.GetByTestId($"referral-{topReferral.Id}").GetByRole(AriaRole.Link).ClickAsync();
            await page.ExpectPageAsync(new Regex($"/provider/referrals/{topReferral.Id}$"));
            await Expect(page.GetByTestId("setting-name")).ToHaveTextAsync(settingName);
            await page.AssertAccessibleAsync();

            await page.GetByTestId("answer-offer").CheckAsync();
            await page.FillDateAsync("available", noticeReceived.AddDays(16));
            await page.GetByTestId("weekly-cost").FillAsync("950");
            await page.GetByTestId("conditions").FillAsync("An introductory visit before the move");
            await page.GetByTestId("send-response").ClickAsync();
            await page.ExpectPageAsync(ProviderReferralsUrl());
            await Expect(page.GetByTestId("success-banner")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("earlier-referrals").GetByTestId($"referral-{topReferral.Id}")).ToBeVisibleAsync();
            await page.SignOutAsync();

            // 6. The broker compares the offers and accepts the one made.
            // The offer waiting for a decision is on the broker's home page and leads to the comparison.
            await page.SignInAsync(Broker);
            await page.ExpectPageAsync(HomeUrl());
            await page.Locator($"[data-testid=work-item][data-kind=OfferWaiting] a[href='/requests/{requestId}/offers']").ClickAsync();
            await page.ExpectPageAsync(new Regex($"/requests/{requestId}/offers$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Compare offers", Level = 1 })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            await Expect(page.GetByTestId("accept-offer")).ToHaveCountAsync(1);
            await page.GetByTestId("accept-offer").ClickAsync();

            // 7. The placement is confirmed and its record names the child and the setting.
            await page.ExpectPageAsync(new Regex($"/requests/{requestId}/placement$"));
            await Expect(page.GetByTestId("placement-confirmed")).ToContainTextAsync("Placement confirmed");
            await Expect(page.GetByTestId("placement-confirmed")).ToContainTextAsync(settingName);
            await page.AssertAccessibleAsync();

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("download-record").ClickAsync());
            Assert.EndsWith(".pdf", download.SuggestedFilename, StringComparison.Ordinal);
            using var document = PdfDocument.Open(await File.ReadAllBytesAsync(await download.PathAsync()));
            var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            Assert.Contains(ChildReference, text, StringComparison.Ordinal);
            Assert.Contains(string.Join(" ", settingName.Split(' ', StringSplitOptions.RemoveEmptyEntries)), text, StringComparison.Ordinal);
        });

    [Fact]
    public Task Broker_WithdrawsARequest_ThenEndsAPlacementOnTheProvidersNotice_AndStartsTheMove() =>
        fixture.RunAsync(output, nameof(Broker_WithdrawsARequest_ThenEndsAPlacementOnTheProvidersNotice_AndStartsTheMove), async page =>
        {
            var services = fixture.Server.Services;
            var withdrawing = await services.CreateRequestAsync(new RequestBuilder("CH-E2E02") { RequiredIn = TimeSpan.FromDays(16) });
            var run = await services.MatchAsync(withdrawing.Id);
            await services.ReferAsync(withdrawing.Id, run.Id, [.. run.Candidates.Where(c => c.Outcome == EligibilityOutcome.Eligible).OrderBy(c => c.Rank).Take(2).Select(c => c.SettingId)]);
            var moving = await PlacedAndArrivedAsync("CH-E2E03");

            // 1. The broker withdraws the first request: without a reason the form says so.
            await page.SignInAsync(Broker);
            await page.GotoAsync($"/requests/{withdrawing.Id}");
            await page.GetByTestId("withdraw-request").ClickAsync();
            await page.ExpectPageAsync(new Regex($"/requests/{withdrawing.Id}/withdraw$"));
            await page.AssertAccessibleAsync();
            await page.GetByTestId("withdraw-request").ClickAsync();
            await Expect(page).ToHaveTitleAsync(ErrorTitle());
            await Expect(page.Locator(".govuk-error-summary")).ToBeFocusedAsync();
            await page.AssertAccessibleAsync();
            await page.GetByLabel("No longer needed").CheckAsync();
            await page.GetByTestId("withdraw-request").ClickAsync();

            // 2. The request is closed, both referrals withdrawn.
            await page.ExpectPageAsync(new Regex($"/requests/{withdrawing.Id}$"));
            await Expect(page.GetByTestId("closed")).ToContainTextAsync("No longer needed");
            Assert.All(await fixture.Server.WithDbAsync(db => db.Referrals.Where(r => r.PlacementRequestId == withdrawing.Id).Select(r => r.Status).ToListAsync()), s => Assert.Equal(ReferralStatus.Withdrawn, s));
            await page.AssertAccessibleAsync();

            // 3. The broker ends the other child's placement on the provider's notice, with a move.
            await page.GotoAsync($"/requests/{moving}/placement");
            await page.AssertAccessibleAsync();
            await page.GetByTestId("end-placement").ClickAsync();
            await page.ExpectPageAsync(new Regex($"/requests/{moving}/placement/end$"));
            await page.AssertAccessibleAsync();
            var today = DateOnly.FromDateTime(Brokerage.Core.UkTime.ToLocal(DateTime.UtcNow));
            await page.FillDateAsync("EndDate", today.AddDays(14));
            await page.Locator("#Planned-false").CheckAsync();
            await page.GetByLabel("The provider gave notice").CheckAsync();
            await page.FillDateAsync("NoticeGivenOn", today);
            await page.Locator("#Move").CheckAsync();
            await page.GetByTestId("end-placement").ClickAsync();

            // 4. The move is a new request for the same child, linked to the placement it replaces.
            await page.ExpectPageAsync(RequestUrl());
            var moveId = int.Parse(RequestUrl().Match(page.Url).Groups["id"].Value, CultureInfo.InvariantCulture);
            Assert.NotEqual(moving, moveId);
            await Expect(page.GetByTestId("move-from")).ToContainTextAsync("A move from");
            await page.AssertAccessibleAsync();
            var placement = await fixture.Server.WithDbAsync(db => db.Placements.SingleAsync(p => p.PlacementRequestId == moving));
            Assert.Equal((moveId, EndReason.ProviderNotice, false), (placement.MoveRequestId!.Value, placement.EndReason!.Value, placement.EndPlanned!.Value));
            Assert.Equal("CH-E2E03", await fixture.Server.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == moveId).Select(r => r.ChildReference).SingleAsync()));

            // 5. The placements list shows the child still there until the end date.
            await page.GotoAsync("/placements?Search=CH-E2E03");
            await Expect(page.GetByTestId("placements")).ToContainTextAsync("Ends");
            await page.AssertAccessibleAsync();
        });

    /// <summary>A request placed through the Core services on its best eligible offer, the child arrived.</summary>
    private async Task<int> PlacedAndArrivedAsync(string child)
    {
        var services = fixture.Server.Services;
        var request = await services.CreateRequestAsync(new RequestBuilder(child) { RequiredIn = TimeSpan.FromDays(2) });
        var run = await services.MatchAsync(request.Id);
        var settingId = await fixture.Server.WithDbAsync(db => db.MatchCandidates
            .Where(c => c.MatchingRunId == run.Id && c.Outcome == EligibilityOutcome.Eligible && c.Setting.Places - c.Setting.PlacesFilled >= 1)
            .OrderBy(c => c.Rank).Select(c => c.SettingId).FirstAsync());
        var referrals = await services.ReferAsync(request.Id, run.Id, [settingId]);
        var offer = await services.OfferAsync(referrals[0].Id, 950, availableInDays: 0);
        await using var scope = services.CreateAsyncScope();
        var version = await fixture.Server.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == request.Id).Select(r => r.Version).SingleAsync());
        var placement = await scope.ServiceProvider.GetRequiredService<PlacementService>().AcceptOfferAsync(new AcceptOfferOptions(request.Id, offer.Id, version, Broker));
        await scope.ServiceProvider.GetRequiredService<PlacementLifecycleService>().RecordArrivalAsync(new RecordArrivalOptions(request.Id, placement.Version, DateTime.UtcNow, Broker));
        return request.Id;
    }

    [GeneratedRegex(@"^http://[^/]+/$")]
    private static partial Regex HomeUrl();

    [GeneratedRegex(@"/requests/new$")]
    private static partial Regex NewRequestUrl();

    [GeneratedRegex(@"/requests/(?<id>\d+)$")]
    private static partial Regex RequestUrl();

    [GeneratedRegex(@"/requests/\d+/matching/\d+$")]
    private static partial Regex MatchingResultsUrl();

    [GeneratedRegex(@"/provider/referrals$")]
    private static partial Regex ProviderReferralsUrl();

    [GeneratedRegex(@"^Error: ")]
    private static partial Regex ErrorTitle();
}
