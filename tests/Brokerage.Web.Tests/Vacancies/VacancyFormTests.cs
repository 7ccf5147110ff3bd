using System.Globalization;
using System.Net;
using AngleSharp.Html.Dom;
using Brokerage.Core.Domain;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Brokerage.Web.Tests.Infrastructure.VacancyScenario;

namespace Brokerage.Web.Tests.Vacancies;

/// <summary>The forms through which a provider or a partner authority names a weekly cost, and the council's name on the vacancy pages.</summary>
public sealed class VacancyFormTests
{
    private const string OverTheCap = "The weekly cost must be between £1 and £50,000";

    [Fact]
    public async Task EveryWayToNameAWeeklyCost_RefusesOneOverTheSharedCap_WithEveryOtherErrorAtOnce_AndWritesNothing()
    {
        using var factory = new BrokerageWebFactory();
        var provider = await ProviderAsync(factory);
        var household = await HouseholdAsync(factory, provider.Id, "Cap form household");
        var (searching, _) = await ApprovalScenario.RequestAsync(factory, "CH-CAP", 9, PlacementType.Fostering);
        var inScheme = await InSchemeAsync(factory, "Cap scheme household", readyInDays: 20);
        var secret = await OpenOfferSecretAsync(factory, inScheme);
        var before = await WrittenAsync(factory);
        var browser = await Browser.SignedInAsync(factory, provider.ReferralEmail);

        // A vacancy: £75,000 was allowed before the cap was shared; no household is chosen either.
        var vacancy = await browser.SubmitAsync("/provider/vacancies/new", new()
        {
            ["Places"] = "1", ["MinAge"] = "0", ["MaxAge"] = "17", ["Genders"] = "Any",
            ["ReadyFrom.Day"] = "1", ["ReadyFrom.Month"] = "12", ["ReadyFrom.Year"] = "2026", ["WeeklyCost"] = "75000",
        });
        Assert.Equal(HttpStatusCode.BadRequest, vacancy.StatusCode);
        Assert.Equal(
            ["Select the home or carer household the vacancy is in", OverTheCap],
            Summary(await Browser.ParseAsync(vacancy)));

        // An amount that cannot be read, beside a note that is too long: both at once.
        var unreadable = await browser.SubmitAsync("/provider/vacancies/new", new()
        {
            ["SettingId"] = household.Id.ToString(CultureInfo.InvariantCulture), ["Places"] = "1", ["MinAge"] = "0", ["MaxAge"] = "17", ["Genders"] = "Any",
            ["ReadyFrom.Day"] = "1", ["ReadyFrom.Month"] = "12", ["ReadyFrom.Year"] = "2026", ["WeeklyCost"] = "lots", ["Notes"] = new string('x', 2_001),
        });
        Assert.Equal(HttpStatusCode.BadRequest, unreadable.StatusCode);
        Assert.Equal(
            ["The weekly cost must be an amount in pounds, like 950 or 950.50", "Notes must be 2,000 characters or fewer"],
            Summary(await Browser.ParseAsync(unreadable)));

        // Empty places and ages get the same words, with the ranges allowed, as the API gives.
        var empty = await browser.SubmitAsync("/provider/vacancies/new", new()
        {
            ["SettingId"] = household.Id.ToString(CultureInfo.InvariantCulture), ["Places"] = "", ["MinAge"] = "", ["MaxAge"] = "", ["Genders"] = "Any",
            ["ReadyFrom.Day"] = "1", ["ReadyFrom.Month"] = "12", ["ReadyFrom.Year"] = "2026", ["WeeklyCost"] = "950",
        });
        Assert.Equal(HttpStatusCode.BadRequest, empty.StatusCode);
        Assert.Equal(
            [$"Enter the number of places, from 1 to {household.Places}", "Enter the youngest and oldest ages the place suits, from 0 to 17, youngest first"],
            Summary(await Browser.ParseAsync(empty)));

        // Interest in an open search.
        var interest = await browser.SubmitAsync($"/provider/searches/{searching}", new()
        {
            ["AvailableFrom.Day"] = "30", ["AvailableFrom.Month"] = "11", ["AvailableFrom.Year"] = "2026", ["WeeklyCost"] = "75000",
        });
        Assert.Equal(HttpStatusCode.BadRequest, interest.StatusCode);
        Assert.Equal(
            ["Select one of your settings that can be considered for this child", OverTheCap],
            Summary(await Browser.ParseAsync(interest)));

        // A partner authority's acceptance through the scheme, signed out.
        var authority = Browser.For(factory);
        var acceptance = await authority.SubmitAsync($"/scheme/offers/{secret}", new() { ["AgreedWeeklyCost"] = "75000" }, $"/scheme/offers/{secret}?handler=Accept");
        Assert.Equal(HttpStatusCode.BadRequest, acceptance.StatusCode);
        var answer = await Browser.ParseAsync(acceptance);
        Assert.Equal(
            ["Select whether the provider is on your framework or you will use spot terms", "The agreed weekly cost must be between £1 and £50,000", "Enter the child's anonymised profile"],
            Summary(answer));
        Assert.NotNull(answer.QuerySelector("[data-testid=accept-scheme-offer]"));

        Assert.Equal(before, await WrittenAsync(factory));
    }

