using System.Globalization;
using System.Net;
using Brokerage.Core.Domain;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Security;

/// <summary>Before an offer is accepted a provider sees an anonymised child: no reference, date of birth or home postcode.</summary>
[Collection(SharedApp.Name)]
public sealed class DataMinimisationTests(BrokerageWebFactory factory)
{
    [Fact]
    public async Task NothingAProviderReceivesBeforeAcceptance_HoldsTheChildsReferenceDateOfBirthOrPostcode()
    {
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-PRIVATE", 2);
        var request = await factory.WithDbAsync(db => db.PlacementRequests.AsNoTracking().SingleAsync(r => r.Id == scenario.RequestId));
        var referral = scenario.Referrals[0];
        var secrets = new[]
        {
            request.ChildReference, request.HomePostcode!,
            request.DateOfBirth.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            request.DateOfBirth.ToString("d MMMM yyyy", CultureInfo.InvariantCulture),
            request.DateOfBirth.ToString("dd/MM/yyyy", CultureInfo.InvariantCulture),
        };

        var provider = await Browser.SignedInAsync(factory, referral.Setting.Provider.ReferralEmail);
        var seen = new List<string>();
        // Each page must be the page itself, about this child where it is about one: a redirect or a
        // 404 has an empty body that would hold no secret either.
        var pages = new (string Url, string? AboutTheChild)[]
        {
            ("/provider/referrals", request.Reference),
            ($"/provider/referrals/{referral.Id}", request.Reference),
            ("/provider/searches", null),
            ($"/provider/searches/{scenario.RequestId}", request.Reference),
            ("/provider/vacancies", null),
        };
        foreach (var (url, aboutTheChild) in pages)
        {
            var (response, page) = await provider.GetAsync(url);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{url} answered {(int)response.StatusCode}");
            var text = page.Body!.TextContent;
            if (aboutTheChild is not null)
            {
                Assert.Contains(aboutTheChild, text, StringComparison.Ordinal);
            }

            seen.Add(url + ": " + text);
        }

        await Scenario.OfferAsync(factory, referral, 900);
        var emails = await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.To == referral.Setting.Provider.ReferralEmail || m.To == scenario.Referrals[1].Setting.Provider.ReferralEmail)
            .Select(m => new { m.To, Text = m.Subject + " " + m.Body }).ToListAsync());
        // Both providers were sent the referral, naming the search by its reference and nothing more.
        Assert.All(scenario.Referrals, r => Assert.Contains(emails, e => e.To == r.Setting.Provider.ReferralEmail && e.Text.Contains(request.Reference, StringComparison.Ordinal)));
        seen.AddRange(emails.Select(e => e.Text));

        foreach (var text in seen)
        {
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase));
        }
    }
}
