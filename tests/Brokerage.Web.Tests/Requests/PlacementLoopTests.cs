using System.Net;
using Brokerage.Core.Domain;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using UglyToad.PdfPig;

namespace Brokerage.Web.Tests.Requests;

/// <summary>The whole journey over HTTP, on the real app and a real SQLite file.</summary>
public sealed class PlacementLoopTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    [Fact]
    public async Task Broker_CanTakeARequestFromCreationToAConfirmedPlacementWithItsRecord()
    {
        var broker = await Browser.SignedInAsync(factory, "broker@ambershire.example");

        // 1. Create the request: 16 days' notice is planned.
        var created = await broker.SubmitAsync("/requests/new", RequestForm.Valid(factory.Time.GetUtcNow(), "CH-LOOP01", requiredInDays: 16), repeated: [new("Needs", "Trauma")]);
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var requestUrl = created.Headers.Location!.OriginalString;
        var (_, requestPage) = await broker.GetAsync(requestUrl);
        Assert.Equal("Planned", requestPage.QuerySelector("[data-testid=urgency]")!.TextContent.Trim());

        // 2. Run matching and read the ranked candidates.
        var matched = await broker.SubmitAsync(requestUrl, [], postUrl: requestUrl + "?handler=RunMatching");
        Assert.Equal(HttpStatusCode.Redirect, matched.StatusCode);
        var resultsUrl = matched.Headers.Location!.OriginalString;
        var (_, results) = await broker.GetAsync(resultsUrl);
        var candidates = results.QuerySelectorAll("[data-testid=candidate]").ToList();
        Assert.True(candidates.Count >= 3, "expected at least three candidates for a 10-year-old needing foster care");
        Assert.Equal(["1", "2", "3"], candidates.Take(3).Select(c => c.GetAttribute("data-rank")));
        Assert.NotEmpty(results.QuerySelectorAll("[data-testid=excluded] tbody tr"));
        var chosen = candidates.Take(3).Select(c => c.GetAttribute("data-setting-id")!).ToList();

        // 3. Send referrals to the top three.
        var sent = await broker.SubmitAsync(resultsUrl, [], repeated: chosen.Select(id => new KeyValuePair<string, string>("SettingIds", id)));
        Assert.Equal(HttpStatusCode.Redirect, sent.StatusCode);
        var requestId = int.Parse(requestUrl.Split('/').Last(), System.Globalization.CultureInfo.InvariantCulture);
        var referrals = await factory.WithDbAsync(db => db.Referrals.Include(r => r.Setting).ThenInclude(s => s.Provider)
            .Where(r => r.PlacementRequestId == requestId).OrderBy(r => r.MatchCandidate!.Rank).ToListAsync());
        Assert.Equal(3, referrals.Count);
        // Planned requests run on working time: 24 working hours from Friday 20 November 10:00
        // is 7 on Friday, 8 on Monday, 8 on Tuesday and 1 on Wednesday.
        Assert.All(referrals, r => Assert.Equal(new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc), r.RespondBy));

        // 4. The first two providers offer; the third does not answer.
        foreach (var referral in referrals.Take(2))
        {
            var provider = await Browser.SignedInAsync(factory, referral.Setting.Provider.ReferralEmail);
            var answered = await provider.SubmitAsync($"/provider/referrals/{referral.Id}", OfferForm(factory.Time.GetUtcNow(), "925"));
            Assert.Equal(HttpStatusCode.Redirect, answered.StatusCode);
        }

        // 5. Compare and accept the first offer.
        var (_, offersPage) = await broker.GetAsync($"/requests/{requestId}/offers");
        var acceptForms = offersPage.QuerySelectorAll("form").Where(f => f.QuerySelector("[data-testid=accept-offer]") is not null).ToList();
        Assert.Equal(2, acceptForms.Count);
        var accepted = await broker.SubmitAsync($"/requests/{requestId}/offers", [], postUrl: acceptForms[0].GetAttribute("action"));
        Assert.Equal(HttpStatusCode.Redirect, accepted.StatusCode);

        var state = await factory.WithDbAsync(db => db.PlacementRequests.Include(r => r.Referrals).Include(r => r.Placements).SingleAsync(r => r.Id == requestId));
        Assert.Equal(RequestStatus.Placed, state.Status);
        Assert.Equal(PlacementStatus.Confirmed, state.Placement!.Status);
        Assert.Equal(referrals[0].SettingId, state.Placement.SettingId);
        Assert.Equal([ReferralStatus.Accepted, ReferralStatus.NotSelected, ReferralStatus.NotSelected], state.Referrals.OrderBy(r => referrals.FindIndex(x => x.Id == r.Id)).Select(r => r.Status));

        // 6. The placement record holds the child reference and the setting.
        var pdf = await broker.Client.GetAsync($"/requests/{requestId}/placement?handler=Record");
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        using var document = PdfDocument.Open(await pdf.Content.ReadAsByteArrayAsync());
        var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains("CH-LOOP01", text, StringComparison.Ordinal);
        Assert.Contains(string.Join(" ", referrals[0].Setting.Name.Split(' ', StringSplitOptions.RemoveEmptyEntries)), text, StringComparison.Ordinal);
        Assert.Contains("broker@ambershire.example", text, StringComparison.Ordinal);

        // 7. Every provider that was asked hears the outcome.
        await factory.DeliverOutboxAsync();
        var mail = Directory.GetFiles(factory.MailDirectory, "*.eml").Select(File.ReadAllText).ToList();
        Assert.Contains(mail, m => m.Contains(referrals[0].Setting.Provider.ReferralEmail, StringComparison.Ordinal) && m.Contains("Offer accepted", StringComparison.Ordinal));
        // One outcome per provider: the accepted provider hears only that its offer was taken.
        var others = referrals.Skip(1).Select(r => r.Setting.Provider.ReferralEmail).Where(e => e != referrals[0].Setting.Provider.ReferralEmail).Distinct().ToList();
        Assert.Equal(others.Count, mail.Count(m => m.Contains($"Outcome of referral {state.Reference}: not selected", StringComparison.Ordinal)));
        Assert.All(others, e => Assert.Single(mail, m => m.Contains(e, StringComparison.Ordinal) && m.Contains($"Outcome of referral {state.Reference}", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task CreateRequest_WithMissingAnswers_ShowsErrorSummaryAndSavesNothing()
    {
        var broker = await Browser.SignedInAsync(factory, "broker@ambershire.example");
        var before = await factory.WithDbAsync(db => db.PlacementRequests.CountAsync());

        var response = await broker.SubmitAsync("/requests/new", new() { ["ChildReference"] = "", ["WeeklyBudget"] = "lots" });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.StartsWith("Error:", page.Title, StringComparison.Ordinal);
        var summary = page.QuerySelector(".govuk-error-summary")!.TextContent;
        Assert.Contains("Enter the child's reference", summary, StringComparison.Ordinal);
        Assert.Contains("Enter the date of birth", summary, StringComparison.Ordinal);
        Assert.Contains("The weekly budget must be an amount in pounds", summary, StringComparison.Ordinal);
        Assert.Contains("Select the type of placement the child's plan prefers", summary, StringComparison.Ordinal);
        var links = page.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal("#ChildReference", links[0]);
        Assert.True(links.IndexOf("#DateOfBirth") < links.IndexOf("#WeeklyBudget"), "errors are listed in the order of the form");
        Assert.Equal(before, await factory.WithDbAsync(db => db.PlacementRequests.CountAsync()));
    }

    [Fact]
    public async Task CreateRequest_NeededBeforeNoticeWasReceived_IsRefusedByTheDomainRule()
    {
        var broker = await Browser.SignedInAsync(factory, "broker@ambershire.example");
        var form = RequestForm.Valid(factory.Time.GetUtcNow(), "CH-BACKWARD", requiredInDays: -2);

        var response = await broker.SubmitAsync("/requests/new", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        Assert.Contains("must be the same as or after the date notice was received", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.False(await factory.WithDbAsync(db => db.PlacementRequests.AnyAsync(r => r.ChildReference == "CH-BACKWARD")));
    }

    private static Dictionary<string, string> OfferForm(DateTimeOffset now, string cost)
    {
        var from = now.AddDays(10);
        return new()
        {
            ["Answer"] = "offer",
            ["AvailableFrom.Day"] = from.Day.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AvailableFrom.Month"] = from.Month.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["AvailableFrom.Year"] = from.Year.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WeeklyCost"] = cost,
            ["Conditions"] = "Needs a school place nearby",
        };
    }
}
