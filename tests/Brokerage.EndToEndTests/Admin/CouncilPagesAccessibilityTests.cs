using System.Text.RegularExpressions;
using Brokerage.EndToEndTests.Infrastructure;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Brokerage.EndToEndTests.Admin;

/// <summary>The admin pages and the planning forum digest, each checked with axe in a real browser.</summary>
public sealed partial class CouncilPagesAccessibilityTests(EndToEndFixture fixture, ITestOutputHelper output) : IClassFixture<EndToEndFixture>
{
    [Fact]
    public Task AdminAndReportPages_HaveNoSeriousOrCriticalAccessibilityViolations() =>
        fixture.RunAsync(output, nameof(AdminAndReportPages_HaveNoSeriousOrCriticalAccessibilityViolations), async page =>
        {
            await page.GoToSignInAsync();
            await page.SignInAsync("admin@ambershire.example");
            foreach (var (url, heading) in new[] { ("/admin/outbox", "Outbox"), ("/admin/api-clients", "API clients"), ("/admin/calendar", "Working-day calendar"), ("/admin/audit", "Audit trail") })
            {
                await page.GotoAsync(url);
                await page.ExpectPageAsync(new Regex(Regex.Escape(url) + "$"));
                await Expect(page.Locator("h1")).ToContainTextAsync(heading);
                await page.AssertAccessibleAsync();
            }

            await page.SignOutAsync();
            await page.GoToSignInAsync();
            await page.SignInAsync("broker@ambershire.example");
            await page.GotoAsync("/reports/planning-forum");
            await page.ExpectPageAsync(PlanningForumUrl());
            await Expect(page.GetByTestId("digest")).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();
        });

    [GeneratedRegex("/reports/planning-forum$")]
    private static partial Regex PlanningForumUrl();
}
