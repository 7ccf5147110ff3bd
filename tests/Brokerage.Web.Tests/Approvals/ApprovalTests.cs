using System.Net;
using Brokerage.Core;
using Brokerage.Core.Approvals;
using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Referrals;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Brokerage.Web.Tests.Infrastructure.ApprovalScenario;

namespace Brokerage.Web.Tests.Approvals;

public sealed class ApprovalTests(BrokerageWebFactory factory) : IClassFixture<BrokerageWebFactory>
{
    [Fact]
    public async Task UnregulatedOffer_CannotBeConfirmedUntilAnAssistantDirectorApproves_ThenIsConfirmedWithTheApprovalReference()
    {
        var offered = await UnregulatedOfferAsync(factory, "CH-APPR01");

        var refused = await Assert.ThrowsAsync<ConflictException>(() => AcceptAsync(factory, offered));
        Assert.Contains("assistant director must approve", refused.Message, StringComparison.Ordinal);

        var approval = await RaiseAsync(factory, RiskAssessment(factory, offered));
        Assert.Equal(ApprovalStatus.Pending, approval.Status);
        Assert.Equal(ApprovalRoute.Standard, approval.Route);
        // The provider keeps the place free while the assistant director decides.
        var held = await factory.WithDbAsync(db => db.Offers.SingleAsync(o => o.Id == offered.Offer.Id));
        Assert.Equal(OfferStatus.HeldInPrinciple, held.Status);
        Assert.True(await factory.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.To == "assistant.directors@ambershire.example" && m.Subject.Contains(approval.Reference))));
        await Assert.ThrowsAsync<ConflictException>(() => AcceptAsync(factory, offered));

        var decided = await DecideAsync(factory, approval.Id, ApprovalDecision.ApproveWithConditions, "Daily visits for the first week");
        Assert.Equal(ApprovalStatus.ApprovedWithConditions, decided.Status);
        var placement = await AcceptAsync(factory, offered, health: 200, education: 150);

        Assert.Equal(PlacementStatus.Confirmed, placement.Status);
        Assert.Equal(approval.Reference, placement.ApprovalReference);
        Assert.Equal(1450 - 200 - 150, placement.SocialCareContribution);
        // The placement record carries the contract, the joint-funding split, the approval and the rationale.
        var broker = await Browser.SignedInAsync(factory, Broker);
        var record = PdfText.Read(await broker.Client.GetByteArrayAsync($"/requests/{offered.RequestId}/placement?handler=Record"));
        foreach (var expected in new[] { "Contract arrangement Spot purchase", "Weekly cost £1,450", "Social care contribution £1,100", "Health contribution £200", "Education contribution £150", $"Approval reference {approval.Reference}", placement.MatchRationale })
        {
            Assert.Contains(expected, record, StringComparison.Ordinal);
        }

        var stored = await factory.WithDbAsync(db => db.ApprovalRequests.SingleAsync(a => a.Id == approval.Id));
        Assert.Equal(approval.ProposedReviewDate, stored.NextReviewDate);
        var audit = await factory.WithDbAsync(db => db.AuditEvents.Where(a => a.PlacementRequestId == offered.RequestId).Select(a => a.Action).ToListAsync());
        Assert.Contains("ApprovalRequested", audit);
        Assert.Contains("ApprovalDecided", audit);
        Assert.Contains("DecisionRecordIssued", audit);
        var decisionEvent = await factory.WithDbAsync(db => db.AuditEvents.SingleAsync(a => a.PlacementRequestId == offered.RequestId && a.Action == "ApprovalDecided"));
        Assert.Equal(("Pending", "Approved with conditions"), (decisionEvent.Before, decisionEvent.After));
        Assert.Equal(AssistantDirector, decisionEvent.Actor);
    }

    [Fact]
    public async Task AssistantDirector_CannotDecideARequestTheyRaised_AndAStalePageCannotDecideTwice()
    {
        var offered = await UnregulatedOfferAsync(factory, "CH-APPR02");
        var approval = await RaiseAsync(factory, RiskAssessment(factory, offered) with { Actor = AssistantDirector });

        var own = await Assert.ThrowsAsync<ForbiddenException>(() => DecideAsync(factory, approval.Id, ApprovalDecision.Approve));
        Assert.Contains("another assistant director", own.Message, StringComparison.Ordinal);
        var ad = await Browser.SignedInAsync(factory, AssistantDirector);
        var (_, page) = await ad.GetAsync($"/approvals/{approval.Id}");
        Assert.NotNull(page.QuerySelector("[data-testid=own-request]"));
        Assert.Null(page.QuerySelector("[data-testid=record-decision]"));

        // A page built from an older version of the approval cannot decide it.
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            var stale = await Assert.ThrowsAsync<ConflictException>(() => scope.ServiceProvider.GetRequiredService<ApprovalService>().DecideAsync(
                new DecideApprovalOptions(approval.Id, approval.Version - 1, ApprovalDecision.Approve, "From an old page", null, "ad2@ambershire.example")));
            Assert.Contains("changed since you opened it", stale.Message, StringComparison.Ordinal);
        }

        await DecideAsync(factory, approval.Id, ApprovalDecision.Approve, actor: "ad2@ambershire.example");
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await Assert.ThrowsAsync<ConflictException>(() => scope.ServiceProvider.GetRequiredService<ApprovalService>().DecideAsync(
                new DecideApprovalOptions(approval.Id, approval.Version + 1, ApprovalDecision.Decline, "Changed my mind", null, "ad3@ambershire.example")));
        }

        Assert.Equal(1, await factory.WithDbAsync(db => db.DecisionRecords.CountAsync(r => r.ApprovalRequestId == approval.Id)));
    }

    [Fact]
    public async Task DecidingOnThePage_AsTheOneWhoAsked_Is403_AndFromAStalePage_Is409_AndNeitherDecides()
    {
        var own = await RaiseAsync(factory, RiskAssessment(factory, await UnregulatedOfferAsync(factory, "CH-APPR10")) with { Actor = AssistantDirector });
        var other = await RaiseAsync(factory, RiskAssessment(factory, await UnregulatedOfferAsync(factory, "CH-APPR11")));
        var ad = await Browser.SignedInAsync(factory, AssistantDirector);
        Task<HttpResponseMessage> DecideAsync(int approvalId, int version) => ad.SubmitAsync($"/approvals/{approvalId}", new()
        {
            ["Decision"] = "Approve", ["Reasons"] = "Only safe bed tonight", ["Version"] = version.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, postUrl: $"/approvals/{approvalId}?handler=Decide");

        var forbidden = await DecideAsync(own.Id, own.Version);
        var stale = await DecideAsync(other.Id, other.Version - 1);

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Contains("another assistant director must decide it", (await Browser.ParseAsync(forbidden)).QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var page = await Browser.ParseAsync(stale);
        Assert.Contains("changed since you opened it", page.QuerySelector(".govuk-error-summary")!.TextContent, StringComparison.Ordinal);
        // The form shown again carries the version as it stands now, so the next decision is taken on what is there.
        Assert.Equal(other.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), page.QuerySelector("form input[name=Version]")!.GetAttribute("value"));
        Assert.Equal("Only safe bed tonight", page.QuerySelector("#Reasons")!.TextContent.Trim());
        Assert.False(await factory.WithDbAsync(db => db.DecisionRecords.AnyAsync(r => r.ApprovalRequestId == own.Id || r.ApprovalRequestId == other.Id)));
        Assert.Equal(2, await factory.WithDbAsync(db => db.ApprovalRequests.CountAsync(a => (a.Id == own.Id || a.Id == other.Id) && a.Status == ApprovalStatus.Pending)));
    }

    [Fact]
    public async Task ABroker_CannotDecide_AndAProviderSeesNothingOfApprovals()
    {
        var offered = await UnregulatedOfferAsync(factory, "CH-APPR03");
        var approval = await RaiseAsync(factory, RiskAssessment(factory, offered));
        await DecideAsync(factory, approval.Id, ApprovalDecision.Approve);
        var other = await UnregulatedOfferAsync(factory, "CH-APPR03B");
        var pending = await RaiseAsync(factory, RiskAssessment(factory, other));

        var broker = await Browser.SignedInAsync(factory, Broker);
        var (brokerView, brokerPage) = await broker.GetAsync($"/approvals/{pending.Id}");
        Assert.Equal(HttpStatusCode.OK, brokerView.StatusCode);
        Assert.Null(brokerPage.QuerySelector("[data-testid=record-decision]"));
        var token = brokerPage.QuerySelector("input[name=__RequestVerificationToken]")!.GetAttribute("value")!;
        var post = await broker.Client.PostAsync($"/approvals/{pending.Id}?handler=Decide", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["Decision"] = "Approve", ["Reasons"] = "I am only a broker", ["Version"] = pending.Version.ToString(System.Globalization.CultureInfo.InvariantCulture), ["__RequestVerificationToken"] = token,
        }));
        AssertRefused(post);
        Assert.Equal(ApprovalStatus.Pending, await factory.WithDbAsync(db => db.ApprovalRequests.Where(a => a.Id == pending.Id).Select(a => a.Status).SingleAsync()));

        var provider = await Browser.SignedInAsync(factory, await factory.WithDbAsync(db => db.Users.Where(u => u.ProviderId == offered.Setting.ProviderId).Select(u => u.Email!).FirstAsync()));
        foreach (var url in new[] { "/approvals", $"/approvals/{approval.Id}", $"/approvals/{approval.Id}?handler=Record&version=1", "/approvals/register", $"/requests/{offered.RequestId}/offers/{offered.Offer.Id}/approval" })
        {
            var (response, _) = await provider.GetAsync(url);
            AssertRefused(response);
        }

        // The provider's own view of the referral says nothing about the approval or its risk assessment.
        var (_, referralPage) = await provider.GetAsync("/provider/referrals");
        Assert.DoesNotContain(approval.Reference, referralPage.Body!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("Going missing at night", referralPage.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Declined_TheOfferIsReleasedAndTheProviderTold_AndThePlacementCanNeverBeConfirmed()
    {
        var offered = await UnregulatedOfferAsync(factory, "CH-APPR04");
        var approval = await RaiseAsync(factory, RiskAssessment(factory, offered));

        await DecideAsync(factory, approval.Id, ApprovalDecision.Decline);

        await Assert.ThrowsAsync<ConflictException>(() => AcceptAsync(factory, offered));
        var offer = await factory.WithDbAsync(db => db.Offers.SingleAsync(o => o.Id == offered.Offer.Id));
        Assert.Equal(OfferStatus.NotSelected, offer.Status);
        Assert.True(await factory.WithDbAsync(db => db.OutboxMessages.AnyAsync(m => m.To == offered.Setting.Provider.ReferralEmail && m.Subject.Contains("not taken up"))));
        var request = await factory.WithDbAsync(db => db.PlacementRequests.SingleAsync(r => r.Id == offered.RequestId));
        Assert.Equal(RequestStatus.Searching, request.Status);
        Assert.True(request.EscalateAt <= factory.Time.GetUtcNow().UtcDateTime, "with nothing else offered, the search escalates and widens at once");
        var record = await factory.WithDbAsync(db => db.DecisionRecords.SingleAsync(r => r.ApprovalRequestId == approval.Id));
        Assert.Contains("Declined", PdfText.Read(record.Pdf), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RaisingWithoutTheRiskAssessment_ListsEveryMissingAnswer_AndWritesNothing()
    {
        var offered = await UnregulatedOfferAsync(factory, "CH-APPR05");
        var broker = await Browser.SignedInAsync(factory, Broker);
        var url = $"/requests/{offered.RequestId}/offers/{offered.Offer.Id}/approval";

        var response = await broker.SubmitAsync(url, new()
        {
            ["Risks[0].Risk"] = "Going missing", ["ProposedReviewDate.Day"] = "31", ["ProposedReviewDate.Month"] = "2", ["ProposedReviewDate.Year"] = "2027",
        });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var page = await Browser.ParseAsync(response);
        var summary = page.QuerySelectorAll(".govuk-error-summary__list a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(["#HowNeedsAreMet", "#QualityChecks", "#Risks_0__Mitigation", "#Risks_0__Owner", "#VisitingFrequency", "#ProposedReviewDate"], summary);
        Assert.StartsWith("Error:", page.Title, StringComparison.Ordinal);
        Assert.Contains("must be a real date", page.QuerySelector("#ProposedReviewDate-error")!.TextContent, StringComparison.Ordinal);
        Assert.False(await factory.WithDbAsync(db => db.ApprovalRequests.AnyAsync(a => a.PlacementRequestId == offered.RequestId)));
        Assert.Equal(OfferStatus.Open, await factory.WithDbAsync(db => db.Offers.Where(o => o.Id == offered.Offer.Id).Select(o => o.Status).SingleAsync()));
    }

    [Fact]
    public async Task Under16_CannotGoThroughWithoutSearchEvidence_AndTheRecordSaysItBreachesTheRegulations()
    {
        var home = await AddSettingAsync(factory, "Unregistered home for CH-U16", PlacementType.ChildrensHome, Registration.Unregistered, 11, 17);
        var (requestId, runId) = await RequestAsync(factory, "CH-U16", 14, PlacementType.ChildrensHome, Urgency.Crisis);
        // A fresh scope for each call, as each web request has: a context kept across calls would see stale referrals.
        async Task<T> Referrals<T>(Func<ReferralService, Task<T>> call)
        {
            await using var scope = factory.Services.CreateAsyncScope();
            return await call(scope.ServiceProvider.GetRequiredService<ReferralService>());
        }

        var candidate = await factory.WithDbAsync(db => db.MatchCandidates.SingleAsync(c => c.MatchingRunId == runId && c.SettingId == home.Id));
        Assert.Equal(EligibilityOutcome.Excluded, candidate.Outcome);
        Assert.True(ReferralService.IsExceptionalRouteCandidate(candidate));

        // No search yet: refused, and the reason alone is not enough.
        var noEvidence = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Referrals(r => r.SendExceptionalAsync(new SendExceptionalReferralOptions(requestId, runId, home.Id, "Nothing else tonight", Broker))));
        Assert.Contains(noEvidence.Errors, e => e.Field == SearchEvidence.Field);
        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Referrals(r => r.SendExceptionalAsync(new SendExceptionalReferralOptions(requestId, runId, home.Id, "", Broker))));
        await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Referrals(r => r.SendAsync(new SendReferralsOptions(requestId, runId, [home.Id], Broker))));

        // A regulated home is asked and declines: now there is evidence.
        var regulated = await factory.WithDbAsync(db => db.MatchCandidates.Include(c => c.Setting).Where(c => c.MatchingRunId == runId && c.Outcome == EligibilityOutcome.Eligible).OrderBy(c => c.Rank).FirstAsync());
        var sent = await Referrals(r => r.SendAsync(new SendReferralsOptions(requestId, runId, [regulated.SettingId], Broker)));
        await using (var providerScope = factory.Services.CreateAsyncScope())
        {
            await providerScope.ServiceProvider.GetRequiredService<ProviderResponseService>().DeclineAsync(
                new DeclineReferralOptions(sent[0].Id, regulated.Setting.ProviderId, DeclineReason.ImpactOnOtherChildren, "Current group too volatile", "provider"));
        }

        var exceptional = await Referrals(r => r.SendExceptionalAsync(new SendExceptionalReferralOptions(requestId, runId, home.Id, "Only bed able to take him tonight; regulated homes declined", Broker)));
        Assert.True(exceptional.IsExceptional);
        var offered = await OfferFromAsync(factory, requestId, runId, home);

        var noReason = await Assert.ThrowsAsync<ValidationFailedException>(() => RaiseAsync(factory, RiskAssessment(factory, offered)));
        Assert.Contains(noReason.Errors, e => e.Field == nameof(RaiseApprovalOptions.NoRegulatedOptionReason));
        var approval = await RaiseAsync(factory, RiskAssessment(factory, offered, "All regulated homes within 60 miles declined or did not answer"));
        Assert.Equal(ApprovalRoute.Under16Exception, approval.Route);
        Assert.Contains(approval.SearchEvidence, e => e.Setting == regulated.Setting.Name && e.Outcome.StartsWith("Declined", StringComparison.Ordinal));

        await DecideAsync(factory, approval.Id, ApprovalDecision.Approve);
        var record = await factory.WithDbAsync(db => db.DecisionRecords.SingleAsync(r => r.ApprovalRequestId == approval.Id));
        var text = PdfText.Read(record.Pdf);
        Assert.Contains("breaches the Care Planning, Placement and Case Review (England) (Amendment) Regulations 2021", text, StringComparison.Ordinal);
        Assert.Contains("All regulated homes within 60 miles declined", text, StringComparison.Ordinal);
        Assert.Contains("Current group too volatile", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DecisionRecord_HoldsEveryFieldOfTheRiskAssessment_AndNeverChanges()
    {
        var offered = await UnregulatedOfferAsync(factory, "CH-APPR07");
        var options = RiskAssessment(factory, offered);
        var approval = await RaiseAsync(factory, options);
        await DecideAsync(factory, approval.Id, ApprovalDecision.ApproveWithConditions, "Daily visits for the first week");

        var ad = await Browser.SignedInAsync(factory, AssistantDirector);
        var download = await ad.Client.GetAsync($"/approvals/{approval.Id}?handler=Record&version=1");
        Assert.Equal("application/pdf", download.Content.Headers.ContentType!.MediaType);
        var bytes = await download.Content.ReadAsByteArrayAsync();
        var text = PdfText.Read(bytes);
        string[] expected =
        [
            $"{approval.Reference}-v1", "CH-APPR07", offered.Setting.Name, offered.Setting.Provider.Name, "Registration status Unregulated",
            options.HowNeedsAreMet!, options.QualityAssuranceNotes!,
            .. Display.EachQualityCheck().Select(c => $"{Display.QualityCheck(c)} {(options.QualityChecks.HasFlag(c) ? "Yes" : "No")}"),
            .. options.Risks.SelectMany(r => new[] { r.Risk, r.Mitigation, r.Owner }),
            Display.VisitingFrequency(options.VisitingFrequency!.Value),
            UkTime.Format(options.RegistrationAppliedOn!.Value), UkTime.Format(options.RegistrationExpectedBy!.Value), UkTime.Format(options.ProposedReviewDate!.Value),
            "Approved with conditions", "Daily visits for the first week", "Only safe bed tonight; risks are managed", AssistantDirector, Broker,
        ];
        Assert.All(expected, field => Assert.Contains(field, text, StringComparison.Ordinal));

        var record = await factory.WithDbAsync(db => db.DecisionRecords.SingleAsync(r => r.ApprovalRequestId == approval.Id));
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes)), record.Sha256);
        await factory.WithDbAsync(async db =>
        {
            var tracked = await db.DecisionRecords.SingleAsync(r => r.Id == record.Id);
            tracked.Pdf = [1, 2, 3];
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            db.ChangeTracker.Clear();
            db.DecisionRecords.Remove(await db.DecisionRecords.SingleAsync(r => r.Id == record.Id));
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            return 0;
        });
    }

    [Fact]
    public async Task Queue_ListsPendingApprovalsMostUrgentFirst()
    {
        var planned = await UnregulatedOfferAsync(factory, "CH-QPLAN", Urgency.Planned);
        var crisis = await UnregulatedOfferAsync(factory, "CH-QCRISIS", Urgency.Crisis);
        var plannedApproval = await RaiseAsync(factory, RiskAssessment(factory, planned));
        var crisisApproval = await RaiseAsync(factory, RiskAssessment(factory, crisis));

        var ad = await Browser.SignedInAsync(factory, AssistantDirector);
        var (_, page) = await ad.GetAsync("/approvals");
        var order = page.QuerySelectorAll("[data-testid=queue-row]").Select(r => int.Parse(r.GetAttribute("data-approval-id")!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Contains(crisisApproval.Id, order);
        Assert.Contains(plannedApproval.Id, order);
        Assert.True(order.IndexOf(crisisApproval.Id) < order.IndexOf(plannedApproval.Id), "crisis before planned");
    }

    private static void AssertRefused(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/access-denied", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Under16_InARegulatedHomeTheRulesFlag_IsAnOrdinaryApproval_NotTheExceptionalRoute()
    {
        var home = await AddSettingAsync(factory, "Inadequate regulated home for CH-U16B", PlacementType.ChildrensHome, Registration.OfstedChildrensHome, 11, 17);
        await factory.WithDbAsync(async db =>
        {
            await db.Settings.Where(s => s.Id == home.Id).ExecuteUpdateAsync(u => u.SetProperty(s => s.Rating, OfstedRating.Inadequate));
            return 0;
        });
        var (requestId, runId) = await RequestAsync(factory, "CH-U16B", 14, PlacementType.ChildrensHome);
        await using (var scope = factory.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<ReferralService>().SendAsync(new SendReferralsOptions(requestId, runId, [home.Id], Broker));
        }

        var offered = await OfferFromAsync(factory, requestId, runId, home);
        var approval = await RaiseAsync(factory, RiskAssessment(factory, offered));

        Assert.Equal(ApprovalRoute.Standard, approval.Route);
        await DecideAsync(factory, approval.Id, ApprovalDecision.Approve);
        var record = await factory.WithDbAsync(db => db.DecisionRecords.SingleAsync(r => r.ApprovalRequestId == approval.Id));
        Assert.DoesNotContain("breaches", PdfText.Read(record.Pdf), StringComparison.Ordinal);
    }
}
