using System.Net;
using System.Net.Http.Headers;
using Brokerage.Core;
using Brokerage.Core.Domain;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Market;

/// <summary>
/// A commissioner brings the directory into line with Ofsted's list, using the sample file the app
/// ships: checked whole first, one bad row and nothing changes. An app of its own: the import changes demo settings.
/// </summary>
public sealed class OfstedImportTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    private async Task<string> SampleAsync() => await factory.CreateClient().GetStringAsync("/samples/ofsted-providers-sample.csv");

    private static async Task<HttpResponseMessage> UploadAsync(Browser browser, string csv, string handler)
    {
        var (_, form) = await browser.GetAsync("/directory/import");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var body = new MultipartFormDataContent { { new StringContent(token), "__RequestVerificationToken" } };
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        body.Add(file, "ListFile", "ofsted.csv");
        return await browser.Client.PostAsync($"/directory/import?handler={handler}", body);
    }

    private Task<Setting> SettingAsync(string urn) => factory.WithDbAsync(db => db.Settings.AsNoTracking().Include(s => s.Provider).FirstAsync(s => s.OfstedUrn == urn));

    [Fact]
    public async Task FileWithOneBadRow_ImportsNothing_AndNamesTheRowAndColumn()
    {
        var commissioner = await Browser.SignedInAsync(factory, TestUsers.Commissioner);
        var before = await SettingAsync("SC983506");
        var audit = await factory.WithDbAsync(db => db.AuditEvents.CountAsync());
        var csv = (await SampleAsync()).TrimEnd() + "\nSC700009,Bad Row House,Oakleaf Care Homes Ltd,Children's home,Active,Good,02/10/2026,NOT A POSTCODE,3\n";

        var refused = await UploadAsync(commissioner, csv, "Import");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        var page = await Browser.ParseAsync(refused);
        Assert.Contains("The file has 1 problem, so nothing has been imported", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Row 10, column Postcode: \"NOT A POSTCODE\" is not a UK postcode", page.QuerySelector("[data-testid=import-problems] li")!.TextContent);
        Assert.Equal(before.Rating, (await SettingAsync("SC983506")).Rating);
        Assert.False(await factory.WithDbAsync(db => db.Settings.AnyAsync(s => s.OfstedUrn == "SC700001")));
        Assert.Equal(audit, await factory.WithDbAsync(db => db.AuditEvents.CountAsync()));
    }

    [Fact]
    public async Task RowsTheImportCannotDecide_AreSkippedWithTheirReason_NotRefusingTheFile()
    {
        var commissioner = await Browser.SignedInAsync(factory, TestUsers.Commissioner);
        var sample = await SampleAsync();
        // A home the council now records as unregistered provision, though it keeps its old URN.
        var home = await factory.WithDbAsync(db => db.Settings.AsNoTracking()
            .Where(s => s.Type == PlacementType.ChildrensHome && s.OfstedUrn != null).OrderBy(s => s.Id)
            .Select(s => new { s.Id, s.Name, s.OfstedUrn, s.Postcode, Provider = s.Provider.Name }).ToListAsync());
        var unregistered = home.First(h => !sample.Contains(h.OfstedUrn!, StringComparison.Ordinal));
        await factory.WithDbAsync(db => db.Settings.Where(s => s.Id == unregistered.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Registration, Registration.Unregistered)));
        var csv = sample.Split('\n')[0] + "\n"
            + $"{unregistered.OfstedUrn},{unregistered.Name},{unregistered.Provider},Children's home,Active,Good,02/10/2026,{unregistered.Postcode},4\n"
            + "SC700010,Empty Nest House,Oakleaf Care Homes Ltd,Children's home,Active,Not yet inspected,,AM3 4AB,0\n";

        var checkedOnly = await UploadAsync(commissioner, csv, "Check");

        Assert.Equal(HttpStatusCode.OK, checkedOnly.StatusCode);
        var page = await Browser.ParseAsync(checkedOnly);
        Assert.Contains("The file is good", page.QuerySelector("[data-testid=import-summary]")!.TextContent, StringComparison.Ordinal);
        var skipped = page.QuerySelector("[data-testid=import-skipped]")!.TextContent;
        Assert.Contains("Recorded as unregistered, not Ofsted-registered", skipped, StringComparison.Ordinal);
        Assert.Contains("Ofsted's list gives no number of places", skipped, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GoodFile_CheckedFirstWritesNothing_ThenUpdatesByUrnAddsNewAndReportsEachChange()
    {
        var commissioner = await Browser.SignedInAsync(factory, TestUsers.Commissioner);
        var csv = await SampleAsync();
        var otterGrange = await SettingAsync("SC983506");

        var checkedOnly = await UploadAsync(commissioner, csv, "Check");
        Assert.Equal(HttpStatusCode.OK, checkedOnly.StatusCode);
        Assert.Contains("The file is good", (await Browser.ParseAsync(checkedOnly)).QuerySelector("[data-testid=import-summary]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(otterGrange.Rating, (await SettingAsync("SC983506")).Rating);

        var imported = await UploadAsync(commissioner, csv, "Import");

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        var page = await Browser.ParseAsync(imported);
        Assert.Contains("1 setting added", page.QuerySelector("[data-testid=import-summary]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains($"rating: {Core.Common.Display.Rating(otterGrange.Rating)} → Good", page.QuerySelector("[data-testid=import-changes]")!.TextContent, StringComparison.Ordinal);
        var skipped = page.QuerySelector("[data-testid=import-skipped]")!.TextContent;
        Assert.Contains("Kingfisher Care Ltd is not in the directory", skipped, StringComparison.Ordinal);
        Assert.Contains("Residential family centre: not a kind of provision Brokerage places children with", skipped, StringComparison.Ordinal);

        Assert.Equal(OfstedRating.Good, (await SettingAsync("SC983506")).Rating);
        var suspended = await SettingAsync("SC564294");
        Assert.Equal(UkTime.Today(factory.Time), suspended.RegistrationEndsOn);
        Assert.Equal(Registration.Unregistered, suspended.RegistrationOn(UkTime.Today(factory.Time)));
        var added = await SettingAsync("SC700001");
        Assert.Equal(("Meadow Court", "Oakleaf Care Homes Ltd", "Wexcombe", 3), (added.Name, added.Provider.Name, added.Locality, added.Places));
        Assert.All(await factory.WithDbAsync(db => db.Settings.Where(s => s.OfstedUrn == "SC105100").ToListAsync()), h => Assert.Equal(OfstedRating.Good, h.Rating));
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == "OfstedListImported" && a.Actor == TestUsers.Commissioner)));
    }
}
