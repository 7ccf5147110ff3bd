using System.Globalization;
using System.Net;
using Brokerage.Core.Domain;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Provider;

/// <summary>A provider's answer page when the answer cannot be taken.</summary>
public sealed class ProviderResponsePageTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    [Fact]
    public async Task Answer_WhenAColleagueAnsweredWhileThePageWasOpen_IsAConflictShowingTheirAnswer()
    {
        var referral = (await Scenario.RequestWithReferralsAsync(factory, "CH-RESP-TWICE", 1)).Referrals[0];
        var provider = await Browser.SignedInAsync(factory, referral.Setting.Provider.ReferralEmail);
        var url = $"/provider/referrals/{referral.Id}";
        var (_, form) = await provider.GetAsync(url);
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await Scenario.OfferAsync(factory, referral, 900);

        var response = await provider.Client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Answer"] = "decline",
            ["DeclineReason"] = "NoVacancy",
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Equal("You have already answered this referral", page.QuerySelector(".govuk-error-summary li")!.TextContent.Trim());
        Assert.Equal("Offered a place", page.QuerySelector("[data-testid=answer]")!.TextContent.Trim());
        Assert.Equal(ReferralStatus.Offered, await factory.WithDbAsync(db => db.Referrals.Where(r => r.Id == referral.Id).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task Answer_AfterTheSearchClosed_IsAConflictSayingSo()
    {
        var referral = (await Scenario.RequestWithReferralsAsync(factory, "CH-RESP-CLOSED", 1)).Referrals[0];
        var provider = await Browser.SignedInAsync(factory, referral.Setting.Provider.ReferralEmail);
        var url = $"/provider/referrals/{referral.Id}";
        var (_, form) = await provider.GetAsync(url);
        var token = form.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        await factory.WithDbAsync(async db =>
        {
            var request = await db.PlacementRequests.SingleAsync(r => r.Id == referral.PlacementRequestId);
            request.Status = RequestStatus.Closed;
            return await db.SaveChangesAsync();
        });

        var response = await provider.Client.PostAsync(url, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Answer"] = "decline",
            ["DeclineReason"] = "NoVacancy",
            ["__RequestVerificationToken"] = token,
        }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Equal("This search has closed, so you can no longer answer this referral", page.QuerySelector(".govuk-error-summary li")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("[data-testid=search-closed]"));
        Assert.Equal(ReferralStatus.Sent, await factory.WithDbAsync(db => db.Referrals.Where(r => r.Id == referral.Id).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task Offer_WithABadDateAnAnnualCostAndConditionsTooLong_NamesAllThreeAtOnce_AndSavesNothing()
    {
        var referral = (await Scenario.RequestWithReferralsAsync(factory, "CH-RESP-BAD", 1)).Referrals[0];
        var provider = await Browser.SignedInAsync(factory, referral.Setting.Provider.ReferralEmail);

        var response = await provider.SubmitAsync($"/provider/referrals/{referral.Id}", new()
        {
            ["Answer"] = "offer",
            ["AvailableFrom.Day"] = "31",
            ["AvailableFrom.Month"] = "2",
            ["AvailableFrom.Year"] = factory.Time.GetUtcNow().Year.ToString(CultureInfo.InvariantCulture),
            ["WeeklyCost"] = "£180,000",
            ["Conditions"] = new string('x', 2_001),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        var errors = page.QuerySelectorAll(".govuk-error-summary__list a").Select(a => (a.GetAttribute("href"), a.TextContent.Trim())).ToList();
        Assert.Equal(
            [
                ("#AvailableFrom", "The date the place is available from must be a real date"),
                ("#WeeklyCost", "The weekly cost must be between £1 and £50,000"),
                ("#Conditions", "Conditions must be 2,000 characters or fewer"),
            ],
            errors);
        Assert.Equal(ReferralStatus.Sent, await factory.WithDbAsync(db => db.Referrals.Where(r => r.Id == referral.Id).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task Offer_WithConditionsTooLong_IsRefusedByTheSharedTextRule()
    {
        var referral = (await Scenario.RequestWithReferralsAsync(factory, "CH-RESP-LONG", 1)).Referrals[0];
        var provider = await Browser.SignedInAsync(factory, referral.Setting.Provider.ReferralEmail);
        var from = factory.Time.GetUtcNow().AddDays(5);

        var response = await provider.SubmitAsync($"/provider/referrals/{referral.Id}", new()
        {
            ["Answer"] = "offer",
            ["AvailableFrom.Day"] = from.Day.ToString(CultureInfo.InvariantCulture),
            ["AvailableFrom.Month"] = from.Month.ToString(CultureInfo.InvariantCulture),
            ["AvailableFrom.Year"] = from.Year.ToString(CultureInfo.InvariantCulture),
            ["WeeklyCost"] = "950",
            ["Conditions"] = new string('x', 2_001),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Equal("Conditions must be 2,000 characters or fewer", page.QuerySelector(".govuk-error-summary a[href='#Conditions']")!.TextContent.Trim());
        Assert.False(await factory.WithDbAsync(db => db.Offers.AnyAsync(o => o.ReferralId == referral.Id)));
    }

    [Fact]
    public async Task Decline_WithNoReasonAndDetailsTooLong_NamesBothAtOnce()
    {
        var referral = (await Scenario.RequestWithReferralsAsync(factory, "CH-RESP-DECL", 1)).Referrals[0];
        var provider = await Browser.SignedInAsync(factory, referral.Setting.Provider.ReferralEmail);

        var response = await provider.SubmitAsync($"/provider/referrals/{referral.Id}", new()
        {
            ["Answer"] = "decline",
            ["Details"] = new string('x', 2_001),
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        var errors = page.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["#DeclineReason", "#Details"], errors);
        Assert.Equal(ReferralStatus.Sent, await factory.WithDbAsync(db => db.Referrals.Where(r => r.Id == referral.Id).Select(r => r.Status).SingleAsync()));
    }

    [Fact]
    public async Task AnOfferSentTwiceAtOnce_IsStoredOnce_AndNeitherAnswerIsAServerError()
    {
        var referrals = (await Scenario.RequestWithReferralsAsync(factory, "CH-RESP-TWICE", 3)).Referrals;
        foreach (var referral in referrals)
        {
            var provider = await Browser.SignedInAsync(factory, referral.Setting.Provider.ReferralEmail);
            var url = $"/provider/referrals/{referral.Id}";
            var (_, page) = await provider.GetAsync(url);
            var token = page.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
            var from = factory.Time.GetUtcNow().AddDays(5);
            FormUrlEncodedContent Form() => new(new Dictionary<string, string>
            {
                ["Answer"] = "offer",
                ["AvailableFrom.Day"] = from.Day.ToString(CultureInfo.InvariantCulture),
                ["AvailableFrom.Month"] = from.Month.ToString(CultureInfo.InvariantCulture),
                ["AvailableFrom.Year"] = from.Year.ToString(CultureInfo.InvariantCulture),
                ["WeeklyCost"] = "950",
                ["__RequestVerificationToken"] = token,
            });

            var answers = await Task.WhenAll(provider.Client.PostAsync(url, Form()), provider.Client.PostAsync(url, Form()));

            // One is taken (a redirect to the list); the other is told the referral is answered.
            Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            Assert.Equal(1, await factory.WithDbAsync(db => db.Offers.CountAsync(o => o.ReferralId == referral.Id)));
        }
    }
}
