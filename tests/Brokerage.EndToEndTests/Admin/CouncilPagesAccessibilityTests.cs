using System.Text.RegularExpressions;
using Brokerage.EndToEndTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Brokerage.EndToEndTests.Admin;

/// <summary>The admin pages, two-factor set-up and the planning forum digest, each checked with axe in a real browser.</summary>
public sealed partial class CouncilPagesAccessibilityTests(EndToEndFixture fixture, ITestOutputHelper output) : IClassFixture<EndToEndFixture>
{
    [Fact]
    public Task AdminAndReportPages_HaveNoSeriousOrCriticalAccessibilityViolations() =>
        fixture.RunAsync(output, nameof(AdminAndReportPages_HaveNoSeriousOrCriticalAccessibilityViolations), async page =>
        {
            await page.GoToSignInAsync();
            await page.SignInAsync(TestUsers.Admin);
            foreach (var (url, heading) in new[] { ("/admin/users", "Users"), ("/admin/outbox", "Outbox"), ("/admin/api-clients", "API clients"), ("/admin/calendar", "Working-day calendar"), ("/admin/audit", "Audit trail"), ("/admin/rules", "Rule files"), ("/account/two-factor", "Set up two-factor sign-in") })
            {
                await page.GotoAsync(url);
                await page.ExpectPageAsync(new Regex(Regex.Escape(url) + "$"));
                await Expect(page.Locator("h1")).ToContainTextAsync(heading);
                await page.AssertAccessibleAsync();
            }

            // Reloading the rule files unchanged says so in a success banner.
            await page.GotoAsync("/admin/rules");
            await page.GetByTestId("reload-rules").ClickAsync();
            await Expect(page.GetByTestId("success-banner")).ToContainTextAsync("unchanged");
            await page.AssertAccessibleAsync();

            await page.SignOutAsync();
            await page.GoToSignInAsync();
            await page.SignInAsync(TestUsers.Broker);
            await page.GotoAsync("/reports/planning-forum");
            await page.ExpectPageAsync(PlanningForumUrl());
            await Expect(page.GetByTestId("digest")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
        });

    [Fact]
    public Task EverySufficiencyReportAndAllocationModel_HasNoSeriousOrCriticalAccessibilityViolations() =>
        fixture.RunAsync(output, nameof(EverySufficiencyReportAndAllocationModel_HasNoSeriousOrCriticalAccessibilityViolations), async page =>
        {
            await page.GoToSignInAsync();
            await page.SignInAsync(TestUsers.Commissioner);
            await page.GotoAsync("/reports/sufficiency");
            await page.ExpectPageAsync(new Regex("/reports/sufficiency$"));
            await page.AssertAccessibleAsync();
            var reports = await page.GetByTestId("report-links").Locator("a").EvaluateAllAsync<string[]>("links => links.map(a => a.getAttribute('href'))");
            Assert.Equal(11, reports.Length);
            foreach (var report in reports)
            {
                await page.GotoAsync(report);
                await Expect(page.GetByTestId("report-table")).ToBeVisibleAsync();
                await Expect(page.GetByTestId("report-chart")).ToBeVisibleAsync();
                // The demo's three years of history give every report something to show.
                Assert.True(await page.GetByTestId("report-table").Locator("tbody tr").CountAsync() > 0, report + " is empty");
                await page.AssertAccessibleAsync();
            }

            await page.GotoAsync("/allocation");
            await page.AssertAccessibleAsync();
            foreach (var model in new[] { "national-transfer-rota", "asylum-dispersal" })
            {
                await page.GotoAsync("/allocation/" + model);
                await Expect(page.GetByTestId("allocation-results")).ToBeVisibleAsync();
                await Expect(page.GetByTestId("illustrative")).ToBeVisibleAsync();
                await page.AssertAccessibleAsync();
            }

            // A malformed upload comes back with the error summary and the problems listed.
            await page.GetByTestId("dataset-name").FillAsync("Broken");
            await page.GetByTestId("area-file").SetInputFilesAsync(new FilePayload { Name = "areas.csv", MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes("area,population\nNorth,abc\n") });
            await page.GetByTestId("upload").ClickAsync();
            await Expect(page.Locator(".govuk-error-summary")).ToBeFocusedAsync();
            await Expect(page.GetByTestId("csv-problems")).ToContainTextAsync("Row 1, column housingSupplyIndex");
            await page.AssertAccessibleAsync();
        });

    [GeneratedRegex("/reports/planning-forum$")]
    private static partial Regex PlanningForumUrl();
}
