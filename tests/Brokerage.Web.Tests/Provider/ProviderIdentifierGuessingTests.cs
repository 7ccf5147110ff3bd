using System.Net;
using System.Net.Http.Json;
using Brokerage.Core.Domain;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Provider;

/// <summary>
/// A provider who edits the numbers in a URL or a form reaches nothing of another provider's:
/// every attempt is refused without saying whether the thing exists, and nothing is written.
/// </summary>
[Collection(SharedApp.Name)]
public sealed class ProviderIdentifierGuessingTests(BrokerageWebFactory factory)
{
    [Fact]
    public async Task EveryGuessedIdentifier_OfAnotherProvidersReferralVacancyOrSetting_IsRefusedAndChangesNothing()
    {
        var guesser = await VacancyScenario.ProviderAsync(factory);
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-GUESS", 3);
        var theirReferral = scenario.Referrals.First(r => r.ProviderId != guesser.Id);
        var owner = await factory.WithDbAsync(db => db.Providers.AsNoTracking().SingleAsync(p => p.Id == theirReferral.ProviderId));
        var theirSetting = await VacancyScenario.HouseholdAsync(factory, owner.Id, "Their household");
        var theirVacancy = await VacancyScenario.NotifyAsync(factory, theirSetting, readyInDays: 3);
        // In the regional scheme and accepted by an authority: a child's profile waits for their answer.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<Core.Vacancies.VacancyService>().ReleaseToSchemeAsync(theirVacancy.Id, VacancyScenario.Broker);
        }

        await VacancyScenario.AcceptAsync(factory, theirVacancy.Id);
        var before = await SnapshotAsync(theirReferral.Id, theirVacancy.Id, theirSetting.Id);
        Assert.Contains("Accepted", before, StringComparison.Ordinal);
        var auditBefore = await factory.WithDbAsync(db => db.AuditEvents.CountAsync());
        var browser = await Browser.SignedInAsync(factory, guesser.ReferralEmail);
        var api = factory.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", Web.Infrastructure.Startup.DemoProviderApiKey);
        var today = Core.UkTime.Today(factory.Time).AddDays(7);
        var vacancyFields = new Dictionary<string, string>
        {
            ["SettingId"] = $"{theirSetting.Id}", ["Places"] = "1", ["MinAge"] = "0", ["MaxAge"] = "17", ["Genders"] = "Any",
            ["ReadyFrom.Day"] = $"{today.Day}", ["ReadyFrom.Month"] = $"{today.Month}", ["ReadyFrom.Year"] = $"{today.Year}", ["WeeklyCost"] = "900",
        };
        var interestFields = new Dictionary<string, string>
        {
            ["SettingId"] = $"{theirSetting.Id}", ["AvailableFrom.Day"] = $"{today.Day}", ["AvailableFrom.Month"] = $"{today.Month}", ["AvailableFrom.Year"] = $"{today.Year}", ["WeeklyCost"] = "900",
        };

        // What each attempt does, and the answer a provider must get: 404 where an identifier is in
        // the address, a validation error (400, with the form again on a page) for a setting chosen in a form.
        var attempts = new (string What, Func<Task<HttpResponseMessage>> Send, HttpStatusCode Expected)[]
        {
            ("read their referral", async () => (await browser.GetAsync($"/provider/referrals/{theirReferral.Id}")).Response, HttpStatusCode.NotFound),
            ("answer their referral", () => browser.SubmitAsync("/provider/referrals", new() { ["Answer"] = "decline", ["DeclineReason"] = "NoVacancy" }, $"/provider/referrals/{theirReferral.Id}"), HttpStatusCode.NotFound),
            ("confirm their vacancy", () => browser.SubmitAsync("/provider/vacancies", [], $"/provider/vacancies?handler=Confirm&vacancyId={theirVacancy.Id}"), HttpStatusCode.NotFound),
            ("withdraw their vacancy", () => browser.SubmitAsync("/provider/vacancies", [], $"/provider/vacancies?handler=Withdraw&vacancyId={theirVacancy.Id}"), HttpStatusCode.NotFound),
            ("answer a match on their vacancy", () => browser.SubmitAsync("/provider/vacancies", [], $"/provider/vacancies?handler=Profile&vacancyId={theirVacancy.Id}&confirm=true"), HttpStatusCode.NotFound),
            ("notify a vacancy on their setting", () => browser.SubmitAsync("/provider/vacancies/new", vacancyFields), HttpStatusCode.BadRequest),
            ("offer their setting to a search", () => browser.SubmitAsync($"/provider/searches/{scenario.RequestId}", interestFields), HttpStatusCode.BadRequest),
            ("confirm their vacancy by API", () => api.PostAsync($"/api/v1/provider/vacancies/{theirVacancy.Id}/confirmation", null), HttpStatusCode.NotFound),
            ("withdraw their vacancy by API", () => api.DeleteAsync($"/api/v1/provider/vacancies/{theirVacancy.Id}"), HttpStatusCode.NotFound),
            ("notify a vacancy on their setting by API", () => api.PostAsJsonAsync("/api/v1/provider/vacancies", new { settingId = theirSetting.Id, places = 1, minAge = 0, maxAge = 17, readyFrom = today.ToString("yyyy-MM-dd"), weeklyCost = 900 }), HttpStatusCode.BadRequest),
        };

        foreach (var (what, send, expected) in attempts)
        {
            var response = await send();
            Assert.True(response.StatusCode == expected, $"{what}: expected {(int)expected}, got {(int)response.StatusCode}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.DoesNotContain("Their household", body, StringComparison.Ordinal);
            Assert.DoesNotContain(owner.Name, body, StringComparison.Ordinal);
            if (expected == HttpStatusCode.BadRequest && response.Content.Headers.ContentType?.MediaType == "text/html")
            {
                // The form is shown again with a GOV.UK error summary naming the setting field.
                var page = await Browser.ParseAsync(response);
                Assert.NotNull(page.QuerySelector(".govuk-error-summary a[href='#SettingId']"));
            }
        }

        Assert.Equal(before, await SnapshotAsync(theirReferral.Id, theirVacancy.Id, theirSetting.Id));
        Assert.Equal(auditBefore, await factory.WithDbAsync(db => db.AuditEvents.CountAsync()));
    }

    /// <summary>Everything about the other provider's things that any of the attempts could change.</summary>
    private Task<string> SnapshotAsync(int referralId, int vacancyId, int settingId) => factory.WithDbAsync(async db =>
    {
        var referral = await db.Referrals.AsNoTracking().Include(r => r.Offer).SingleAsync(r => r.Id == referralId);
        var vacancy = await db.Vacancies.AsNoTracking().Include(v => v.RotaOffers).SingleAsync(v => v.Id == vacancyId);
        var vacancies = await db.Vacancies.CountAsync(v => v.SettingId == settingId);
        var referrals = await db.Referrals.CountAsync(r => r.SettingId == settingId);
        return $"{referral.Status} {referral.RespondedAt} {referral.Offer is null} | {vacancy.Status} {vacancy.ConfirmedAt} {string.Join(",", vacancy.RotaOffers.Select(o => o.Status))} | {vacancies} vacancies, {referrals} referrals";
    });
}
