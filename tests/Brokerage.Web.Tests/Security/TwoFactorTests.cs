using System.Net;
using AngleSharp.Html.Dom;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using OtpNet;

namespace Brokerage.Web.Tests.Security;

/// <summary>Authenticator-app sign-in with the default settings, where it is optional for everyone. Each test has its own user.</summary>
public sealed class TwoFactorTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    [Fact]
    public async Task SetupPage_ShowsTheKeyInGroupsOfFour_AndAQrCodeDrawnWithoutInlineStyle()
    {
        var commissioner = await Browser.SignedInAsync(factory, TestUsers.Commissioner);

        var (response, page) = await commissioner.GetAsync("/account/two-factor");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var groups = page.QuerySelector("[data-testid=shared-key]")!.TextContent.Split(' ');
        Assert.True(groups.Length >= 4, "The key should be long enough to be split into several groups");
        Assert.All(groups, g => Assert.Matches("^[a-z2-7]{4}$", g));
        var svg = page.QuerySelector("[data-testid=qr-code] svg");
        Assert.NotNull(svg);
        Assert.NotEmpty(svg.QuerySelectorAll("path, rect"));
        // The content security policy blocks inline style, so a styled QR code would not show.
        Assert.Empty(page.QuerySelectorAll("[data-testid=qr-code] [style], [data-testid=qr-code] style"));

        // The key stays the same until it is confirmed, so the app set up from the first view keeps working.
        var (_, again) = await commissioner.GetAsync("/account/two-factor");
        Assert.Equal(string.Join(' ', groups), again.QuerySelector("[data-testid=shared-key]")!.TextContent);
    }

    [Fact]
    public async Task TurningOn_WithAWrongOrEmptyCode_ShowsTheErrorAndLeavesItOff()
    {
        const string email = TestUsers.Commissioner;
        var commissioner = await Browser.SignedInAsync(factory, email);
        var key = await ReadKeyAsync(commissioner);

        var empty = await Browser.ParseAsync(await commissioner.SubmitAsync("/account/two-factor", new() { ["Code"] = "" }));
        var wrong = await Browser.ParseAsync(await commissioner.SubmitAsync("/account/two-factor", new() { ["Code"] = WrongCode(factory, key) }));

        Assert.Equal("Enter the 6-digit code from your authenticator app", ErrorSummary(empty));
        Assert.Equal("The code is not correct. Enter the code your authenticator app shows now", ErrorSummary(wrong));
        Assert.Contains("Error:", wrong.QuerySelector("#Code-error")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Error:", wrong.Title, StringComparison.Ordinal);
        Assert.False(await TwoFactorEnabledAsync(email));
        Assert.Empty(await TwoFactorAuditAsync(email));
    }

    [Fact]
    public async Task AfterTurningOn_PasswordAloneDoesNotSignIn_AWrongCodeIsRefused_AndTheAppCodeSignsIn()
    {
        const string email = TestUsers.SecondBroker;
        var (key, codes) = await TurnOnAsync(factory, await Browser.SignedInAsync(factory, email));
        Assert.Equal(10, codes.Count);
        Assert.True(await TwoFactorEnabledAsync(email));

        var browser = Browser.For(factory);
        var password = await browser.SubmitAsync("/sign-in?returnUrl=%2Fvacancies", new() { ["Email"] = email, ["Password"] = TestUsers.Password, ["ReturnUrl"] = "/vacancies" });
        Assert.Equal("/sign-in/two-factor?ReturnUrl=%2Fvacancies", password.Headers.Location!.OriginalString);
        var (notYet, _) = await browser.GetAsync("/vacancies");
        Assert.StartsWith("/sign-in", notYet.Headers.Location!.AbsolutePath, StringComparison.Ordinal);

        var wrong = await browser.SubmitAsync("/sign-in/two-factor?ReturnUrl=%2Fvacancies", new() { ["Code"] = WrongCode(factory, key), ["ReturnUrl"] = "/vacancies" });
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal("The code is not correct. Enter the code your authenticator app shows now", ErrorSummary(await Browser.ParseAsync(wrong)));
        var letters = await browser.SubmitAsync("/sign-in/two-factor?ReturnUrl=%2Fvacancies", new() { ["Code"] = "12ab56", ["ReturnUrl"] = "/vacancies" });
        Assert.Equal("The code must be 6 digits", ErrorSummary(await Browser.ParseAsync(letters)));
        var (stillNot, _) = await browser.GetAsync("/vacancies");
        Assert.Equal(HttpStatusCode.Redirect, stillNot.StatusCode);

        var right = await browser.SubmitAsync("/sign-in/two-factor?ReturnUrl=%2Fvacancies", new() { ["Code"] = NextCode(factory, key), ["ReturnUrl"] = "/vacancies" });
        Assert.Equal("/vacancies", right.Headers.Location!.OriginalString);
        var (signedIn, _) = await browser.GetAsync("/vacancies");
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);

        // Only local addresses are followed after the code, as after the password.
        var elsewhere = Browser.For(factory);
        await elsewhere.SubmitAsync("/sign-in", new() { ["Email"] = email, ["Password"] = TestUsers.Password, ["ReturnUrl"] = "https://attacker.example/" });
        var offSite = await elsewhere.SubmitAsync("/sign-in/two-factor", new() { ["Code"] = NextCode(factory, key), ["ReturnUrl"] = "https://attacker.example/" });
        Assert.Equal("/", offSite.Headers.Location!.OriginalString);

        var audit = await TwoFactorAuditAsync(email);
        Assert.Equal(["TwoFactorEnabled"], audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.DoesNotContain(key, a.Text, StringComparison.OrdinalIgnoreCase));
        Assert.All(audit, a => Assert.All(codes, code => Assert.DoesNotContain(code, a.Text, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task AnAppCode_SignsInOnce_AndIsRefusedTheSecondTime_WhileItsTimeStepIsStillCurrent()
    {
        var email = await FirstProviderEmailAsync(2);
        var (key, _) = await TurnOnAsync(factory, await Browser.SignedInAsync(factory, email));
        var code = NextCode(factory, key);

        var first = await PasswordThenCodeAsync(email, code);
        var replayed = await PasswordThenCodeAsync(email, code);

        Assert.Equal("/", first.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.BadRequest, replayed.StatusCode);
        Assert.Equal("The code is not correct. Enter the code your authenticator app shows now", ErrorSummary(await Browser.ParseAsync(replayed)));
        // Nor does an earlier code that is still inside the window; the app's next code works.
        Assert.Equal(HttpStatusCode.BadRequest, (await PasswordThenCodeAsync(email, CodeAt(factory.Time.GetUtcNow().AddSeconds(-30), key))).StatusCode);
        Assert.Equal("/", (await PasswordThenCodeAsync(email, NextCode(factory, key))).Headers.Location!.OriginalString);
    }

    private async Task<HttpResponseMessage> PasswordThenCodeAsync(string email, string code)
    {
        var browser = Browser.For(factory);
        var password = await browser.SubmitAsync("/sign-in", new() { ["Email"] = email, ["Password"] = TestUsers.Password });
        Assert.Equal("/sign-in/two-factor", password.Headers.Location!.OriginalString);
        return await browser.SubmitAsync("/sign-in/two-factor", new() { ["Code"] = code });
    }

    [Fact]
    public async Task RecoveryCode_SignsInOnce_AndIsRefusedTheSecondTime()
    {
        const string email = TestUsers.AssistantDirector;
        var (_, codes) = await TurnOnAsync(factory, await Browser.SignedInAsync(factory, email));

        var first = Browser.For(factory);
        await first.SubmitAsync("/sign-in", new() { ["Email"] = email, ["Password"] = TestUsers.Password });
        var (codePage, codeDocument) = await first.GetAsync("/sign-in/two-factor");
        Assert.Equal(HttpStatusCode.OK, codePage.StatusCode);
        Assert.Equal("/sign-in/recovery-code", codeDocument.QuerySelector("[data-testid=use-recovery-code]")!.GetAttribute("href"));
        var used = await first.SubmitAsync("/sign-in/recovery-code", new() { ["RecoveryCode"] = codes[0] });
        Assert.Equal("/", used.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/approvals")).Response.StatusCode);

        var second = Browser.For(factory);
        await second.SubmitAsync("/sign-in", new() { ["Email"] = email, ["Password"] = TestUsers.Password });
        var again = await second.SubmitAsync("/sign-in/recovery-code", new() { ["RecoveryCode"] = codes[0] });
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
        Assert.Equal("The recovery code is not correct, or it has already been used", ErrorSummary(await Browser.ParseAsync(again)));
        Assert.Equal(HttpStatusCode.Redirect, (await second.GetAsync("/approvals")).Response.StatusCode);

        var (_, settings) = await first.GetAsync("/account/two-factor");
        Assert.Contains("You have 9 unused recovery codes", settings.QuerySelector("[data-testid=recovery-codes-left]")!.TextContent, StringComparison.Ordinal);
        var audit = await TwoFactorAuditAsync(email);
        Assert.Equal(["TwoFactorEnabled", "TwoFactorRecoveryCodeUsed"], audit.Select(a => a.Action));
        Assert.Contains("9 left", audit[1].Text, StringComparison.Ordinal);
        Assert.All(audit, a => Assert.All(codes, code => Assert.DoesNotContain(code, a.Text, StringComparison.Ordinal)));
    }

    [Fact]
    public async Task RecoveryCode_ForAnAccountDeactivatedAfterItsPassword_DoesNotSignIn_AndTheCodeIsKept()
    {
        var email = await FirstProviderEmailAsync(3);
        var (_, codes) = await TurnOnAsync(factory, await Browser.SignedInAsync(factory, email));
        var browser = Browser.For(factory);
        await browser.SubmitAsync("/sign-in", new() { ["Email"] = email, ["Password"] = TestUsers.Password });
        await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeactivatedAt, DateTime.UtcNow)));

        var refused = await browser.SubmitAsync("/sign-in/recovery-code", new() { ["RecoveryCode"] = codes[0] });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("Your account has been deactivated. If you still need it, ask your administrator", ErrorSummary(await Browser.ParseAsync(refused)));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/provider/referrals")).Response.StatusCode);
        Assert.DoesNotContain("TwoFactorRecoveryCodeUsed", (await TwoFactorAuditAsync(email)).Select(a => a.Action));
    }

    [Fact]
    public async Task NewRecoveryCodes_ReplaceTheOldOnes()
    {
        var provider = await FirstProviderEmailAsync(1);
        var browser = await Browser.SignedInAsync(factory, provider);
        var (_, oldCodes) = await TurnOnAsync(factory, browser);

        await browser.SubmitAsync("/account/two-factor", new(), "/account/two-factor?handler=RecoveryCodes");
        var (_, page) = await browser.GetAsync("/account/two-factor");
        var newCodes = page.QuerySelectorAll("[data-testid=recovery-codes] li").Select(li => li.TextContent.Trim()).ToList();

        Assert.Equal(10, newCodes.Count);
        Assert.Empty(newCodes.Intersect(oldCodes));
        var other = Browser.For(factory);
        await other.SubmitAsync("/sign-in", new() { ["Email"] = provider, ["Password"] = TestUsers.Password });
        var old = await other.SubmitAsync("/sign-in/recovery-code", new() { ["RecoveryCode"] = oldCodes[0] });
        Assert.Equal("The recovery code is not correct, or it has already been used", ErrorSummary(await Browser.ParseAsync(old)));
        var fresh = await other.SubmitAsync("/sign-in/recovery-code", new() { ["RecoveryCode"] = newCodes[0] });
        Assert.Equal("/", fresh.Headers.Location!.OriginalString);
        Assert.Equal(["TwoFactorEnabled", "TwoFactorRecoveryCodesReplaced", "TwoFactorRecoveryCodeUsed"], (await TwoFactorAuditAsync(provider)).Select(a => a.Action));
    }

    [Fact]
    public async Task WrongAppCodes_LockTheAccount_SoTheRightCodeIsRefusedToo()
    {
        var email = await FirstProviderEmailAsync(0);
        var (key, codes) = await TurnOnAsync(factory, await Browser.SignedInAsync(factory, email));
        var browser = Browser.For(factory);
        await browser.SubmitAsync("/sign-in", new() { ["Email"] = email, ["Password"] = TestUsers.Password });

        for (var i = 0; i < 5; i++)
        {
            await browser.SubmitAsync("/sign-in/two-factor", new() { ["Code"] = WrongCode(factory, key) });
        }

        var right = await browser.SubmitAsync("/sign-in/two-factor", new() { ["Code"] = NextCode(factory, key) });
        var recovery = await browser.SubmitAsync("/sign-in/recovery-code", new() { ["RecoveryCode"] = codes[0] });

        Assert.Equal("Your account is locked after too many failed attempts. Try again in 15 minutes", ErrorSummary(await Browser.ParseAsync(right)));
        Assert.Equal("Your account is locked after too many failed attempts. Try again in 15 minutes", ErrorSummary(await Browser.ParseAsync(recovery)));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/provider/referrals")).Response.StatusCode);
    }

    [Fact]
    public async Task WrongRecoveryCodes_CountTowardsTheLockout()
    {
        const string email = TestUsers.Broker;
        var (_, codes) = await TurnOnAsync(factory, await Browser.SignedInAsync(factory, email));
        var browser = Browser.For(factory);
        await browser.SubmitAsync("/sign-in", new() { ["Email"] = email, ["Password"] = TestUsers.Password });

        for (var i = 0; i < 5; i++)
        {
            await browser.SubmitAsync("/sign-in/recovery-code", new() { ["RecoveryCode"] = "WRONG-" + i });
        }

        var right = await browser.SubmitAsync("/sign-in/recovery-code", new() { ["RecoveryCode"] = codes[0] });

        Assert.Equal("Your account is locked after too many failed attempts. Try again in 15 minutes", ErrorSummary(await Browser.ParseAsync(right)));
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/requests")).Response.StatusCode);
    }

    [Fact]
    public async Task TurningOff_IsAudited_AndThePasswordAloneSignsInAgain()
    {
        const string email = TestUsers.Admin;
        var browser = await Browser.SignedInAsync(factory, email);
        await TurnOnAsync(factory, browser);
        var (_, enabled) = await browser.GetAsync("/account/two-factor");
        Assert.NotNull(enabled.QuerySelector("[data-testid=turn-off]"));

        var off = await browser.SubmitAsync("/account/two-factor", new(), "/account/two-factor?handler=Disable");

        Assert.Equal(HttpStatusCode.Redirect, off.StatusCode);
        Assert.False(await TwoFactorEnabledAsync(email));
        Assert.Equal(["TwoFactorEnabled", "TwoFactorDisabled"], (await TwoFactorAuditAsync(email)).Select(a => a.Action));
        var password = await Browser.For(factory).SubmitAsync("/sign-in", new() { ["Email"] = email, ["Password"] = TestUsers.Password });
        Assert.Equal("/", password.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task CodePages_WithoutAPasswordFirst_SendYouToSignIn()
    {
        var browser = Browser.For(factory);

        var (code, _) = await browser.GetAsync("/sign-in/two-factor?returnUrl=%2Frequests");
        var (recovery, _) = await browser.GetAsync("/sign-in/recovery-code");

        Assert.Equal("/sign-in?ReturnUrl=%2Frequests", code.Headers.Location!.OriginalString);
        Assert.Equal("/sign-in", recovery.Headers.Location!.OriginalString);
    }

    internal static async Task<string> ReadKeyAsync(Browser browser)
    {
        var (_, page) = await browser.GetAsync("/account/two-factor");
        return page.QuerySelector("[data-testid=shared-key]")!.TextContent.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant();
    }

    /// <summary>Confirms the app with the code it would show now; returns the key and the recovery codes shown once.</summary>
    internal static async Task<(string Key, IReadOnlyList<string> RecoveryCodes)> TurnOnAsync(BrokerageWebFactory factory, Browser browser)
    {
        var key = await ReadKeyAsync(browser);
        var response = await browser.SubmitAsync("/account/two-factor", new() { ["Code"] = NextCode(factory, key) });
        Assert.Equal("/account/two-factor", response.Headers.Location!.OriginalString);
        var (_, page) = await browser.GetAsync("/account/two-factor");
        var codes = page.QuerySelectorAll("[data-testid=recovery-codes] li").Select(li => li.TextContent.Trim()).ToList();

        // Shown once only.
        var (_, again) = await browser.GetAsync("/account/two-factor");
        Assert.Null(again.QuerySelector("[data-testid=recovery-codes]"));
        return (key, codes);
    }

    /// <summary>
    /// The app's code once the clock has moved on to the next time step: each code signs in once,
    /// so a person waits for their app's next code, and so does a test.
    /// </summary>
    internal static string NextCode(BrokerageWebFactory factory, string key)
    {
        factory.Time.Advance(TimeSpan.FromSeconds(30));
        return CodeAt(factory.Time.GetUtcNow(), key);
    }

    private static string CodeAt(DateTimeOffset time, string key) => new Totp(Base32Encoding.ToBytes(key)).ComputeTotp(time.UtcDateTime);

    /// <summary>A 6-digit code that is not the app's code for any time step Identity would still accept.</summary>
    internal static string WrongCode(BrokerageWebFactory factory, string key)
    {
        var accepted = Enumerable.Range(-3, 7).Select(step => CodeAt(factory.Time.GetUtcNow().AddSeconds(30 * step), key)).ToHashSet();
        return Enumerable.Range(0, 10).Select(d => new string((char)('0' + d), 6)).First(c => !accepted.Contains(c));
    }

    internal static string? ErrorSummary(IHtmlDocument page) =>
        page.QuerySelector(".govuk-error-summary__list li")?.TextContent.Trim();

    private Task<bool> TwoFactorEnabledAsync(string email) =>
        factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.TwoFactorEnabled).SingleAsync());

    private Task<List<(string Action, string Text)>> TwoFactorAuditAsync(string email) => AuditAsync(factory, email);

    internal static async Task<List<(string Action, string Text)>> AuditAsync(BrokerageWebFactory factory, string email)
    {
        var events = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.Actor == email && a.Action.StartsWith("TwoFactor")).OrderBy(a => a.Id).ToListAsync());
        return events.Select(a => (a.Action, $"{a.Summary} {a.Before} {a.After}")).ToList();
    }

    private Task<string> FirstProviderEmailAsync(int skip) =>
        factory.WithDbAsync(db => db.Providers.OrderBy(p => p.Id).Skip(skip).Select(p => p.ReferralEmail).FirstAsync());
}

