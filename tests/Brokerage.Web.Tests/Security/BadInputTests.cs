using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Security;

/// <summary>
/// Invalid, oversized, wrongly encoded and hostile input, table-driven over the API and the main
/// forms: each gets a clear 400 (problem details or a GOV.UK error summary) and writes nothing.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class BadInputTests(BrokerageWebFactory factory)
{
    private static readonly string Huge = new('x', 200_000);

    public static TheoryData<string, string, string, string> ApiBodies => new()
    {
        { "not JSON", "/api/v1/placement-requests", "text/plain", "childReference=CH-1" },
        { "broken JSON", "/api/v1/placement-requests", "application/json", "{ \"childReference\": " },
        { "wrong types", "/api/v1/placement-requests", "application/json", "{ \"childReference\": 12, \"weeklyBudget\": \"lots\", \"needs\": \"Trauma\" }" },
        { "empty object", "/api/v1/placement-requests", "application/json", "{}" },
        { "an array", "/api/v1/placement-requests", "application/json", "[1,2,3]" },
        { "hostile text", "/api/v1/placement-requests", "application/json", "{ \"childReference\": \"<script>alert(1)</script>\", \"ethnicity\": \"'; DROP TABLE PlacementRequests; --\", \"homeLocality\": \"../../etc/passwd\" }" },
        { "oversized", "/api/v1/placement-requests", "application/json", "{ \"childReference\": \"" + Huge + "\" }" },
        { "dates that do not exist", "/api/v1/placement-requests", "application/json", "{ \"dateOfBirth\": \"2026-02-30\", \"requiredFrom\": \"yesterday\" }" },
        { "referrals without a run", "/api/v1/placement-requests/1/referrals", "application/json", "{ \"settingIds\": [\"a\"] }" },
        { "vacancy, wrong types", "/api/v1/provider/vacancies", "application/json", "{ \"settingId\": \"one\", \"places\": -1 }" },
        { "vacancy, year 9999", "/api/v1/provider/vacancies", "application/json", "{ \"settingId\": 1, \"places\": 1, \"minAge\": 0, \"maxAge\": 5, \"readyFrom\": \"9999-12-31\", \"readyBy\": \"9999-12-31\", \"weeklyCost\": 1 }" },
    };

    [Theory]
    [MemberData(nameof(ApiBodies))]
    public async Task Api_RejectsBadBodiesWithProblemDetails_AndWritesNothing(string why, string url, string contentType, string body)
    {
        var before = await CountsAsync();
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", url.Contains("/provider/", StringComparison.Ordinal) ? Brokerage.Web.Infrastructure.Startup.DemoProviderApiKey : Brokerage.Web.Infrastructure.Startup.DemoApiKey);

        var response = await client.PostAsync(url, new StringContent(body, Encoding.UTF8, contentType));

        Assert.True(response.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.UnsupportedMediaType or HttpStatusCode.RequestEntityTooLarge, $"{why}: {response.StatusCode}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Api_RejectsBodiesThatAreNotUtf8()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Brokerage.Web.Infrastructure.Startup.DemoApiKey);
        var bytes = new ByteArrayContent([0x7B, 0x22, 0x63, 0xFF, 0xFE, 0xC3, 0x28, 0x22, 0x3A, 0x31, 0x7D]);
        bytes.Headers.ContentType = new MediaTypeHeaderValue("application/json");

        var response = await client.PostAsync("/api/v1/placement-requests", bytes);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    public static TheoryData<string, string, Dictionary<string, string>> Forms => new()
    {
        { "/requests/new", TestUsers.Broker, new() { ["ChildReference"] = Huge, ["WeeklyBudget"] = "£££", ["DateOfBirth.Day"] = "99", ["Summary"] = Huge } },
        { "/requests/new", TestUsers.Broker, new() { ["ChildReference"] = "<img src=x onerror=alert(1)>", ["Gender"] = "Robot", ["PlacementType"] = "999", ["MaxDistanceMiles"] = "-5" } },
        { "/admin/api-clients", TestUsers.Admin, new() { ["Name"] = Huge, ["ProviderId"] = "99999" } },
    };

    [Theory]
    [MemberData(nameof(Forms))]
    public async Task Forms_AnswerBadInputWithAnErrorSummary_AndWriteNothing(string url, string user, Dictionary<string, string> fields)
    {
        var before = await CountsAsync();
        var browser = await Browser.SignedInAsync(factory, user);

        var response = await browser.SubmitAsync(url, fields);

        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{url}: {response.StatusCode}");
        var page = await Browser.ParseAsync(response);
        Assert.NotNull(page.QuerySelector(".govuk-error-summary"));
        Assert.StartsWith("Error:", page.Title, StringComparison.Ordinal);
        Assert.DoesNotContain("<img src=x", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());
    }

    [Theory]
    [InlineData("Gender", "1", "Select the child's gender")]
    [InlineData("Gender", "Female, Male", "Select the child's gender")]
    [InlineData("LegalStatus", "0", "Select the child's legal status")]
    [InlineData("PlacementType", "3", "Select the type of placement the child's plan prefers")]
    public async Task NewRequestForm_WithAnOptionSentByNumberOrAsAList_TreatsItAsNoAnswer(string field, string value, string message)
    {
        var before = await CountsAsync();
        var browser = await Browser.SignedInAsync(factory, TestUsers.Broker);
        var form = RequestForm.Valid(factory.Time.GetUtcNow(), "CH-FORM-ENUM", requiredInDays: 5);
        form[field] = value;

        var response = await browser.SubmitAsync("/requests/new", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Equal([message], page.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.TextContent.Trim()));
        Assert.Equal(before, await CountsAsync());
    }

    private Task<(int Requests, int Vacancies, int Clients, long Audit)> CountsAsync() =>
        factory.WithDbAsync(async db => (await db.PlacementRequests.CountAsync(), await db.Vacancies.CountAsync(), await db.ApiClients.CountAsync(), await db.AuditEvents.LongCountAsync()));
}
