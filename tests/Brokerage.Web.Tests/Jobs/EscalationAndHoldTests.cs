using System.Net;
using Brokerage.Core.Domain;
using Brokerage.Core.Jobs;
using Brokerage.Core.Placements;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Brokerage.Web.Tests.Jobs;

public sealed class EscalationAndHoldTests
{
    [Fact]
    public async Task NoOfferByEscalateAt_WidensToTheNextStageWithReferralsAndATimelineEntry_Once()
    {
        using var factory = new BrokerageWebFactory();
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-WIDEN", 1, requiredInDays: 2);
        var escalateAt = await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Id == scenario.RequestId).Select(r => r.EscalateAt!.Value).SingleAsync());
        Assert.Equal(scenario.Referrals[0].SentAt.AddHours(8), escalateAt);

        factory.Time.SetUtcNow(escalateAt.AddMinutes(-1));
        Assert.Equal(0, await factory.RunAsync<SearchEscalationJob, int>(j => j.ExecuteAsync(CancellationToken.None)));
        factory.Time.SetUtcNow(escalateAt);
        Assert.Equal(1, await factory.RunAsync<SearchEscalationJob, int>(j => j.ExecuteAsync(CancellationToken.None)));
        Assert.Equal(0, await factory.RunAsync<SearchEscalationJob, int>(j => j.ExecuteAsync(CancellationToken.None)));

        var request = await factory.WithDbAsync(db => db.PlacementRequests
            .Include(r => r.Referrals).ThenInclude(r => r.Setting)
            .Include(r => r.Referrals).ThenInclude(r => r.MatchCandidate)
            .Include(r => r.MatchingRuns)
            .SingleAsync(r => r.Id == scenario.RequestId));
        var widened = request.Referrals.Where(r => r.Id != scenario.Referrals[0].Id).ToList();
        Assert.InRange(widened.Count, 1, 3);
        // Stage 2 of rules/widening.json: in-house, block or framework, within 60 miles.
        Assert.All(widened, r =>
        {
            Assert.Contains(r.Setting.Contract, new[] { ContractArrangement.InHouse, ContractArrangement.BlockContract, ContractArrangement.Framework });
            Assert.True(r.MatchCandidate!.DistanceMiles <= 60);
            Assert.Equal(EligibilityOutcome.Eligible, r.MatchCandidate.Outcome);
        });
        Assert.Equal(1, request.SearchStage);
        Assert.Contains(request.MatchingRuns, run => run.Reason.StartsWith("Automatic widening", StringComparison.Ordinal));
        Assert.True(request.EscalateAt > escalateAt, "the widened referrals give the search a new escalate-at");

        var broker = await Browser.SignedInAsync(factory, "broker@ambershire.example");
        var (_, page) = await broker.GetAsync($"/requests/{request.Id}");
        Assert.Contains("Search widened", page.QuerySelector("[data-testid=timeline]")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(1, await factory.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.PlacementRequestId == request.Id && m.Subject.StartsWith("Escalation: no offer yet"))));
    }

    [Fact]
    public async Task AHeldOffer_WarnsAWorkingDayBeforeItLapses_ThenLapsesAndTellsBothSides_Once()
    {
        using var factory = new BrokerageWebFactory();
        var scenario = await Scenario.RequestWithReferralsAsync(factory, "CH-HOLD", 1, requiredInDays: 10);
        var offer = await Scenario.OfferAsync(factory, scenario.Referrals[0], 900);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            offer = await scope.ServiceProvider.GetRequiredService<PlacementService>().HoldOfferAsync(new HoldOfferOptions(scenario.RequestId, offer.Id, "broker@ambershire.example"));
        }

        // Three working days from Friday 10:00 is Wednesday 10:00; the warning comes a working day earlier.
        Assert.Equal(new DateTime(2026, 11, 25, 10, 0, 0, DateTimeKind.Utc), offer.HeldUntil);
        Assert.Equal(new DateTime(2026, 11, 24, 10, 0, 0, DateTimeKind.Utc), offer.HoldWarningAt);

        factory.Time.SetUtcNow(offer.HoldWarningAt!.Value);
        Assert.Equal(1, await factory.RunAsync<OfferHoldsJob, int>(j => j.ExecuteAsync(CancellationToken.None)));
        Assert.Equal(0, await factory.RunAsync<OfferHoldsJob, int>(j => j.ExecuteAsync(CancellationToken.None)));
        factory.Time.SetUtcNow(offer.HeldUntil!.Value);
        Assert.Equal(1, await factory.RunAsync<OfferHoldsJob, int>(j => j.ExecuteAsync(CancellationToken.None)));
        Assert.Equal(0, await factory.RunAsync<OfferHoldsJob, int>(j => j.ExecuteAsync(CancellationToken.None)));

        var subjects = await factory.WithDbAsync(db => db.OutboxMessages.Where(m => m.PlacementRequestId == scenario.RequestId).Select(m => m.To + "|" + m.Subject).ToListAsync());
        Assert.Equal(2, subjects.Count(s => s.Contains("|Hold ends soon", StringComparison.Ordinal)));
        Assert.Equal(2, subjects.Count(s => s.Contains("|Hold lapsed", StringComparison.Ordinal)));
        Assert.Contains(subjects, s => s.StartsWith("broker@ambershire.example|Hold lapsed", StringComparison.Ordinal));
        Assert.Contains(subjects, s => s.StartsWith(scenario.Referrals[0].Setting.Provider.ReferralEmail + "|Hold lapsed", StringComparison.Ordinal));
        Assert.Equal(OfferStatus.HoldLapsed, await factory.WithDbAsync(db => db.Offers.Where(o => o.Id == offer.Id).Select(o => o.Status).SingleAsync()));
    }

    [Fact]
    public async Task WeeklyDigest_IsEmailedOncePerWeekWithThePdfAttached()
    {
        using var factory = new BrokerageWebFactory();
        await Scenario.RequestWithReferralsAsync(factory, "CH-DIGEST", 2);

        Assert.True(await factory.RunAsync<PlanningForumDigestJob, bool>(j => j.ExecuteAsync(CancellationToken.None)));
        Assert.False(await factory.RunAsync<PlanningForumDigestJob, bool>(j => j.ExecuteAsync(CancellationToken.None)));

        var message = await factory.WithDbAsync(db => db.OutboxMessages.SingleAsync(m => m.Subject.StartsWith("Placements Planning Forum digest")));
        Assert.Contains("16 November 2026", message.Subject, StringComparison.Ordinal);
        using var pdf = UglyToad.PdfPig.PdfDocument.Open(message.AttachmentContent!);
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        var open = await factory.WithDbAsync(db => db.PlacementRequests.Where(r => r.Status == RequestStatus.Searching || r.Status == RequestStatus.Open).Select(r => r.Reference).ToListAsync());
        Assert.All(open, reference => Assert.Contains(reference, text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("broker@ambershire.example", false)]
    [InlineData("admin@ambershire.example", true)]
    public async Task JobDashboard_IsForAdminsOnly(string email, bool allowed)
    {
        using var factory = new BrokerageWebFactory();
        var browser = await Browser.SignedInAsync(factory, email);

        var (response, _) = await browser.GetAsync("/admin/jobs");

        Assert.Equal(allowed, response.StatusCode == HttpStatusCode.OK);
    }
}
