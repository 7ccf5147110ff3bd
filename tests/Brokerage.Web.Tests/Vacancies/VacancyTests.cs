using System.Net;
using System.Net.Http.Json;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Vacancies;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Brokerage.Web.Tests.Infrastructure.VacancyScenario;

namespace Brokerage.Web.Tests.Vacancies;

public sealed class VacancyTests
{
    [Fact]
    public async Task NewVacancy_IsMatchedAtOnceAgainstOpenRequests_RankedAsForwardMatchingRanksIt_AndBecomesAnOfferInOneStep()
    {
        using var factory = new BrokerageWebFactory();
        var provider = await ProviderAsync(factory);
        var (younger, _) = await ApprovalScenario.RequestAsync(factory, "CH-VAC-A", 7, PlacementType.Fostering, Urgency.Emergency);
        var (older, _) = await ApprovalScenario.RequestAsync(factory, "CH-VAC-B", 12, PlacementType.Fostering, Urgency.Planned);
        var (tooOld, _) = await ApprovalScenario.RequestAsync(factory, "CH-VAC-C", 15, PlacementType.Fostering);
        var household = await HouseholdAsync(factory, provider.Id, "Reverse match household");

        var vacancy = await NotifyAsync(factory, household, readyInDays: 2, minAge: 5, maxAge: 13);

        var matches = await factory.WithDbAsync(db => db.VacancyMatches.AsNoTracking().Where(m => m.VacancyId == vacancy.Id).OrderBy(m => m.Rank).ToListAsync());
        Assert.Contains(matches, m => m.PlacementRequestId == younger);
        Assert.Contains(matches, m => m.PlacementRequestId == older);
        Assert.DoesNotContain(matches, m => m.PlacementRequestId == tooOld);
        // Forward matching now sees the same vacancy: each request's score for this household is the reverse match's.
        foreach (var match in matches)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            var run = await scope.ServiceProvider.GetRequiredService<MatchingService>().RunAsync(new RunMatchingOptions(match.PlacementRequestId, Broker, "Compare"));
            var forward = run.Candidates.Single(c => c.SettingId == household.Id);
            Assert.Equal((forward.Outcome, forward.Score), (match.Outcome, match.Score));
            Assert.Equal(forward.ScoreLines.Select(l => l.Rule), match.ScoreLines.Select(l => l.Rule));
        }

        Assert.Equal(matches.OrderBy(m => m.Outcome).ThenByDescending(m => m.Score).Select(m => m.Id), matches.Select(m => m.Id));
        Assert.Contains(matches.Single(m => m.PlacementRequestId == younger).ScoreLines, l => l.Rule == "ConfirmedVacancy");

