using System.Net;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Admin;

public sealed class AuditTrailTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    [Fact]
    public async Task Admin_CanSearchTheTrailByRequestAndExportWhatWasFound()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-AUDIT", 2);
        var reference = await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == scenario.RequestId).Select(r => r.Reference).SingleAsync());
        var admin = await Browser.SignedInAsync(factory, "admin@ambershire.example");

        var (_, page) = await admin.GetAsync($"/admin/audit?Reference={reference}");
        var rows = page.QuerySelectorAll("[data-testid=audit-rows] tbody tr").Select(r => r.TextContent).ToList();
        // Created, matched, and one entry for each of the two referrals.
        Assert.Equal(4, rows.Count);
        Assert.All(rows, r => Assert.Contains(reference, r, StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Contains("Referral sent", StringComparison.Ordinal));

        Assert.Equal($"/admin/audit?handler=Csv&Reference={reference}", page.QuerySelector("[data-testid=audit-csv]")!.GetAttribute("href"));
        var csv = await admin.Client.GetStringAsync($"/admin/audit?handler=Csv&Reference={reference}&Text=Referral");
        var lines = csv.Trim().Split('\n');
        Assert.Equal("id,occurred_at_utc,actor,action,summary,request,before,after", lines[0]);
        Assert.Equal(2, lines.Length - 1);
        Assert.All(lines.Skip(1), l => Assert.Contains(",ReferralSent,", l, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AuditSearch_WithAnImpossibleDate_ShowsAnErrorRatherThanFailing()
    {
        var admin = await Browser.SignedInAsync(factory, "admin@ambershire.example");

        var (response, page) = await admin.GetAsync("/admin/audit?From.Day=31&From.Month=2&From.Year=2026");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The from date must be a real date", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        // Exporting would search for something else than the page shows.
        Assert.Null(page.QuerySelector("[data-testid=audit-csv]"));
    }

    [Fact]
    public async Task AuditEvents_CannotBeChangedOrDeletedThroughTheApplication()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => factory.WithDbAsync(async db =>
        {
            var entry = await db.AuditEvents.OrderBy(a => a.Id).FirstAsync();
            entry.Summary = "rewritten";
            return await db.SaveChangesAsync();
        }));

        Assert.Contains("append-only", error.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<InvalidOperationException>(() => factory.WithDbAsync(async db =>
        {
            db.AuditEvents.Remove(await db.AuditEvents.OrderBy(a => a.Id).FirstAsync());
            return await db.SaveChangesAsync();
        }));
    }

    [Fact]
    public async Task Broker_CannotReadTheAuditTrail()
    {
        var broker = await Browser.SignedInAsync(factory, "broker@ambershire.example");

        var (response, _) = await broker.GetAsync("/admin/audit");

        Assert.StartsWith("/access-denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }
}
