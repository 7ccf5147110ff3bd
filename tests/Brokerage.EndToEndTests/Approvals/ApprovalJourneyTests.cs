using System.Text.RegularExpressions;
using Brokerage.Core.Domain;
using Brokerage.EndToEndTests.Infrastructure;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Brokerage.EndToEndTests.Approvals;

/// <summary>
/// An unregulated placement as an explicit, approved exception, in a real browser: the broker
/// raises the risk assessment, an assistant director approves it with conditions and the
/// decision record downloads; the broker then confirms the placement. Every page is checked with axe.
/// </summary>
public sealed partial class ApprovalJourneyTests(EndToEndFixture fixture, ITestOutputHelper output) : IClassFixture<EndToEndFixture>
{
    private const string Broker = TestUsers.Broker;
    private const string AssistantDirector = TestUsers.AssistantDirector;
    private const string ChildReference = "CH-E2E-UNREG";

    [Fact]
    public Task BrokerRaises_AssistantDirectorApprovesWithConditions_DecisionRecordDownloads_PlacementConfirmed() =>
        fixture.RunAsync(output, nameof(BrokerRaises_AssistantDirectorApprovesWithConditions_DecisionRecordDownloads_PlacementConfirmed), async page =>
        {
            var (requestId, offerId, settingName) = await UnregulatedOfferAsync();

            // 1. The broker sees that the offer needs approval, and cannot accept it yet.
            await page.GoToSignInAsync();
            await page.SignInAsync(Broker);
            await page.GotoAsync($"/requests/{requestId}/offers");
            await page.ExpectPageAsync(new Regex($"/requests/{requestId}/offers$"));
            await Expect(page.GetByTestId("accept-offer")).ToHaveCountAsync(0);
            await page.AssertAccessibleAsync();
            await page.GetByTestId("ask-approval").ClickAsync();
            await page.ExpectPageAsync(new Regex($"/requests/{requestId}/offers/{offerId}/approval$"));
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Ask for assistant director approval", Level = 1 })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            // 2. A risk with no owner comes back with a GOV.UK error summary.
            await page.GetByTestId("HowNeedsAreMet").FillAsync("Staffed flat with a key worker on site 24 hours; college place kept");
            await page.GetByTestId("check-AccommodationVisited").CheckAsync();
            await page.GetByTestId("check-StaffVettingSeen").CheckAsync();
            await page.GetByTestId("QualityAssuranceNotes").FillAsync("Insurance certificate promised by Monday");
            await page.GetByTestId("Risks_0__Risk").FillAsync("Going missing at night");
            await page.GetByTestId("Risks_0__Mitigation").FillAsync("Waking night staff and a missing-from-care protocol");
            await page.GetByTestId("visits-TwiceWeekly").CheckAsync();
            var today = DateOnly.FromDateTime(Brokerage.Core.UkTime.ToLocal(DateTime.UtcNow));
            await page.FillDateAsync("RegistrationAppliedOn", today.AddDays(-20));
            await page.FillDateAsync("ProposedReviewDate", today.AddDays(14));
            await page.GetByTestId("send-for-approval").ClickAsync();
            await Expect(page).ToHaveTitleAsync(new Regex("^Error: "));
            var summary = page.Locator(".govuk-error-summary");
            await Expect(summary).ToBeFocusedAsync();
            await Expect(summary.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Enter who owns risk 1"]);
            await page.AssertAccessibleAsync();

            // 3. A second risk is added and the request goes to the assistant directors.
            await page.GetByTestId("Risks_0__Owner").FillAsync("Social worker");
            await page.GetByTestId("add-risk").ClickAsync();
            await Expect(page.GetByTestId("risk-row")).ToHaveCountAsync(4);
            await page.GetByTestId("Risks_3__Risk").FillAsync("Contact with exploiting adults");
            await page.GetByTestId("Risks_3__Mitigation").FillAsync("Safety plan shared with police");
            await page.GetByTestId("Risks_3__Owner").FillAsync("Team manager");
            await page.GetByTestId("send-for-approval").ClickAsync();
            await page.ExpectPageAsync(new Regex($"/requests/{requestId}/offers$"));
            await Expect(page.GetByTestId("approval-pending")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            await page.SignOutAsync();

            // 4. The assistant director opens the queue and approves with conditions.
            await page.SignInAsync(AssistantDirector);
            await page.ExpectPageAsync(new Regex("/$"));
            await Expect(page.Locator("[data-testid=work-item][data-kind=ApprovalPending]").First).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            await page.GotoAsync("/approvals");
            await page.AssertAccessibleAsync();
            await page.GetByTestId("approval-queue").GetByRole(AriaRole.Link).First.ClickAsync();
            await page.ExpectPageAsync(new Regex(@"/approvals/\d+$"));
            await Expect(page.GetByTestId("risks")).ToContainTextAsync("Contact with exploiting adults");
            await Expect(page.GetByTestId("search-evidence")).ToContainTextAsync(settingName);
            await page.AssertAccessibleAsync();
            await page.GetByTestId("decision-ApproveWithConditions").CheckAsync();
            await page.GetByTestId("Reasons").FillAsync("Only safe option tonight; risks managed");
            await page.GetByTestId("Conditions").FillAsync("Daily visits for the first week");
            await page.GetByTestId("record-decision").ClickAsync();
            await Expect(page.GetByTestId("approval-status")).ToHaveTextAsync("Approved with conditions");
            await page.AssertAccessibleAsync();

            var download = await page.RunAndWaitForDownloadAsync(() => page.GetByTestId("record-v1").ClickAsync());
            Assert.EndsWith("-v1.pdf", download.SuggestedFilename, StringComparison.Ordinal);
            using (var document = PdfDocument.Open(await File.ReadAllBytesAsync(await download.PathAsync())))
            {
                var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
                foreach (var expected in new[] { ChildReference, "Approved", "Daily", AssistantDirector, "Going", "exploiting" })
                {
                    Assert.Contains(expected, text, StringComparison.Ordinal);
                }
            }

            await page.SignOutAsync();

            // 5. The broker confirms the placement, which quotes the approval.
            await page.SignInAsync(Broker);
            await page.GotoAsync($"/requests/{requestId}/offers");
            await page.ExpectPageAsync(new Regex($"/requests/{requestId}/offers$"));
            await page.GetByTestId("accept-offer").ClickAsync();
            await page.ExpectPageAsync(new Regex($"/requests/{requestId}/placement$"));
            await Expect(page.GetByTestId("approval-reference")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            await page.GotoAsync("/approvals/register");
            await page.ExpectPageAsync(new Regex("/approvals/register$"));
            await Expect(page.GetByTestId("register")).ToContainTextAsync(ChildReference);
            await page.AssertAccessibleAsync();
            await page.SignOutAsync();

            // 6. The live placement now shows the assistant director the review form.
            await page.SignInAsync(AssistantDirector);
            await page.GotoAsync("/approvals/register");
            await page.GetByTestId("register").GetByRole(AriaRole.Link).First.ClickAsync();
            await page.ExpectPageAsync(new Regex(@"/approvals/\d+$"));
            await Expect(page.GetByTestId("record-review")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
        });

    /// <summary>A 16-year-old referred to unregulated supported accommodation, which has offered a place.</summary>
    private async Task<(int RequestId, int OfferId, string SettingName)> UnregulatedOfferAsync()
    {
        var services = fixture.Server.Services;
        var setting = await services.AddSettingAsync(SettingBuilder.UnregulatedFlat("Harbour Lane flat (E2E)"), providerId: 2);
        var request = await services.CreateRequestAsync(new RequestBuilder(ChildReference)
        {
            Age = 16, Gender = Gender.Female, Ethnicity = "White British", LegalStatus = LegalStatus.Section20, Needs = Needs.None, HomeLocality = "Amberford", HomePostcode = null,
            PlacementType = PlacementType.SupportedAccommodation, RequiredIn = TimeSpan.FromDays(2), WeeklyBudget = 1600,
        });
        var run = await services.MatchAsync(request.Id, "End-to-end test");
        var referral = (await services.ReferAsync(request.Id, run.Id, [setting.Id])).Single();
        var offer = await services.OfferAsync(referral.Id, 1450, availableInDays: 2);
        return (request.Id, offer.Id, setting.Name);
    }
}
