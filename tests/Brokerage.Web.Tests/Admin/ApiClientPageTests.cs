using System.Net;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Admin;

public sealed class ApiClientPageTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    private const string Admin = "admin@ambershire.example";

    [Fact]
    public async Task IssuingAKey_WithNoNameAndAnUnknownProvider_ShowsBothErrorsAndIssuesNothing()
    {
        var admin = await Browser.SignedInAsync(factory, Admin);
        var before = await factory.WithDbAsync(db => db.ApiClients.CountAsync());

        var response = await admin.SubmitAsync("/admin/api-clients", new() { ["Name"] = " ", ["ProviderId"] = "999999" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Equal(
            ["Enter the name of the system", "Select a provider from the list, or the council for one of its own systems"],
            page.QuerySelectorAll(".govuk-error-summary__list li").Select(li => li.TextContent.Trim()));
        Assert.NotNull(page.QuerySelector("[data-testid=api-clients]"));
        Assert.Equal(before, await factory.WithDbAsync(db => db.ApiClients.CountAsync()));
    }

    [Fact]
    public async Task AnIssuedKey_IsShownOnce_AndRevokingItSaysWhoseItWas()
    {
        var admin = await Browser.SignedInAsync(factory, Admin);

        var issued = await admin.SubmitAsync("/admin/api-clients", new() { ["Name"] = "Test case management (live)" });

        Assert.Equal("/admin/api-clients", issued.Headers.Location!.OriginalString);
        var (_, shown) = await admin.GetAsync("/admin/api-clients");
        Assert.StartsWith("brk_", shown.QuerySelector("[data-testid=issued-key]")!.TextContent, StringComparison.Ordinal);
        var (_, again) = await admin.GetAsync("/admin/api-clients");
        Assert.Null(again.QuerySelector("[data-testid=issued-key]"));

        var id = await factory.WithDbAsync(db => db.ApiClients.Where(c => c.Name == "Test case management (live)").Select(c => c.Id).SingleAsync());
        var revoked = await admin.SubmitAsync("/admin/api-clients", [], $"/admin/api-clients?handler=Revoke&id={id}");
        Assert.Equal("/admin/api-clients", revoked.Headers.Location!.OriginalString);
        var (_, after) = await admin.GetAsync("/admin/api-clients");
        Assert.Equal("API key for Test case management (live) revoked", after.QuerySelector("[data-testid=success-banner] .govuk-notification-banner__heading")!.TextContent.Trim());
        Assert.NotNull(await factory.WithDbAsync(db => db.ApiClients.Where(c => c.Id == id).Select(c => c.RevokedAt).SingleAsync()));

        var unknown = await admin.SubmitAsync("/admin/api-clients", [], "/admin/api-clients?handler=Revoke&id=999999");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
