using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Brokerage.EndToEndTests.Infrastructure;

/// <summary>Steps a user takes on any page, written once so that journeys read as the user's story.</summary>
public static partial class PageExtensions
{
    /// <summary>Goes to the sign-in page, unless already there, and waits for its form.</summary>
    public static async Task GoToSignInAsync(this IPage page)
    {
        if (new Uri(page.Url).AbsolutePath != "/sign-in")
        {
            await page.GotoAsync("/sign-in");
        }

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in to Brokerage", Level = 1 })).ToBeVisibleAsync();
    }

    /// <summary>Signs in through the form and waits to land on the page the user's role starts on.</summary>
    public static async Task SignInAsync(this IPage page, string email, string password = TestUsers.Password)
    {
        await page.GoToSignInAsync();
        await page.GetByTestId("email").FillAsync(email);
        await page.GetByTestId("password").FillAsync(password);
        await page.GetByTestId("sign-in").ClickAsync();

        // Only a signed-in page has the button, so seeing it means the sign-in page has gone.
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Sign out" })).ToBeVisibleAsync();
        await page.ExpectGovUkFrontendReadyAsync();
    }

    public static async Task SignOutAsync(this IPage page)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await page.ExpectPageAsync(SignedOutUrl());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "You have signed out" })).ToBeVisibleAsync();
    }

    /// <summary>
    /// Waits for the browser to show the page at an address matching <paramref name="url"/>, with its
    /// GOV.UK Frontend components started, so that what follows (axe especially) sees the page a user sees.
    /// Not WaitForURLAsync: in Playwright .NET it can miss the load event it waits for and time out on a
    /// page that has long loaded (microsoft/playwright-dotnet#3364), which this journey hit.
    /// </summary>
    public static async Task ExpectPageAsync(this IPage page, Regex url)
    {
        await Expect(page).ToHaveURLAsync(url);
        await page.ExpectGovUkFrontendReadyAsync();
    }

    /// <summary>app.js marks the body just before it starts the components, in the same task.</summary>
    public static Task ExpectGovUkFrontendReadyAsync(this IPage page) =>
        Expect(page.Locator("body.govuk-frontend-supported")).ToBeAttachedAsync();

    /// <summary>Fills a GOV.UK date input whose parts carry the test ids <c>{prefix}-day</c>, <c>-month</c> and <c>-year</c>.</summary>
    public static async Task FillDateAsync(this IPage page, string prefix, DateOnly date)
    {
        await page.GetByTestId(prefix + "-day").FillAsync(date.Day.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId(prefix + "-month").FillAsync(date.Month.ToString(CultureInfo.InvariantCulture));
        await page.GetByTestId(prefix + "-year").FillAsync(date.Year.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>Reads back a GOV.UK date input filled the same way.</summary>
    public static async Task<DateOnly> ReadDateAsync(this IPage page, string prefix)
    {
        async Task<int> Part(string part) =>
            int.Parse(await page.GetByTestId(prefix + "-" + part).InputValueAsync(), CultureInfo.InvariantCulture);
        return new DateOnly(await Part("year"), await Part("month"), await Part("day"));
    }

    [GeneratedRegex(@"/sign-out$")]
    private static partial Regex SignedOutUrl();
}
