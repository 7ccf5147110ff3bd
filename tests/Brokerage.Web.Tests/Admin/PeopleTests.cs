using System.Net;
using System.Text.RegularExpressions;
using Brokerage.Core.Identity;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Brokerage.Web.Tests.Infrastructure.ApprovalScenario;

namespace Brokerage.Web.Tests.Admin;

/// <summary>
/// People over time: an admin adds someone with one or more roles, who sets their password from an
/// invitation; a deactivated person is out at once; a provider's admin manages only their own
/// colleagues. An app of its own, because these tests add, change and deactivate accounts.
/// </summary>
public sealed partial class PeopleTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    private const string NewPassword = "Orchard-lane-2026";

    [GeneratedRegex(@"/account/invitation/([A-Za-z0-9_-]+)")]
    private static partial Regex InvitationLink();

    /// <summary>The token in the newest invitation emailed to the address.</summary>
    private Task<string> InvitationTokenAsync(string email) => factory.WithDbAsync(async db =>
        InvitationLink().Match((await db.OutboxMessages.Where(m => m.To == email).OrderByDescending(m => m.Id).FirstAsync()).Body).Groups[1].Value);

    private async Task<HttpResponseMessage> SetPasswordAsync(string token) =>
        await Browser.For(factory).SubmitAsync($"/account/invitation/{token}", new() { ["Password"] = NewPassword, ["Confirmation"] = NewPassword });

    private static async Task<HttpResponseMessage> SignInAsync(Browser browser, string email, string password) =>
        await browser.SubmitAsync("/sign-in", new() { ["Email"] = email, ["Password"] = password });

    [Fact]
    public async Task Admin_AddsSomeoneWithTwoCouncilRoles_WhoSetsTheirPasswordOnce_AndMayDoBoth()
    {
        var admin = await Browser.SignedInAsync(factory, TestUsers.Admin);

        var added = await admin.SubmitAsync("/admin/users/new", new() { ["DisplayName"] = "Dana Duty", ["Email"] = "dana.duty@ambershire.example" },
            repeated: [new("Roles", Roles.AssistantDirector), new("Roles", Roles.Broker)]);

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        var token = await InvitationTokenAsync("dana.duty@ambershire.example");
        Assert.Equal(HttpStatusCode.Redirect, (await SetPasswordAsync(token)).StatusCode);
        var (again, againPage) = await Browser.For(factory).GetAsync($"/account/invitation/{token}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.NotNull(againPage.QuerySelector("[data-testid=invitation-expired]"));
        var dana = await Browser.SignedInAsync(factory, "dana.duty@ambershire.example", NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await dana.GetAsync("/requests")).Response.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await dana.GetAsync("/approvals")).Response.StatusCode);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == "UserInvited" && a.Actor == TestUsers.Admin && a.After == "Assistant director, Broker")));
    }

    [Fact]
    public async Task SomeoneWhoIsBothBrokerAndAssistantDirector_CannotDecideTheApprovalTheyAskedFor()
    {
        var admin = await Browser.SignedInAsync(factory, TestUsers.Admin);
        await admin.SubmitAsync("/admin/users/new", new() { ["DisplayName"] = "Eli Evening", ["Email"] = "eli.evening@ambershire.example" },
            repeated: [new("Roles", Roles.AssistantDirector), new("Roles", Roles.Broker)]);
        await SetPasswordAsync(await InvitationTokenAsync("eli.evening@ambershire.example"));
        var own = await RaiseAsync(factory, RiskAssessment(factory, await UnregulatedOfferAsync(factory, "CH-PEOPLE-4E")) with { Actor = "eli.evening@ambershire.example" });
        var eli = await Browser.SignedInAsync(factory, "eli.evening@ambershire.example", NewPassword);

        var decided = await eli.SubmitAsync($"/approvals/{own.Id}", new()
        {
            ["Decision"] = "Approve", ["Reasons"] = "Out of hours, only bed", ["Version"] = own.Version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, postUrl: $"/approvals/{own.Id}?handler=Decide");

        Assert.Equal(HttpStatusCode.Forbidden, decided.StatusCode);
        Assert.Equal(Core.Domain.ApprovalStatus.Pending, await factory.WithDbAsync(db => db.ApprovalRequests.Where(a => a.Id == own.Id).Select(a => a.Status).SingleAsync()));
    }

    [Fact]
    public async Task DeactivatedPerson_IsSignedOutAtOnce_AndCannotSignInAgain()
    {
        var admin = await Browser.SignedInAsync(factory, TestUsers.Admin);
        var second = await Browser.SignedInAsync(factory, TestUsers.SecondBroker);
        var id = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == TestUsers.SecondBroker).Select(u => u.Id).SingleAsync());

        var deactivated = await admin.SubmitAsync($"/admin/users/{id}", [], postUrl: $"/admin/users/{id}?handler=Deactivate");

        Assert.Equal(HttpStatusCode.Redirect, deactivated.StatusCode);
        var (open, _) = await second.GetAsync("/requests");
        Assert.Equal("/sign-in", open.Headers.Location?.AbsolutePath);
        var refused = await SignInAsync(Browser.For(factory), TestUsers.SecondBroker, TestUsers.Password);
        Assert.Contains("Your account has been deactivated", (await Browser.ParseAsync(refused)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        var guessed = await SignInAsync(Browser.For(factory), TestUsers.SecondBroker, "Not-the-password-1");
        Assert.Contains("Enter a correct email address and password", (await Browser.ParseAsync(guessed)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == "UserDeactivated" && a.Summary.Contains(id))));

        await admin.SubmitAsync($"/admin/users/{id}", [], postUrl: $"/admin/users/{id}?handler=Reactivate");
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(Browser.For(factory), TestUsers.SecondBroker, TestUsers.Password)).StatusCode);
    }

    [Fact]
    public async Task ProviderAdmin_InvitesAColleague_WhoSignsInAndSeesOnlyTheirOrganisation_ThenRemovesThem()
    {
        var brightwater = await Browser.SignedInAsync(factory, TestUsers.BrightwaterFostering);

        var invited = await brightwater.SubmitAsync("/provider/staff", new() { ["DisplayName"] = "Robin Carer-Support", ["Email"] = "robin@brightwater.example" }, postUrl: "/provider/staff?handler=Invite");

        Assert.Equal(HttpStatusCode.Redirect, invited.StatusCode);
        await SetPasswordAsync(await InvitationTokenAsync("robin@brightwater.example"));
        var robin = await Browser.SignedInAsync(factory, "robin@brightwater.example", NewPassword);
        var (_, settings) = await robin.GetAsync("/provider/settings");
        var ownSettings = await factory.WithDbAsync(db => db.Settings.Where(s => s.Provider.Name == TestUsers.BrightwaterFosteringName).Select(s => s.Id).ToListAsync());
        var shown = settings.QuerySelectorAll("[data-testid^=provider-setting-]").Where(e => !e.GetAttribute("data-testid")!.StartsWith("provider-setting-places", StringComparison.Ordinal))
            .Select(e => int.Parse(e.GetAttribute("data-testid")!["provider-setting-".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(ownSettings.Order(), shown.Order());
        Assert.Equal(HttpStatusCode.Redirect, (await robin.GetAsync("/provider/staff")).Response.StatusCode);
        var robinUser = await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == "robin@brightwater.example"));
        Assert.Equal(await factory.WithDbAsync(db => db.Providers.Where(p => p.Name == TestUsers.BrightwaterFosteringName).Select(p => (int?)p.Id).SingleAsync()), robinUser.ProviderId);

        var removed = await brightwater.SubmitAsync("/provider/staff", [], postUrl: $"/provider/staff?handler=Remove&userId={robinUser.Id}");

        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Equal("/sign-in", (await robin.GetAsync("/provider/referrals")).Response.Headers.Location?.AbsolutePath);
    }

    [Fact]
    public async Task ProviderAdmin_CannotRemoveAnotherOrganisationsStaff_OrGiveACouncilRole()
    {
        var brightwater = await Browser.SignedInAsync(factory, TestUsers.BrightwaterFostering);
        var other = await factory.WithDbAsync(db => db.Users.FirstAsync(u => u.ProviderId != null && u.Email != TestUsers.BrightwaterFostering && !u.Email!.EndsWith("@brightwater.example")));
        var broker = await factory.WithDbAsync(db => db.Users.SingleAsync(u => u.Email == TestUsers.Broker));

        var removeOther = await brightwater.SubmitAsync("/provider/staff", [], postUrl: $"/provider/staff?handler=Remove&userId={other.Id}");
        var removeBroker = await brightwater.SubmitAsync("/provider/staff", [], postUrl: $"/provider/staff?handler=Remove&userId={broker.Id}");

        Assert.Equal(HttpStatusCode.NotFound, removeOther.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, removeBroker.StatusCode);
        Assert.Null(await factory.WithDbAsync(db => db.Users.Where(u => u.Id == other.Id || u.Id == broker.Id).Select(u => u.DeactivatedAt).FirstOrDefaultAsync(d => d != null)));
    }

    [Fact]
    public async Task Admin_AddsSomeoneWhoseAddressHasAnApostrophe_WhoSetsTheirPasswordAndSignsIn()
    {
        const string email = "siobhan.o'neill@ambershire.example";
        var admin = await Browser.SignedInAsync(factory, TestUsers.Admin);

        var added = await admin.SubmitAsync("/admin/users/new", new() { ["DisplayName"] = "Siobhan O'Neill", ["Email"] = email }, repeated: [new("Roles", Roles.Broker)]);

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SetPasswordAsync(await InvitationTokenAsync(email))).StatusCode);
        var siobhan = await Browser.SignedInAsync(factory, email, NewPassword);
        Assert.Equal(HttpStatusCode.OK, (await siobhan.GetAsync("/requests")).Response.StatusCode);
    }

    [Fact]
    public async Task InvitingAgain_SomeoneDeactivated_IsRefusedAndSendsNothing()
    {
        const string email = "rowan.gone@ambershire.example";
        var admin = await Browser.SignedInAsync(factory, TestUsers.Admin);
        await admin.SubmitAsync("/admin/users/new", new() { ["DisplayName"] = "Rowan Gone", ["Email"] = email }, repeated: [new("Roles", Roles.Broker)]);
        var id = await factory.WithDbAsync(db => db.Users.Where(u => u.Email == email).Select(u => u.Id).SingleAsync());
        await admin.SubmitAsync($"/admin/users/{id}", [], postUrl: $"/admin/users/{id}?handler=Deactivate");
        var sent = await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == email));

        var again = await admin.SubmitAsync($"/admin/users/{id}", [], postUrl: $"/admin/users/{id}?handler=InviteAgain");

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains("Their account is deactivated", (await Browser.ParseAsync(again)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(sent, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == email)));
    }

    [Fact]
    public async Task ExpiredInvitation_CannotSetAPassword()
    {
        var admin = await Browser.SignedInAsync(factory, TestUsers.Admin);
        await admin.SubmitAsync("/admin/users/new", new() { ["DisplayName"] = "Kit Late", ["Email"] = "kit.late@ambershire.example" }, repeated: [new("Roles", Roles.Commissioner)]);
        var token = await InvitationTokenAsync("kit.late@ambershire.example");
        var sent = await factory.WithDbAsync(db => db.UserInvitations.SingleAsync(i => i.TokenHash == Core.Common.Secrets.Hash(token)));
        // The invitation was sent eight days ago: a week is all a link works for.
        await factory.WithDbAsync(db => db.UserInvitations.Where(i => i.Id == sent.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(i => i.ExpiresAt, factory.Time.GetUtcNow().UtcDateTime.AddDays(-1))));

        var (page, _) = await Browser.For(factory).GetAsync($"/account/invitation/{token}");
        // The page has no form once the link has expired: the post is made as a stale tab would make it.
        var refused = await Browser.For(factory).SubmitAsync("/sign-in", new() { ["Password"] = NewPassword, ["Confirmation"] = NewPassword }, postUrl: $"/account/invitation/{token}");

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, refused.StatusCode);
        Assert.Null(await factory.WithDbAsync(db => db.Users.Where(u => u.Email == "kit.late@ambershire.example").Select(u => u.PasswordHash).SingleAsync()));
    }

    [Fact]
    public async Task AddUser_WithNoRoleATakenEmailAndProviderRoleWithoutProvider_NamesEachAndAddsNobody()
    {
        var admin = await Browser.SignedInAsync(factory, TestUsers.Admin);
        var count = await factory.WithDbAsync(db => db.Users.CountAsync());

        var noRole = await admin.SubmitAsync("/admin/users/new", new() { ["DisplayName"] = "", ["Email"] = TestUsers.Broker });
        var providerRole = await admin.SubmitAsync("/admin/users/new", new() { ["DisplayName"] = "Pat", ["Email"] = "pat@example.org" }, repeated: [new("Roles", Roles.Provider)]);

        Assert.Equal(HttpStatusCode.BadRequest, noRole.StatusCode);
        var summary = (await Browser.ParseAsync(noRole)).QuerySelector(".govuk-error-summary")!.TextContent;
        Assert.Contains("Enter their name", summary, StringComparison.Ordinal);
        Assert.Contains("Someone already has an account with this email address", summary, StringComparison.Ordinal);
        Assert.Contains("Select at least one role", summary, StringComparison.Ordinal);
        Assert.Contains("Select the provider this person works for", (await Browser.ParseAsync(providerRole)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(count, await factory.WithDbAsync(db => db.Users.CountAsync()));
    }
}
