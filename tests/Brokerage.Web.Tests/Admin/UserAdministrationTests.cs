using System.Net;
using System.Text.RegularExpressions;
using AngleSharp.Html.Dom;
using Brokerage.Core;
using Brokerage.Core.Domain;
using Brokerage.Web.Tests.Infrastructure;
using Brokerage.Web.Tests.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Brokerage.Web.Tests.Admin;

/// <summary>
/// An app set up as in Production, where admins and assistant directors must use two-factor sign-in,
/// so the admin using the users pages has an authenticator app of their own.
/// </summary>
public sealed class UserAdministrationApp : IDisposable
{
    public const string AdminEmail = "admin@ambershire.example";

    private string? _adminKey;

    public BrokerageWebFactory Factory { get; } = new()
    {
        Settings = new Dictionary<string, string>
        {
            ["Brokerage:Security:RequireTwoFactorForRoles:0"] = "Admin",
            ["Brokerage:Security:RequireTwoFactorForRoles:1"] = "AssistantDirector",
        },
    };

    /// <summary>The admin, signed in with their password and app; the first call sets the app up.</summary>
    public async Task<Browser> AdminAsync()
    {
        if (_adminKey is null)
        {
            var browser = await Browser.SignedInAsync(Factory, AdminEmail);
            (_adminKey, _) = await TwoFactorTests.TurnOnAsync(Factory, browser);
            return browser;
        }

        return await SignedInWithAppAsync(AdminEmail, _adminKey);
    }

    public async Task<Browser> SignedInWithAppAsync(string email, string key)
    {
        var browser = Browser.For(Factory);
        var password = await browser.SubmitAsync("/sign-in", new() { ["Email"] = email, ["Password"] = Browser.DemoPassword });
        Assert.Equal("/sign-in/two-factor", password.Headers.Location!.OriginalString);
        var code = await browser.SubmitAsync("/sign-in/two-factor", new() { ["Code"] = TwoFactorTests.NextCode(Factory, key) });
        Assert.Equal("/", code.Headers.Location!.OriginalString);
        return browser;
    }

    public void Dispose() => Factory.Dispose();
}

/// <summary>The admin's users pages: the list, resetting someone's two-factor sign-in, and ending a lockout. Each test has its own user.</summary>
public sealed partial class UserAdministrationTests(UserAdministrationApp app) : IClassFixture<UserAdministrationApp>
{
    private const string AdminEmail = UserAdministrationApp.AdminEmail;
    private const string LockedOut = "Your account is locked after too many failed attempts. Try again in 15 minutes";

    private BrokerageWebFactory Factory => app.Factory;

    [Fact]
    public async Task UsersPage_ListsEveryUser_WithTheirRoleProviderTwoFactorAndLockout()
    {
        var admin = await app.AdminAsync();
        var provider = await Factory.WithDbAsync(db => db.Providers.OrderBy(p => p.Id).Skip(3).FirstAsync());

        var (response, page) = await admin.GetAsync("/admin/users");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(await Factory.WithDbAsync(db => db.Users.CountAsync()), page.QuerySelectorAll("[data-testid=users] tbody tr").Length);
        var adminRow = Row(page, await UserIdAsync(AdminEmail));
        Assert.Equal(AdminEmail, Text(adminRow, "user-link"));
        Assert.Equal($"/admin/users/{await UserIdAsync(AdminEmail)}", adminRow.QuerySelector("[data-testid=user-link]")!.GetAttribute("href"));
        Assert.Equal("Chris Admin", Text(adminRow, "user-name"));
        Assert.Equal("Admin", Text(adminRow, "user-roles"));
        Assert.Equal("Set up", Text(adminRow, "user-two-factor"));
        Assert.Equal("No", Text(adminRow, "user-locked"));
        var director = Row(page, await UserIdAsync("ad@ambershire.example"));
        Assert.Equal("Assistant director", Text(director, "user-roles"));
        Assert.Equal("", Text(director, "user-provider"));
        Assert.Equal("Not set up Required for their role: asked for at their next sign-in", Text(director, "user-two-factor"));
        var providerRow = Row(page, await UserIdAsync(provider.ReferralEmail));
        Assert.Equal(provider.ReferralEmail, Text(providerRow, "user-link"));
        Assert.Equal("Provider, Provider admin", Text(providerRow, "user-roles"));
        Assert.Equal(provider.Name, Text(providerRow, "user-provider"));
        Assert.Equal("Not set up", Text(providerRow, "user-two-factor"));
        // The page is where the other admin pages are linked from.
        Assert.NotNull(page.QuerySelector(".govuk-service-navigation a[href='/admin/users'][aria-current=page]"));
    }

