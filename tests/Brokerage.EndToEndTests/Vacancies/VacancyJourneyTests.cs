using System.Globalization;
using System.Text.RegularExpressions;
using Brokerage.Core;
using Brokerage.Core.Domain;
using Brokerage.Core.Vacancies;
using Brokerage.EndToEndTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Brokerage.EndToEndTests.Vacancies;

/// <summary>
/// From vacancy notification to accepted offer, in a real browser: a fostering provider notifies a
/// vacancy, the broker makes it an offer for a waiting child and accepts it, and a partner authority
/// refuses another vacancy released to the regional scheme. Every page is checked with axe.
/// </summary>
public sealed partial class VacancyJourneyTests(EndToEndFixture fixture, ITestOutputHelper output) : IClassFixture<EndToEndFixture>
{
    private const string Broker = TestUsers.Broker;
    private const string ProviderName = TestUsers.BrightwaterFosteringName;
    private const string ChildReference = "CH-E2E-VACANCY";

    [Fact]
    public Task ProviderNotifiesVacancy_BrokerOffersItToAWaitingChildAndAccepts_PartnerAuthorityRefusesASchemeVacancy() =>
        fixture.RunAsync(output, nameof(ProviderNotifiesVacancy_BrokerOffersItToAWaitingChildAndAccepts_PartnerAuthorityRefusesASchemeVacancy), async page =>
        {
            var (requestId, requestReference) = await OpenFosteringRequestAsync();
            var provider = await fixture.Server.WithDbAsync(db => db.Providers.AsNoTracking().SingleAsync(p => p.Name == ProviderName));
            var (providerId, providerEmail) = (provider.Id, provider.ReferralEmail);
            var setting = await AddFosteringHouseholdAsync(providerId, "Amberford carers (E2E vacancy)");
            var today = UkTime.Today(TimeProvider.System);

            // 1. The provider opens its vacancies and starts a new one.
            await page.SignInAsync(providerEmail);
            await page.GotoAsync("/provider/vacancies");
            await page.ExpectPageAsync(ProviderVacanciesUrl());
            await page.AssertAccessibleAsync();
            await page.GetByTestId("notify-vacancy").ClickAsync();
            await page.ExpectPageAsync(NewVacancyUrl());
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notify a vacancy", Level = 1 })).ToBeVisibleAsync();
            await page.AssertAccessibleAsync();

            // 2. Without a weekly cost the form comes back with a GOV.UK error summary, focused, keeping what was typed.
            await page.GetByTestId("setting").SelectOptionAsync(setting.Id.ToString(CultureInfo.InvariantCulture));
            await page.GetByTestId("places").FillAsync("1");
            await page.GetByTestId("min-age").FillAsync("5");
            await page.GetByTestId("max-age").FillAsync("12");
            await page.FillDateAsync("ReadyFrom", today.AddDays(10));
            await page.GetByTestId("send-vacancy").ClickAsync();
            await Expect(page).ToHaveTitleAsync(ErrorTitle());
            var summary = page.Locator(".govuk-error-summary");
            await Expect(summary).ToBeFocusedAsync();
            await Expect(summary.GetByRole(AriaRole.Link)).ToHaveTextAsync(["Enter the weekly cost"]);
            await Expect(page.GetByTestId("setting")).ToHaveValueAsync(setting.Id.ToString(CultureInfo.InvariantCulture));
            await page.AssertAccessibleAsync();

            await page.GetByTestId("weekly-cost").FillAsync("925");
            await page.GetByTestId("send-vacancy").ClickAsync();
            await page.ExpectPageAsync(ProviderVacanciesUrl());
            await Expect(page.GetByTestId("success-banner")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("vacancies")).ToContainTextAsync(setting.Name);
            await page.AssertAccessibleAsync();

            // 3. The new household makes the provider eligible for the waiting child's search.
            await page.GotoAsync("/provider/searches");
            await page.ExpectPageAsync(new Regex("/provider/searches$"));
            await Expect(page.GetByTestId($"search-{requestId}")).ToContainTextAsync(requestReference);
            await Expect(page.GetByTestId($"search-{requestId}")).ToContainTextAsync(setting.Name);
            await page.AssertAccessibleAsync();
            await page.SignOutAsync();

            // 4. The broker finds the vacancy and makes it an offer for the waiting child.
            var vacancyId = await fixture.Server.WithDbAsync(db => db.Vacancies.Where(v => v.SettingId == setting.Id).Select(v => v.Id).SingleAsync());
            await page.SignInAsync(Broker);
            await page.GotoAsync("/vacancies");
            await page.ExpectPageAsync(new Regex("/vacancies$"));
            await page.AssertAccessibleAsync();
            await page.GetByTestId($"vacancy-{vacancyId}").GetByRole(AriaRole.Link, new() { Name = setting.Name }).ClickAsync();
            await page.ExpectPageAsync(new Regex($"/vacancies/{vacancyId}$"));
            var match = page.Locator($"[data-testid=vacancy-match][data-request-id='{requestId}']");
            await Expect(match).ToContainTextAsync(requestReference);
            await page.AssertAccessibleAsync();

            await match.GetByTestId("offer-to-request").ClickAsync();
            await page.ExpectPageAsync(new Regex($"/requests/{requestId}/offers$"));
            await Expect(page.GetByTestId("success-banner")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("offers")).ToContainTextAsync(setting.Name);
            await page.AssertAccessibleAsync();

            // 5. Accepting it confirms the placement.
            await page.GetByTestId("accept-offer").ClickAsync();
            await page.ExpectPageAsync(new Regex($"/requests/{requestId}/placement$"));
            await Expect(page.GetByTestId("placement-confirmed")).ToContainTextAsync(setting.Name);
            await page.AssertAccessibleAsync();
            await page.SignOutAsync();

            // 6. A second vacancy goes to the regional scheme; the first authority refuses it through its secret link, signed out.
            var offerPath = await SchemeOfferLinkAsync(providerId, providerEmail, today);
            await page.GotoAsync(offerPath);
            await page.ExpectPageAsync(new Regex(Regex.Escape(offerPath) + "$"));
            await Expect(page.GetByTestId("offer-status")).ToHaveTextAsync("Offered");
            await page.AssertAccessibleAsync();
            await page.GetByTestId("reason-NoSuitableChild").CheckAsync();
            await page.GetByTestId("refuse-scheme-offer").ClickAsync();
            await page.ExpectPageAsync(new Regex(Regex.Escape(offerPath) + "$"));
            await Expect(page.GetByTestId("success-banner")).ToBeVisibleAsync();
            await Expect(page.GetByTestId("offer-status")).ToHaveTextAsync("Refused");
            await page.AssertAccessibleAsync();
        });

