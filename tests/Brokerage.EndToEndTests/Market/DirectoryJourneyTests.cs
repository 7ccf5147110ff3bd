using System.Globalization;
using System.Text.RegularExpressions;
using Brokerage.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Brokerage.EndToEndTests.Market;

/// <summary>
/// The directory a commissioner keeps is the market a broker searches, in a real browser: a
/// commissioner enters a new provider and its foster household, and the broker's next matching run
/// for a fitting child lists it. Every page is checked with axe on the way.
/// </summary>
public sealed partial class DirectoryJourneyTests(EndToEndFixture fixture, ITestOutputHelper output) : IClassFixture<EndToEndFixture>
{
    private const string ProviderName = "Hollybank Fostering (E2E)";
    private const string HouseholdName = "Hollybank carers (E2E)";

    [Fact]
    public Task CommissionerAddsAProviderAndASetting_TheBrokersNextMatchingListsIt() =>
        fixture.RunAsync(output, nameof(CommissionerAddsAProviderAndASetting_TheBrokersNextMatchingListsIt), async page =>
        {
            // 1. The commissioner opens the directory and adds a provider.
            await page.SignInAsync(TestUsers.Commissioner);
            await page.GotoAsync("/directory");
            await page.ExpectPageAsync(new Regex("/directory$"));
            await Expect(page.GetByTestId("directory-rows")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
            await page.GetByTestId("add-provider").ClickAsync();
            await page.ExpectPageAsync(new Regex("/directory/providers/new$"));
            await page.AssertAccessibleAsync();
            await page.GetByTestId("Name").FillAsync(ProviderName);
            await page.GetByTestId("CompanyNumber").FillAsync("08765432");
            await page.GetByTestId("ReferralEmail").FillAsync("referrals@hollybank.example");
            await page.GetByTestId("EscalationEmail").FillAsync("manager@hollybank.example");
            await page.GetByTestId("save-provider").ClickAsync();
            await page.ExpectPageAsync(ProviderUrl());
            await Expect(page.GetByTestId("success-banner")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("no-settings")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            // 2. Its household, first with a postcode that is not a UK one: the form says so and keeps the rest.
            await page.GetByTestId("add-setting").ClickAsync();
            await page.ExpectPageAsync(new Regex(@"/directory/providers/\d+/settings/new$"));
            await page.AssertAccessibleAsync();
            await page.GetByTestId("Name").FillAsync(HouseholdName);
            await page.GetByTestId("Type").SelectOptionAsync("Fostering");
            await page.GetByTestId("Registration").SelectOptionAsync("OfstedFosteringAgency");
            await page.GetByTestId("OfstedUrn").FillAsync("2990417");
            await page.GetByTestId("Rating").SelectOptionAsync("Good");
            await page.FillDateAsync("RatingDate", new DateOnly(2025, 6, 12));
            await page.GetByTestId("Postcode").FillAsync("AMBER 1");
            await page.GetByTestId("Locality").FillAsync("Amberford");
            await page.GetByTestId("Latitude").FillAsync("52.262");
            await page.GetByTestId("Longitude").FillAsync("-1.248");
            await page.GetByTestId("InCounty").CheckAsync();
            await page.GetByTestId("Places").FillAsync("2");
            await page.GetByTestId("MinAge").FillAsync("0");
            await page.GetByTestId("MaxAge").FillAsync("17");
            await page.GetByLabel("Trauma").CheckAsync();
            await page.GetByTestId("WeeklyRate").FillAsync("900");
            await page.GetByTestId("save-setting").ClickAsync();
            await Expect(page).ToHaveTitleAsync(ErrorTitle());
            var summary = page.Locator(".govuk-error-summary");
            await Expect(summary).ToBeFocusedAsync();
            await Expect(summary.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Enter a real UK postcode, like AM1 2BC"]);
            await Expect(page.GetByTestId("Name")).ToHaveValueAsync(HouseholdName);
            await page.AssertAccessibleAsync();

            await page.GetByTestId("Postcode").FillAsync("AM1 9ZZ");
            await page.GetByTestId("save-setting").ClickAsync();
            await page.ExpectPageAsync(SettingUrl());
            var settingId = int.Parse(SettingUrl().Match(page.Url).Groups["id"].Value, CultureInfo.InvariantCulture);
            await Expect(page.GetByTestId("success-banner")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("setting-places")).ToContainTextAsync("2 free of 2 today");
            await Expect(page.GetByTestId("timeline")).ToContainTextAsync("Setting added");
            await page.AssertAccessibleAsync();
            await page.SignOutAsync();

            // 3. The broker's next matching run for a child who fits lists the household, with its reasons.
            var request = await fixture.Server.Services.CreateRequestAsync(new RequestBuilder("CH-E2E-DIRECTORY") { RequiredIn = TimeSpan.FromDays(14) });
            await page.SignInAsync(TestUsers.Broker);
            await page.GotoAsync($"/requests/{request.Id}");
            await page.ExpectPageAsync(new Regex($"/requests/{request.Id}$"));
            await page.GetByTestId("run-matching").ClickAsync();
            await page.ExpectPageAsync(new Regex($"/requests/{request.Id}/matching"));
            var candidate = page.Locator($"[data-testid=candidate][data-setting-id='{settingId}']");
            await Expect(candidate).ToContainTextAsync(HouseholdName);
            await page.AssertAccessibleAsync();
            Assert.Equal(TestUsers.Commissioner, await fixture.Server.WithDbAsync(db => db.AuditEvents.Where(a => a.Action == "SettingAdded" && a.EntityId == settingId).Select(a => a.Actor).SingleAsync()));
        });

    [GeneratedRegex(@"/directory/providers/\d+$")]
    private static partial Regex ProviderUrl();

    [GeneratedRegex(@"/directory/settings/(?<id>\d+)$")]
    private static partial Regex SettingUrl();

    [GeneratedRegex(@"^Error: ")]
    private static partial Regex ErrorTitle();
}
