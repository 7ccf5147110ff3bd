using System.Net;
using System.Text;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Admin;

public sealed class CalendarPageTests
{
    [Fact]
    public async Task Admin_ReplacingBankHolidays_RejectsAnUnusableFileAndKeepsTheOld_ThenSavesAGoodOne()
    {
        using var rules = RulesDirectory.Copy();
        var target = Path.Combine(rules, "calendar", "bank-holidays.json");
        var original = await File.ReadAllTextAsync(target);
        using var factory = new BrokerageWebFactory { RulesDirectory = rules };
        var admin = await Browser.SignedInAsync(factory, "admin@ambershire.example");

        var refused = await UploadAsync(admin, """{ "scotland": { "division": "scotland", "events": [] } }""");
        var page = await Browser.ParseAsync(refused);
        Assert.Contains("not a bank holidays feed Brokerage can use", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(original, await File.ReadAllTextAsync(target));

        var extended = original.Replace("\"events\": [", "\"events\": [\n      { \"title\": \"Extra day\", \"date\": \"2029-01-01\", \"notes\": \"\", \"bunting\": true },", StringComparison.Ordinal);
        var saved = await UploadAsync(admin, extended);
        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Contains("2029-01-01", await File.ReadAllTextAsync(target), StringComparison.Ordinal);
        Assert.True(await factory.WithDbAsync(db => db.AuditEvents.AnyAsync(a => a.Action == "BankHolidaysReplaced" && a.Actor == "admin@ambershire.example")));
    }

    [Fact]
    public async Task Broker_CannotReachTheCalendarAdminPage()
    {
        using var factory = new BrokerageWebFactory();
        var broker = await Browser.SignedInAsync(factory, "broker@ambershire.example");

        var (response, _) = await broker.GetAsync("/admin/calendar");

        Assert.StartsWith("/access-denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> UploadAsync(Browser browser, string json)
    {
        var (_, form) = await browser.GetAsync("/admin/calendar");
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        using var content = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(json)), "Upload", "bank-holidays.json" },
        };
        return await browser.Client.PostAsync("/admin/calendar", content);
    }
}