    [Fact]
    public async Task ResetTwoFactor_EndsTheOldSession_LetsThePasswordSignIn_AndTheRoleAsksForANewAppAtOnce()
    {
        const string email = "ad@ambershire.example";
        var id = await UserIdAsync(email);
        var oldSession = await Browser.SignedInAsync(Factory, email);
        var (oldKey, oldCodes) = await TwoFactorTests.TurnOnAsync(Factory, oldSession);
        Assert.Equal(HttpStatusCode.OK, (await oldSession.GetAsync("/approvals")).Response.StatusCode);
        var stampBefore = await Factory.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.SecurityStamp).SingleAsync());
        var admin = await app.AdminAsync();
        var (_, before) = await admin.GetAsync($"/admin/users/{id}");
        Assert.Equal("Set up (required for their role: assistant director)", Text(before, "user-two-factor"));

        var reset = await admin.SubmitAsync($"/admin/users/{id}", new() { ["RequestChecked"] = "true" }, $"/admin/users/{id}?handler=ResetTwoFactor");

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.Equal($"/admin/users/{id}", reset.Headers.Location!.OriginalString);
        var (_, after) = await admin.GetAsync($"/admin/users/{id}");
        Assert.Equal("Two-factor sign-in reset for Jo Assistant-Director. They will be asked to set it up again when they next sign in with their password", Banner(after));
        Assert.Equal("Not set up (required for their role: assistant director)", Text(after, "user-two-factor"));
        var user = await Factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id));
        Assert.False(user.TwoFactorEnabled);
        Assert.NotEqual(stampBefore, user.SecurityStamp);
        // Neither the lost app's key nor the recovery codes are kept.
        Assert.Empty(await Factory.WithDbAsync(db => db.UserTokens.Where(t => t.UserId == id).ToListAsync()));

        // The session signed in before the reset is refused at once, without waiting for Identity's periodic check.
        var (ended, _) = await oldSession.GetAsync("/approvals");
        Assert.StartsWith("/sign-in", ended.Headers.Location!.AbsolutePath, StringComparison.Ordinal);

        // The password alone signs in, and the role's requirement sends them to set up a new app before anything else.
        var fresh = Browser.For(Factory);
        var password = await fresh.SubmitAsync("/sign-in", new() { ["Email"] = email, ["Password"] = Browser.DemoPassword });
        Assert.Equal("/", password.Headers.Location!.OriginalString);
        var (approvals, _) = await fresh.GetAsync("/approvals");
        Assert.Equal("/account/two-factor?ReturnUrl=%2Fapprovals", approvals.Headers.Location!.OriginalString);
        var (_, setup) = await fresh.GetAsync(approvals.Headers.Location.OriginalString);
        Assert.NotNull(setup.QuerySelector("[data-testid=two-factor-required]"));
        Assert.NotEqual(oldKey, await TwoFactorTests.ReadKeyAsync(fresh));

        var audit = Assert.Single(await AuditAsync("TwoFactorReset", id));
        Assert.Equal(AdminEmail, audit.Actor);
        Assert.Equal(("On", "Off"), (audit.Before, audit.After));
        var text = $"{audit.Summary} {audit.Before} {audit.After}";
        Assert.DoesNotContain(email, text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("Jo Assistant-Director", text, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(oldKey, text, StringComparison.OrdinalIgnoreCase);
        Assert.All(oldCodes, code => Assert.DoesNotContain(code, text, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ResetTwoFactor_ForARoleThatDoesNotRequireIt_LetsThePasswordAloneSignInAndUseTheService()
    {
        var provider = await Factory.WithDbAsync(db => db.Providers.OrderBy(p => p.Id).FirstAsync());
        var id = await UserIdAsync(provider.ReferralEmail);
        await TwoFactorTests.TurnOnAsync(Factory, await Browser.SignedInAsync(Factory, provider.ReferralEmail));
        var asksForCode = await Browser.For(Factory).SubmitAsync("/sign-in", new() { ["Email"] = provider.ReferralEmail, ["Password"] = Browser.DemoPassword });
        Assert.Equal("/sign-in/two-factor", asksForCode.Headers.Location!.OriginalString);
        var admin = await app.AdminAsync();

        await admin.SubmitAsync($"/admin/users/{id}", new() { ["RequestChecked"] = "true" }, $"/admin/users/{id}?handler=ResetTwoFactor");

        var (_, after) = await admin.GetAsync($"/admin/users/{id}");
        Assert.Equal($"Two-factor sign-in reset for {provider.Name}. They can now sign in with their password alone, and set it up again at Two-factor sign-in", Banner(after));
        Assert.NotNull(after.QuerySelector("[data-testid=no-two-factor]"));
        Assert.Null(after.QuerySelector("[data-testid=reset-two-factor]"));
        var browser = Browser.For(Factory);
        var password = await browser.SubmitAsync("/sign-in", new() { ["Email"] = provider.ReferralEmail, ["Password"] = Browser.DemoPassword });
        Assert.Equal("/", password.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/provider/referrals")).Response.StatusCode);
        Assert.Single(await AuditAsync("TwoFactorReset", id));
    }

    [Fact]
    public async Task ResetTwoFactor_WithoutCheckingWhoAsked_ShowsTheErrorAndChangesNothing()
    {
        const string email = "broker2@ambershire.example";
        var id = await UserIdAsync(email);
        await TwoFactorTests.TurnOnAsync(Factory, await Browser.SignedInAsync(Factory, email));
        var admin = await app.AdminAsync();

        var response = await admin.SubmitAsync($"/admin/users/{id}", new(), $"/admin/users/{id}?handler=ResetTwoFactor");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Equal("Confirm you have checked that the request came from this user", TwoFactorTests.ErrorSummary(page));
        Assert.Equal("#RequestChecked", page.QuerySelector(".govuk-error-summary__list a")!.GetAttribute("href"));
        Assert.Contains("Error:", page.QuerySelector("#RequestChecked-error")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Error:", page.Title, StringComparison.Ordinal);
        Assert.True(await TwoFactorEnabledAsync(id));
        Assert.Empty(await AuditAsync("TwoFactorReset", id));
    }

    [Fact]
    public async Task ResetTwoFactor_OfTheAdminsOwnAccount_IsRefused_AndPointsToTheirOwnSettings()
    {
        var admin = await app.AdminAsync();
        var id = await UserIdAsync(AdminEmail);

        var (_, page) = await admin.GetAsync($"/admin/users/{id}");
        var refused = await admin.SubmitAsync($"/admin/users/{id}", new() { ["RequestChecked"] = "true" }, $"/admin/users/{id}?handler=ResetTwoFactor");

        Assert.Null(page.QuerySelector("[data-testid=reset-two-factor]"));
        Assert.Equal("/account/two-factor", page.QuerySelector("[data-testid=own-account] a")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("You cannot reset your own two-factor sign-in here. Go to Two-factor sign-in to change it", TwoFactorTests.ErrorSummary(await Browser.ParseAsync(refused)));
        Assert.True(await TwoFactorEnabledAsync(id));
        Assert.Empty(await AuditAsync("TwoFactorReset", id));
    }

    [Fact]
    public async Task Unlock_EndsTheLockoutAndClearsTheCount_SoTheUserCanSignInAtOnce()
    {
        var provider = await Factory.WithDbAsync(db => db.Providers.OrderBy(p => p.Id).Skip(1).FirstAsync());
        var id = await UserIdAsync(provider.ReferralEmail);
        var guesser = Browser.For(Factory);
        for (var i = 0; i < 5; i++)
        {
            await guesser.SubmitAsync("/sign-in", new() { ["Email"] = provider.ReferralEmail, ["Password"] = "Not-the-password-" + i });
        }

        var locked = await Browser.For(Factory).SubmitAsync("/sign-in", new() { ["Email"] = provider.ReferralEmail, ["Password"] = Browser.DemoPassword });
        Assert.Equal(LockedOut, TwoFactorTests.ErrorSummary(await Browser.ParseAsync(locked)));
        // Paused for the address the guesses came from, until the fifth leaves the 15-minute window.
        var lockedUntil = UkTime.Format(Factory.Time.GetUtcNow().UtcDateTime.AddMinutes(15));
        // Wrong codes count in Identity's lockout; a count left over must not carry into the unlocked account.
        await Factory.WithDbAsync(db => db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(u => u.SetProperty(x => x.AccessFailedCount, 4)));
        var admin = await app.AdminAsync();
        var (_, list) = await admin.GetAsync("/admin/users");
        Assert.Equal($"Locked until {lockedUntil}", Text(Row(list, id), "user-locked"));
        var (_, details) = await admin.GetAsync($"/admin/users/{id}");
        Assert.Equal($"Until {lockedUntil}", Text(details, "user-locked"));
        // The admin is told a stranger's wrong passwords pause only the stranger's address.
        Assert.Contains("wrong passwords pause only the address they came from", Text(details, "locked-explained"), StringComparison.Ordinal);

        var unticked = await admin.SubmitAsync($"/admin/users/{id}", new(), $"/admin/users/{id}?handler=Unlock");
        Assert.Equal("Confirm you have checked that the failed sign-in attempts were theirs", TwoFactorTests.ErrorSummary(await Browser.ParseAsync(unticked)));
        Assert.Equal(5, await Factory.WithDbAsync(db => db.SignInFailures.CountAsync()));

        var unlocked = await admin.SubmitAsync($"/admin/users/{id}", new() { ["AttemptsChecked"] = "true" }, $"/admin/users/{id}?handler=Unlock");

        Assert.Equal($"/admin/users/{id}", unlocked.Headers.Location!.OriginalString);
        var (_, after) = await admin.GetAsync($"/admin/users/{id}");
        Assert.Equal($"Account unlocked. {provider.Name} can sign in again", Banner(after));
        Assert.Equal("No", Text(after, "user-locked"));
        Assert.Null(after.QuerySelector("[data-testid=unlock]"));
        var user = await Factory.WithDbAsync(db => db.Users.AsNoTracking().SingleAsync(u => u.Id == id));
        Assert.Null(user.LockoutEnd);
        Assert.Equal(0, user.AccessFailedCount);
        Assert.Equal(0, await Factory.WithDbAsync(db => db.SignInFailures.CountAsync()));
        var signIn = await Browser.For(Factory).SubmitAsync("/sign-in", new() { ["Email"] = provider.ReferralEmail, ["Password"] = Browser.DemoPassword });
        Assert.Equal("/", signIn.Headers.Location!.OriginalString);

        var audit = Assert.Single(await AuditAsync("AccountUnlocked", id));
        Assert.Equal(AdminEmail, audit.Actor);
        Assert.Equal(($"Locked until {lockedUntil}", "Not locked"), (audit.Before, audit.After));
        Assert.DoesNotContain(provider.ReferralEmail, $"{audit.Summary} {audit.Before} {audit.After}", StringComparison.OrdinalIgnoreCase);

        // Once unlocked there is nothing to unlock: a second post (another admin's stale page) says so.
        var again = await admin.SubmitAsync($"/admin/users/{id}", new() { ["AttemptsChecked"] = "true" }, $"/admin/users/{id}?handler=Unlock");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("This account is not locked", TwoFactorTests.ErrorSummary(await Browser.ParseAsync(again)));
        Assert.Single(await AuditAsync("AccountUnlocked", id));
    }

    [Fact]
    public async Task AnUnknownUser_Is404_ToLookAtResetOrUnlock()
    {
        var admin = await app.AdminAsync();

        var (page, _) = await admin.GetAsync("/admin/users/no-such-user");
        var reset = await admin.SubmitAsync("/admin/users", new() { ["RequestChecked"] = "true" }, "/admin/users/no-such-user?handler=ResetTwoFactor");
        var unlock = await admin.SubmitAsync("/admin/users", new() { ["AttemptsChecked"] = "true" }, "/admin/users/no-such-user?handler=Unlock");

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound], [page.StatusCode, reset.StatusCode, unlock.StatusCode]);
    }

    [Fact]
    public async Task NonAdmins_CannotSeeTheUsersPages_NorResetOrUnlockAnyone()
    {
        const string email = "commissioner@ambershire.example";
        var id = await UserIdAsync(email);
        await TwoFactorTests.TurnOnAsync(Factory, await Browser.SignedInAsync(Factory, email));
        var broker = await Browser.SignedInAsync(Factory, "broker@ambershire.example");

        var (list, _) = await broker.GetAsync("/admin/users");
        var (details, _) = await broker.GetAsync($"/admin/users/{id}");
        // The broker's own page gives a valid antiforgery token, so only authorization stands in the way.
        var reset = await broker.SubmitAsync("/account/two-factor", new() { ["RequestChecked"] = "true" }, $"/admin/users/{id}?handler=ResetTwoFactor");
        var unlock = await broker.SubmitAsync("/account/two-factor", new() { ["AttemptsChecked"] = "true" }, $"/admin/users/{id}?handler=Unlock");
        var (anonymous, _) = await Browser.For(Factory).GetAsync("/admin/users");

        Assert.All([list, details, reset, unlock], r => Assert.StartsWith("/access-denied", r.Headers.Location!.AbsolutePath, StringComparison.Ordinal));
        Assert.StartsWith("/sign-in", anonymous.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        Assert.True(await TwoFactorEnabledAsync(id));
        Assert.Empty(await AuditAsync("TwoFactorReset", id));
    }

    private Task<string> UserIdAsync(string email) =>
        Factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());

    private Task<bool> TwoFactorEnabledAsync(string id) =>
        Factory.WithDbAsync(db => db.Users.Where(u => u.Id == id).Select(u => u.TwoFactorEnabled).SingleAsync());

    private Task<List<AuditEvent>> AuditAsync(string action, string userId) =>
        Factory.WithDbAsync(db => db.AuditEvents.AsNoTracking().Where(a => a.Action == action && a.Summary.Contains(userId)).ToListAsync());

    private static AngleSharp.Dom.IElement Row(IHtmlDocument page, string id) =>
        page.QuerySelector($"[data-testid=users] tr[data-testid='user-{id}']") ?? throw new InvalidOperationException("No row for user " + id);

    private static string Text(AngleSharp.Dom.IParentNode scope, string testId) =>
        Spaces().Replace(scope.QuerySelector($"[data-testid={testId}]")!.TextContent, " ").Trim();

    private static string? Banner(IHtmlDocument page) =>
        page.QuerySelector("[data-testid=success-banner] .govuk-notification-banner__heading")?.TextContent.Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