    /// <summary>A 9-year-old waiting for foster care near home in Amberford, with no referral sent.</summary>
    private async Task<(int Id, string Reference)> OpenFosteringRequestAsync()
    {
        var request = await fixture.Server.Services.CreateRequestAsync(new RequestBuilder(ChildReference)
        {
            Ethnicity = "White British", LegalStatus = LegalStatus.Section20, Needs = Needs.None, HomeLocality = "Amberford", HomePostcode = null,
            RequiredIn = TimeSpan.FromDays(14),
        });
        return (request.Id, request.Reference);
    }

    /// <summary>A fostering household in Amberford, so within the scheme's region and near the child's home.</summary>
    private Task<Setting> AddFosteringHouseholdAsync(int providerId, string name) =>
        fixture.Server.Services.AddSettingAsync(new SettingBuilder(name) { Postcode = "AM1 8ZZ", WeeklyRate = 950 }, providerId);

    /// <summary>
    /// Notifies and releases a vacancy on another new household, then reads the link the first authority
    /// in the rota was emailed. Ready in three weeks, so the authority has a full day to answer.
    /// </summary>
    private async Task<string> SchemeOfferLinkAsync(int providerId, string providerEmail, DateOnly today)
    {
        var household = await AddFosteringHouseholdAsync(providerId, "Amberford carers (E2E scheme)");
        await using (var scope = fixture.Server.Services.CreateAsyncScope())
        {
            var vacancies = scope.ServiceProvider.GetRequiredService<VacancyService>();
            var vacancy = await vacancies.NotifyAsync(new NotifyVacancyOptions
            {
                ProviderId = providerId, SettingId = household.Id, Places = 1, MinAge = 0, MaxAge = 17, ReadyFrom = today.AddDays(21), WeeklyCost = 900, Actor = providerEmail,
            });
            await vacancies.ReleaseToSchemeAsync(vacancy.Id, Broker);
        }

        var body = await fixture.Server.WithDbAsync(db =>
            db.OutboxMessages.Where(m => m.Body.Contains("/scheme/offers/")).OrderByDescending(m => m.Id).Select(m => m.Body).FirstAsync());
        return SchemeOfferPath().Match(body).Value;
    }

    [GeneratedRegex(@"/provider/vacancies$")]
    private static partial Regex ProviderVacanciesUrl();

    [GeneratedRegex(@"/provider/vacancies/new$")]
    private static partial Regex NewVacancyUrl();

    [GeneratedRegex(@"/scheme/offers/[A-Za-z0-9_-]+")]
    private static partial Regex SchemeOfferPath();

    [GeneratedRegex(@"^Error: ")]
    private static partial Regex ErrorTitle();
}
