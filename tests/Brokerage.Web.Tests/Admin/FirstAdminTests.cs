using System.Net;
using System.Text.RegularExpressions;
using Brokerage.Core.Identity;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Brokerage.Web.Tests.Admin;

/// <summary>
/// A new council's way in: with no demo data and no admin, the person named in configuration is
/// invited as admin, sets their password from the link, and can then add everyone else. Restarting
/// the app does not invite them twice.
/// </summary>
public sealed partial class FirstAdminTests : IDisposable
{
    private const string Email = "head.of.service@wessex.example";
    private readonly TempFolder _folder = new("first-admin");

    public void Dispose() => _folder.Dispose();

    [GeneratedRegex(@"/account/invitation/([A-Za-z0-9_-]+)")]
    private static partial Regex InvitationLink();

    [Fact]
    public async Task NewCouncil_FirstAdminFromConfiguration_IsInvitedOnce_SetsTheirPassword_AndAddsColleagues()
    {
        var directory = Path.Combine(_folder.Path, "app");
        // Not the seeded start time, so the app starts on an empty database, as a new council's would.
        var time = new FakeTimeProvider(BrokerageWebFactory.Start.AddHours(1));
        var settings = new Dictionary<string, string> { ["Brokerage:DemoData"] = "false", ["Brokerage:FirstAdmin:Email"] = Email, ["Brokerage:FirstAdmin:Name"] = "Alex Head" };

        string body;
        using (var app = BrokerageWebFactory.Over(directory, time, settings))
        {
            _ = app.CreateClient();
            Assert.Equal(0, await app.WithDbAsync(db => db.Providers.CountAsync()));
            body = await app.WithDbAsync(async db => (await db.OutboxMessages.SingleAsync(m => m.To == Email)).Body);
            var audit = await app.WithDbAsync(db => db.AuditEvents.SingleAsync(a => a.Action == "UserInvited"));
            Assert.Equal(PeopleService.FirstAdminActor, audit.Actor);
        }

        using var restarted = BrokerageWebFactory.Over(directory, time, settings);
        var token = InvitationLink().Match(body).Groups[1].Value;
        var set = await Browser.For(restarted).SubmitAsync($"/account/invitation/{token}", new() { ["Password"] = "Wessex-first-2026", ["Confirmation"] = "Wessex-first-2026" });
        var admin = await Browser.SignedInAsync(restarted, Email, "Wessex-first-2026");
        var added = await admin.SubmitAsync("/admin/users/new", new() { ["DisplayName"] = "Bo Broker", ["Email"] = "bo.broker@wessex.example" }, repeated: [new("Roles", Roles.Broker)]);

        Assert.Equal(HttpStatusCode.Redirect, set.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(1, await restarted.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == Email)));
    }

    [Fact]
    public async Task FirstAdminDeactivatedBeforeSettingAPassword_IsNotInvitedAgain_AndTheAppStillStarts()
    {
        var directory = Path.Combine(_folder.Path, "deactivated");
        var time = new FakeTimeProvider(BrokerageWebFactory.Start.AddHours(1));
        var settings = new Dictionary<string, string> { ["Brokerage:DemoData"] = "false", ["Brokerage:FirstAdmin:Email"] = Email, ["Brokerage:FirstAdmin:Name"] = "Alex Head" };
        using (var app = BrokerageWebFactory.Over(directory, time, settings))
        {
            _ = app.CreateClient();
            await app.WithDbAsync(db => db.Users.Where(u => u.Email == Email).ExecuteUpdateAsync(u => u.SetProperty(x => x.DeactivatedAt, BrokerageWebFactory.Start.UtcDateTime.AddHours(2))));
        }

        // The link has expired by the next start.
        time.Advance(TimeSpan.FromDays(8));
        using var restarted = BrokerageWebFactory.Over(directory, time, settings);
        var signIn = await Browser.For(restarted).GetAsync("/sign-in");

        Assert.Equal(HttpStatusCode.OK, signIn.Response.StatusCode);
        Assert.Equal(1, await restarted.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.To == Email)));
    }
}