    [Fact]
    public async Task AnotherCouncilsName_ShowsOnEveryVacancyPage_AndInTheProvidersEmail_AndASecondOfferIsAConflict()
    {
        using var factory = new BrokerageWebFactory { Settings = new Dictionary<string, string> { ["Council:Name"] = "Wessex Borough Council", ["Council:ShortName"] = "Wessex" } };
        var provider = await ProviderAsync(factory);
        var (requestId, _) = await ApprovalScenario.RequestAsync(factory, "CH-WESSEX", 9, PlacementType.Fostering);
        var household = await HouseholdAsync(factory, provider.Id, "Wessex household");
        var own = await Browser.SignedInAsync(factory, provider.ReferralEmail);

        var notified = await own.SubmitAsync("/provider/vacancies/new", new()
        {
            ["SettingId"] = household.Id.ToString(CultureInfo.InvariantCulture), ["Places"] = "1", ["MinAge"] = "0", ["MaxAge"] = "17", ["Genders"] = "Any",
            ["ReadyFrom.Day"] = "1", ["ReadyFrom.Month"] = "12", ["ReadyFrom.Year"] = "2026", ["WeeklyCost"] = "850",
        });
        Assert.Equal(HttpStatusCode.Redirect, notified.StatusCode);
        var (_, mine) = await own.GetAsync("/provider/vacancies");
        Assert.Contains("Wessex household sent to Wessex.", mine.QuerySelector("[data-testid=success-banner]")!.TextContent, StringComparison.Ordinal);
        Assert.StartsWith("Tell Wessex about a place", MainContent(mine).QuerySelector("p.govuk-body")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("Open to Wessex", MainContent(mine).QuerySelector("[data-testid=vacancies] .govuk-tag")!.TextContent);
        var (_, searches) = await own.GetAsync("/provider/searches");
        Assert.StartsWith("Children Wessex is looking", MainContent(searches).QuerySelector("p.govuk-body")!.TextContent, StringComparison.Ordinal);

        var vacancyId = await factory.WithDbAsync(db => db.Vacancies.Where(v => v.SettingId == household.Id).Select(v => v.Id).SingleAsync());
        var broker = await Browser.SignedInAsync(factory, Broker);
        var (_, list) = await broker.GetAsync("/vacancies");
        Assert.StartsWith("Current vacancies: open to Wessex first", list.QuerySelector("[data-testid=vacancies] caption")!.TextContent, StringComparison.Ordinal);
        var (_, details) = await broker.GetAsync($"/vacancies/{vacancyId}");
        Assert.Contains(details.QuerySelectorAll("h2"), h => h.TextContent == "Not for Wessex?");
        Assert.Equal(HttpStatusCode.Redirect, (await broker.SubmitAsync($"/vacancies/{vacancyId}", [], $"/vacancies/{vacancyId}?handler=Offer&requestId={requestId}")).StatusCode);
        var (_, offered) = await broker.GetAsync($"/vacancies/{vacancyId}");
        Assert.Equal("Offered for a Wessex child", offered.QuerySelector("[data-testid=vacancy-status]")!.TextContent);

        // Offered twice (a second tab): a conflict, shown on the page as it is now.
        var again = await broker.SubmitAsync($"/vacancies/{vacancyId}", [], $"/vacancies/{vacancyId}?handler=Offer&requestId={requestId}");
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var conflict = await Browser.ParseAsync(again);
        Assert.Equal(["This vacancy is no longer open to the council"], Summary(conflict));
        Assert.Equal("Offered for a Wessex child", conflict.QuerySelector("[data-testid=vacancy-status]")!.TextContent);

        Assert.True(await factory.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.To == provider.ReferralEmail && m.Body.StartsWith("Wessex Borough Council is considering your vacancy at Wessex household"))));
        foreach (var page in new[] { mine, searches, list, details, offered })
        {
            Assert.DoesNotContain("Ambershire", MainContent(page).TextContent, StringComparison.Ordinal);
        }
    }

    private static IHtmlElement MainContent(IHtmlDocument page) => (IHtmlElement)page.QuerySelector("main")!;

    private static List<string> Summary(IHtmlDocument page) =>
        [.. page.QuerySelectorAll(".govuk-error-summary__list li").Select(li => li.TextContent.Trim())];

    /// <summary>What any of the forms could have written, in content: vacancies, offers, scheme answers, emails and audit.</summary>
    private static Task<string> WrittenAsync(BrokerageWebFactory factory) => factory.WithDbAsync(async db => string.Join(" | ",
        string.Join(",", await db.Vacancies.OrderBy(v => v.Id).Select(v => $"{v.Id}:{v.SettingId}:{v.Status}:{v.WeeklyCost}").ToListAsync()),
        string.Join(",", await db.Offers.OrderBy(o => o.Id).Select(o => $"{o.Id}:{o.WeeklyCost}").ToListAsync()),
        string.Join(",", await db.RotaOffers.OrderBy(o => o.Id).Select(o => $"{o.Id}:{o.Status}:{o.AgreedWeeklyCost}").ToListAsync()),
        await db.OutboxMessages.MaxAsync(m => (int?)m.Id),
        await db.AuditEvents.MaxAsync(a => (long?)a.Id)));
}