public sealed class TwoFactorSettingsTests
{
    [Fact]
    public void AMisspeltRoleInRequireTwoFactorForRoles_StopsStartUp()
    {
        using var factory = new BrokerageWebFactory { Settings = new Dictionary<string, string> { ["Brokerage:Security:RequireTwoFactorForRoles:0"] = "Admins" } };

        var error = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() => factory.CreateClient());

        Assert.Contains("RequireTwoFactorForRoles may only name the roles", error.Message, StringComparison.Ordinal);
    }
}

/// <summary>An app where admins and assistant directors must use two-factor sign-in.</summary>
public sealed class TwoFactorRequiredApp : IDisposable
{
    public BrokerageWebFactory Factory { get; } = new()
    {
        Settings = new Dictionary<string, string>
        {
            ["Brokerage:Security:RequireTwoFactorForRoles:0"] = "Admin",
            ["Brokerage:Security:RequireTwoFactorForRoles:1"] = "AssistantDirector",
        },
    };

    public void Dispose() => Factory.Dispose();
}

public sealed class TwoFactorRequirementTests(TwoFactorRequiredApp app) : IClassFixture<TwoFactorRequiredApp>
{
    [Fact]
    public async Task AdminWithoutTwoFactor_IsSentToSetup_AndOnceItIsOnCannotTurnItOff()
    {
        const string email = TestUsers.Admin;
        var admin = await Browser.SignedInAsync(app.Factory, email);

        var (outbox, _) = await admin.GetAsync("/admin/outbox");
        var (jobs, _) = await admin.GetAsync("/admin/jobs");
        Assert.Equal(HttpStatusCode.Redirect, outbox.StatusCode);
        Assert.Equal("/account/two-factor?ReturnUrl=%2Fadmin%2Foutbox", outbox.Headers.Location!.OriginalString);
        Assert.StartsWith("/account/two-factor?", jobs.Headers.Location!.OriginalString, StringComparison.Ordinal);
        var (setup, page) = await admin.GetAsync(outbox.Headers.Location.OriginalString);
        Assert.Equal(HttpStatusCode.OK, setup.StatusCode);
        Assert.Contains("Your role (admin) requires two-factor sign-in", page.QuerySelector("[data-testid=two-factor-required]")!.TextContent, StringComparison.Ordinal);

        var key = await TwoFactorTests.ReadKeyAsync(admin);
        var turnedOn = await admin.SubmitAsync("/account/two-factor?ReturnUrl=%2Fadmin%2Foutbox", new() { ["Code"] = TwoFactorTests.NextCode(app.Factory, key), ["ReturnUrl"] = "/admin/outbox" });
        var (_, codes) = await admin.GetAsync(turnedOn.Headers.Location!.OriginalString);
        Assert.Equal("/admin/outbox", codes.QuerySelector("[data-testid=continue]")!.GetAttribute("href"));
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/outbox")).Response.StatusCode);

        var (_, settings) = await admin.GetAsync("/account/two-factor");
        Assert.Null(settings.QuerySelector("[data-testid=turn-off]"));
        Assert.Contains("required for your role (admin)", settings.QuerySelector("[data-testid=two-factor-required]")!.TextContent, StringComparison.Ordinal);
        var refused = await admin.SubmitAsync("/account/two-factor", new(), "/account/two-factor?handler=Disable");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal("You cannot turn off two-factor sign-in because your role requires it", TwoFactorTests.ErrorSummary(await Browser.ParseAsync(refused)));
        Assert.True(await app.Factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.TwoFactorEnabled).SingleAsync()));
        Assert.Equal(["TwoFactorEnabled"], (await TwoFactorTests.AuditAsync(app.Factory, email)).Select(a => a.Action));
    }

    [Fact]
    public async Task AssistantDirectorWithoutTwoFactor_IsSentToSetup_ButCanStillSignOut()
    {
        var director = await Browser.SignedInAsync(app.Factory, TestUsers.AssistantDirector);

        var (approvals, _) = await director.GetAsync("/approvals");
        var signOut = await director.SubmitAsync("/sign-out", new());

        Assert.Equal("/account/two-factor?ReturnUrl=%2Fapprovals", approvals.Headers.Location!.OriginalString);
        Assert.Equal("/sign-out", signOut.Headers.Location!.OriginalString);
        var (afterSignOut, _) = await director.GetAsync("/approvals");
        Assert.StartsWith("/sign-in", afterSignOut.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BrokerAndApiKeys_AreNotSentToSetup()
    {
        var broker = await Browser.SignedInAsync(app.Factory, TestUsers.Broker);
        var api = app.Factory.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", Brokerage.Web.Infrastructure.Startup.DemoApiKey);

        var (requests, _) = await broker.GetAsync("/requests");
        var (_, setup) = await broker.GetAsync("/account/two-factor");
        var localities = await api.GetAsync("/api/v1/localities");

        Assert.Equal(HttpStatusCode.OK, requests.StatusCode);
        Assert.Null(setup.QuerySelector("[data-testid=two-factor-required]"));
        Assert.Equal(HttpStatusCode.OK, localities.StatusCode);
    }
}
