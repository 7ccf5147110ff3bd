using System.Net;
using System.Net.Http.Headers;
using Brokerage.Core.Reports;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Reports;

public sealed class ReportPagesTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    private const string Commissioner = "commissioner@ambershire.example";

    [Fact]
    public async Task EveryReport_OpensForACommissionerWithATableAChartAndACsv()
    {
        var commissioner = await Browser.SignedInAsync(factory, Commissioner);
        foreach (var (key, title) in SufficiencyReports.All)
        {
            var (page, document) = await commissioner.GetAsync($"/reports/sufficiency/{key}");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal(title, document.QuerySelector("h1")!.TextContent.Trim());
            Assert.NotNull(document.QuerySelector("[data-testid=report-table] thead"));
            Assert.Equal("img", document.QuerySelector("[data-testid=report-chart]")!.GetAttribute("role"));

            var csv = await commissioner.Client.GetAsync($"/reports/sufficiency/{key}?handler=Csv");
            Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
            var header = (await csv.Content.ReadAsStringAsync()).Split('\n')[0].TrimEnd('\r');
            Assert.Equal(string.Join(",", document.QuerySelectorAll("[data-testid=report-table] thead th").Select(th => th.TextContent.Trim().Contains(',', StringComparison.Ordinal) ? $"\"{th.TextContent.Trim()}\"" : th.TextContent.Trim())), header);
        }

        var pack = await commissioner.Client.GetAsync("/reports/sufficiency?handler=Pack");
        Assert.Equal("application/pdf", pack.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.NotFound, (await commissioner.GetAsync("/reports/sufficiency/no-such-report")).Response.StatusCode);
    }

    [Fact]
    public async Task Reports_AreForCommissionersAssistantDirectorsAndAdmins_NotBrokersOrProviders()
    {
        foreach (var allowed in new[] { Commissioner, "ad@ambershire.example", "admin@ambershire.example" })
        {
            var browser = await Browser.SignedInAsync(factory, allowed);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/reports/sufficiency")).Response.StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/allocation/national-transfer-rota")).Response.StatusCode);
        }

        var provider = await factory.WithDbAsync(db => db.Providers.Select(p => p.ReferralEmail).FirstAsync());
        foreach (var refused in new[] { "broker@ambershire.example", provider })
        {
            var browser = await Browser.SignedInAsync(factory, refused);
            foreach (var url in new[] { "/reports/sufficiency", "/reports/sufficiency/providers", "/allocation", "/allocation/asylum-dispersal" })
            {
                var (response, _) = await browser.GetAsync(url);
                Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
                Assert.StartsWith("/access-denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task AnImpossiblePeriod_ShowsAnErrorRatherThanFailing()
    {
        var commissioner = await Browser.SignedInAsync(factory, Commissioner);

        var (response, page) = await commissioner.GetAsync("/reports/sufficiency/urgency?From.Day=31&From.Month=2&From.Year=2025");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("The start of the period must be a real date", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AllocationUpload_WithAMalformedFile_NamesTheRowAndColumn_AndSavesNothing()
    {
        var commissioner = await Browser.SignedInAsync(factory, Commissioner);
        var before = await factory.WithDbAsync(db => db.AllocationDatasets.CountAsync());
        var csv = "area,childPopulation,lookedAfterPer10k,uascPer10k,formerUascCareLeaversPer10k,supportedAsylumPer10k,uascCount,currentReferrals\n" +
                  "North,1000,50,2,1,5,1,10\n" +
                  "South,lots,60,3,1,6,2,20\n";

        var response = await UploadAsync(commissioner, "national-transfer-rota", "Broken figures", csv);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Contains("1 problem", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("Row 3, column childPopulation: \"lots\" is not a number", page.QuerySelector("[data-testid=csv-problems]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(before, await factory.WithDbAsync(db => db.AllocationDatasets.CountAsync()));
    }

    [Fact]
    public async Task AllocationUpload_WithGoodFigures_ShowsSharesThatAddUp_AndDownloadsCsvAndPdf()
    {
        var commissioner = await Browser.SignedInAsync(factory, Commissioner);
        var csv = "area,population,housingSupplyIndex,supportedAsylumPer10k,deprivationScore,supportedAsylumSeekers,currentDispersals\n" +
                  "East,200000,50,10,10,1000,100\n" +
                  "West,200000,50,10,10,100,100\n";

        var response = await UploadAsync(commissioner, "asylum-dispersal", "Two equal areas", csv);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var (_, page) = await commissioner.GetAsync(response.Headers.Location!.OriginalString);
        var rows = page.QuerySelectorAll("[data-testid=area-row]").ToList();
        // Identical figures but for the asylum seekers, which are not a factor: 600 each, 150 a cycle.
        Assert.Equal(["600", "600"], rows.Select(r => r.QuerySelectorAll("td")[1].TextContent.Trim()));
        // East has 1,000 per 200,000 = 1 in 200: flagged twice; West is under both limits.
        Assert.Equal(2, rows[0].QuerySelectorAll(".govuk-tag").Length);
        Assert.Empty(rows[1].QuerySelectorAll(".govuk-tag"));
        var datasetId = response.Headers.Location!.OriginalString.Split("DatasetId=")[1];
        var results = await commissioner.Client.GetStringAsync($"/allocation/asylum-dispersal?handler=Csv&DatasetId={datasetId}");
        Assert.StartsWith("area,population_share", results, StringComparison.Ordinal);
        var pdf = await commissioner.Client.GetAsync($"/allocation/asylum-dispersal?handler=Pdf&DatasetId={datasetId}");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
    }

    private static async Task<HttpResponseMessage> UploadAsync(Browser browser, string model, string name, string csv)
    {
        var (_, form) = await browser.GetAsync($"/allocation/{model}");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var body = new MultipartFormDataContent
        {
            { new StringContent(name), "Name" },
            { new StringContent(token), "__RequestVerificationToken" },
        };
        var file = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(csv));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        body.Add(file, "AreaFile", "areas.csv");
        return await browser.Client.PostAsync($"/allocation/{model}", body);
    }
}