        var broker = await Browser.SignedInAsync(factory, Broker);
        var (_, page) = await broker.GetAsync($"/vacancies/{vacancy.Id}");
        Assert.Equal(matches.Select(m => m.PlacementRequestId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            page.QuerySelectorAll("[data-testid=vacancy-match]").Select(c => c.GetAttribute("data-request-id")));
        var response = await broker.SubmitAsync($"/vacancies/{vacancy.Id}", [], postUrl: $"/vacancies/{vacancy.Id}?handler=Offer&requestId={younger}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/requests/{younger}/offers", response.Headers.Location!.OriginalString);

        var referral = await factory.WithDbAsync(db => db.Referrals.Include(r => r.Offer).SingleAsync(r => r.PlacementRequestId == younger && r.SettingId == household.Id));
        Assert.Equal((ReferralOrigin.Vacancy, ReferralStatus.Offered, OfferStatus.Open, 850m), (referral.Origin, referral.Status, referral.Offer!.Status, referral.Offer.WeeklyCost));
        Assert.Equal(VacancyStatus.OfferedToCouncil, await factory.WithDbAsync(db => db.Vacancies.Where(v => v.Id == vacancy.Id).Select(v => v.Status).SingleAsync()));
        var (_, offers) = await broker.GetAsync($"/requests/{younger}/offers");
        Assert.Contains("Reverse match household", offers.QuerySelector("[data-testid=offers]")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VacancyNotConfirmedForTwoWeeks_IsShownAsOutOfDateAndScoresLower_UntilTheProviderConfirmsIt()
    {
        using var factory = new BrokerageWebFactory();
        var provider = await ProviderAsync(factory);
        var (requestId, _) = await ApprovalScenario.RequestAsync(factory, "CH-STALE", 8, PlacementType.Fostering, Urgency.Planned);
        var household = await HouseholdAsync(factory, provider.Id, "Stale household");
        var vacancy = await NotifyAsync(factory, household, readyInDays: 20);

        var fresh = await ScoreAsync(factory, household.Id, requestId);
        factory.Time.Advance(TimeSpan.FromDays(14) + TimeSpan.FromMinutes(1));
        var stale = await ScoreAsync(factory, household.Id, requestId);

        Assert.Contains(fresh.ScoreLines, l => l.Rule == "ConfirmedVacancy");
        Assert.Contains(stale.ScoreLines, l => l.Rule == "StaleVacancy");
        Assert.True(stale.Score < fresh.Score, $"stale {stale.Score} should score below confirmed {fresh.Score}");
        var providerBrowser = await Browser.SignedInAsync(factory, provider.ReferralEmail);
        var (_, page) = await providerBrowser.GetAsync("/provider/vacancies");
        Assert.NotNull(page.QuerySelector($"[data-testid=vacancy-{vacancy.Id}] [data-testid=stale]"));

        var confirm = await providerBrowser.SubmitAsync("/provider/vacancies", [], postUrl: $"/provider/vacancies?handler=Confirm&vacancyId={vacancy.Id}");
        Assert.Equal(HttpStatusCode.Redirect, confirm.StatusCode);
        Assert.Equal(fresh.Score, (await ScoreAsync(factory, household.Id, requestId)).Score);
    }

    [Fact]
    public async Task VacancyForACarerOutsideTheRegion_IsRefusedWithTheReason_AndNothingIsSaved()
    {
        using var factory = new BrokerageWebFactory();
        var provider = await ProviderAsync(factory);
        // About 150 miles north of Amberford.
        var far = await HouseholdAsync(factory, provider.Id, "Far north household", latitude: 54.4, longitude: -1.5);
        var browser = await Browser.SignedInAsync(factory, provider.ReferralEmail);

        var response = await browser.SubmitAsync("/provider/vacancies/new", new()
        {
            ["SettingId"] = far.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Places"] = "1", ["MinAge"] = "0", ["MaxAge"] = "17", ["Genders"] = "Any",
            ["ReadyFrom.Day"] = "1", ["ReadyFrom.Month"] = "12", ["ReadyFrom.Year"] = "2026", ["WeeklyCost"] = "850",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        var error = page.QuerySelector("#SettingId-error")!.TextContent;
        Assert.Contains("Far north household is 148 miles from the centre of Ambershire and neighbouring authorities", error, StringComparison.Ordinal);
        Assert.Contains("within 60 miles", error, StringComparison.Ordinal);
        Assert.False(await factory.WithDbAsync(db => db.Vacancies.AnyAsync(v => v.SettingId == far.Id)));
    }

    [Fact]
    public async Task Providers_SeeOnlySearchesTheirSettingsFit_AndNothingOfOtherProviders()
    {
        using var factory = new BrokerageWebFactory();
        var provider = await ProviderAsync(factory);
        var household = await HouseholdAsync(factory, provider.Id, "Isolation household");
        var (fostering, _) = await ApprovalScenario.RequestAsync(factory, "CH-ISO-F", 9, PlacementType.Fostering);
        var (residential, _) = await ApprovalScenario.RequestAsync(factory, "CH-ISO-R", 14, PlacementType.ChildrensHome);
        var other = await factory.WithDbAsync(db => db.Providers.AsNoTracking().FirstAsync(p => p.Id != provider.Id && db.Settings.Any(s => s.ProviderId == p.Id)));
        var othersVacancy = await NotifyAsync(factory, await HouseholdAsync(factory, other.Id, "Someone else's household"), readyInDays: 3);
        var browser = await Browser.SignedInAsync(factory, provider.ReferralEmail);

        var (_, list) = await browser.GetAsync("/provider/searches");
        Assert.NotNull(list.QuerySelector($"[data-testid=search-{fostering}]"));
        Assert.Null(list.QuerySelector($"[data-testid=search-{residential}]"));
        Assert.DoesNotContain("CH-ISO", list.Body!.TextContent, StringComparison.Ordinal);
        var (ineligible, _) = await browser.GetAsync($"/provider/searches/{residential}");
        Assert.Equal(HttpStatusCode.NotFound, ineligible.StatusCode);
        var (_, detail) = await browser.GetAsync($"/provider/searches/{fostering}");
        Assert.DoesNotContain("CH-ISO-F", detail.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(detail.QuerySelector($"[data-testid=interest-setting-{othersVacancy.SettingId}]"));

        var (_, vacancies) = await browser.GetAsync("/provider/vacancies");
        Assert.DoesNotContain("Someone else's household", vacancies.Body!.TextContent, StringComparison.Ordinal);
        var withdraw = await browser.SubmitAsync("/provider/vacancies", [], postUrl: $"/provider/vacancies?handler=Withdraw&vacancyId={othersVacancy.Id}");
        Assert.Equal(HttpStatusCode.NotFound, withdraw.StatusCode);
        Assert.Equal(VacancyStatus.Open, await factory.WithDbAsync(db => db.Vacancies.Where(v => v.Id == othersVacancy.Id).Select(v => v.Status).SingleAsync()));
        var (brokerOnly, _) = await browser.GetAsync($"/vacancies/{othersVacancy.Id}");
        Assert.StartsWith("/access-denied", brokerOnly.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
        var (badLink, _) = await Browser.For(factory).GetAsync("/scheme/offers/not-a-real-secret");
        Assert.Equal(HttpStatusCode.NotFound, badLink.StatusCode);

        // Interest in a search the provider cannot see is refused without saying whether it exists.
        var interest = await browser.SubmitAsync($"/provider/searches/{fostering}", [], postUrl: $"/provider/searches/{residential}");
        Assert.Equal(HttpStatusCode.NotFound, interest.StatusCode);
        Assert.False(await factory.WithDbAsync(db => db.Referrals.AnyAsync(r => r.PlacementRequestId == residential && r.ProviderId == provider.Id)));
        _ = household;
    }

    [Fact]
    public async Task ProviderInterest_ReachesTheBrokerAsAnOffer_AndTheProviderHearsTheOutcomeWhenTheSearchCloses()
    {
        using var factory = new BrokerageWebFactory();
        var provider = await ProviderAsync(factory);
        var household = await HouseholdAsync(factory, provider.Id, "Interested household");
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-INTEREST", 1);
        var browser = await Browser.SignedInAsync(factory, provider.ReferralEmail);

        var response = await browser.SubmitAsync($"/provider/searches/{scenario.RequestId}", new()
        {
            ["SettingId"] = household.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AvailableFrom.Day"] = "30", ["AvailableFrom.Month"] = "11", ["AvailableFrom.Year"] = "2026", ["WeeklyCost"] = "910", ["Note"] = "Experienced with younger children",
        });

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var interest = await factory.WithDbAsync(db => db.Referrals.Include(r => r.Offer).SingleAsync(r => r.PlacementRequestId == scenario.RequestId && r.SettingId == household.Id));
        Assert.Equal((ReferralOrigin.ProviderInterest, OfferStatus.Open, 910m), (interest.Origin, interest.Offer!.Status, interest.Offer.WeeklyCost));
        Assert.True(await factory.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.To == Broker && m.Subject.StartsWith("Provider interest"))));

        // The broker accepts another offer: the interested provider is told, as every referred one is.
        var other = await Scenario.OfferAsync(factory, scenario.Referrals[0], 800);
        var version = await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == scenario.RequestId).Select(r => r.Version).SingleAsync());
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Core.Placements.PlacementService>().AcceptOfferAsync(new Core.Placements.AcceptOfferOptions(scenario.RequestId, other.Id, version, Broker));
        }

        Assert.True(await factory.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.To == provider.ReferralEmail && m.Subject.Contains("not selected"))));
    }

    [Fact]
    public async Task ProviderApiKey_NotifiesItsOwnVacancies_AndReachesNothingElse()
    {
        using var factory = new BrokerageWebFactory();
        var provider = await ProviderAsync(factory);
        var household = await HouseholdAsync(factory, provider.Id, "API household");
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", Brokerage.Web.Infrastructure.Startup.DemoProviderApiKey);

        var created = await client.PostAsJsonAsync("/api/v1/provider/vacancies", new { settingId = household.Id, places = 1, minAge = 0, maxAge = 10, genders = "Any", canMeet = new[] { "Trauma" }, readyFrom = "2026-12-01", weeklyCost = 875 });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var bad = await client.PostAsJsonAsync("/api/v1/provider/vacancies", new { settingId = household.Id, places = 0, genders = "Robots", readyFrom = "2026-12-01", weeklyCost = 875 });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal("application/problem+json", bad.Content.Headers.ContentType!.MediaType);
        var notTheirs = await client.PostAsJsonAsync("/api/v1/provider/vacancies", new { settingId = 1, places = 1, minAge = 0, maxAge = 10, readyFrom = "2026-12-01", weeklyCost = 875 });
        Assert.Equal(HttpStatusCode.BadRequest, notTheirs.StatusCode);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/placement-requests/1")).StatusCode);
        var council = factory.CreateClient();
        council.DefaultRequestHeaders.Add("X-Api-Key", Brokerage.Web.Infrastructure.Startup.DemoApiKey);
        Assert.Equal(HttpStatusCode.Forbidden, (await council.GetAsync("/api/v1/provider/vacancies")).StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Vacancies.CountAsync(v => v.ProviderId == provider.Id)));
    }

    private static async Task<CandidateResult> ScoreAsync(BrokerageWebFactory factory, int settingId, int requestId)
    {
        await using var scope = factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<Core.Data.BrokerageDbContext>();
        var setting = await db.Settings.Include(s => s.Provider).AsNoTracking().SingleAsync(s => s.Id == settingId);
        var vacancy = await db.Vacancies.AsNoTracking().SingleAsync(v => v.SettingId == settingId);
        var matcher = scope.ServiceProvider.GetRequiredService<VacancyMatcher>();
        var evaluated = await matcher.EvaluateAsync(setting, matcher.Info(vacancy, factory.Time.GetUtcNow().UtcDateTime), db.PlacementRequests.AsNoTracking().Where(r => r.Id == requestId));
        return evaluated.Single().Result;
    }
}
