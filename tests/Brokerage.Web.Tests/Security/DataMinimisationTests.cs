using System.Globalization;
using Brokerage.Core.Domain;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Tests.Security;

/// <summary>Before an offer is accepted a provider sees an anonymised child: no reference, date of birth or home postcode.</summary>
public sealed class DataMinimisationTests
{
    [Fact]
    public async Task NothingAProviderReceivesBeforeAcceptance_HoldsTheChildsReferenceDateOfBirthOrPostcode()
    {
        using var factory = new BrokerageWebFactory();
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
        foreach (var url in new[] { "/provider/referrals", $"/provider/referrals/{referral.Id}", "/provider/searches", $"/provider/searches/{scenario.RequestId}", "/provider/vacancies" })
        {
            var (_, page) = await provider.GetAsync(url);
            seen.Add(url + ": " + page.Body!.TextContent);
        }

        await Scenario.OfferAsync(factory, referral, 900);
        seen.AddRange(await factory.WithDbAsync(db => db.OutboxMessages.AsNoTracking()
            .Where(m => m.To == referral.Setting.Provider.ReferralEmail || m.To == scenario.Referrals[1].Setting.Provider.ReferralEmail)
            .Select(m => m.Subject + " " + m.Body).ToListAsync()));

        Assert.NotEmpty(seen);
        foreach (var text in seen)
        {
            Assert.All(secrets, secret => Assert.DoesNotContain(secret, text, StringComparison.OrdinalIgnoreCase));
        }
    }
}
