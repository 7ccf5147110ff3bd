using Brokerage.Core.Approvals;
using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Tests.Placements;
using Microsoft.EntityFrameworkCore;
using static Brokerage.Core.Tests.Placements.OpenSearch;

namespace Brokerage.Core.Tests.Approvals;

public sealed class ApprovalServiceTests : IDisposable
{
    private readonly SqliteDatabase _database = new();
    private readonly CoreServices _services = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Raise_HoldsTheOfferAndAsksTheAssistantDirectors_WithALinkToTheDecision()
    {
        var (request, approval) = await RaisedAsync();

        await using var db = _database.CreateContext();
        Assert.Equal(ApprovalStatus.Pending, approval.Status);
        Assert.Equal("Unregulated provision", approval.Grounds);
        Assert.Equal(OfferStatus.HeldInPrinciple, (await db.Offers.SingleAsync(o => o.Id == request.Referrals[0].Offer!.Id)).Status);
        var asked = await db.OutboxMessages.SingleAsync(m => m.To == "assistant.directors@wessex.example");
        Assert.Equal($"Emergency approval needed: {approval.Reference}", asked.Subject);
        Assert.Contains($"https://placements.example.gov.uk/approvals/{approval.Id}", asked.Body, StringComparison.Ordinal);
        Assert.Contains(await db.OutboxMessages.ToListAsync(), m => m.To == "referrals@provider1.example" && m.Subject.StartsWith("Offer accepted in principle", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Decide_ByTheAssistantDirectorWhoAskedForIt_IsForbidden_AndWritesNothing()
    {
        var (_, approval) = await RaisedAsync(raisedBy: AssistantDirector);
        await using var db = _database.CreateContext();
        var before = await EverythingWrittenAsync(db);

        // Four eyes: the same person in other capitals is still the same person.
        var refused = await Assert.ThrowsAsync<ForbiddenException>(() => _services.Approvals(db).DecideAsync(
            new DecideApprovalOptions(approval.Id, approval.Version, ApprovalDecision.Approve, "Safe tonight", null, AssistantDirector.ToUpperInvariant())));

        Assert.Contains("another assistant director must decide it", refused.Message, StringComparison.Ordinal);
        await using var after = _database.CreateContext();
        Assert.Equal(before, await EverythingWrittenAsync(after));
    }

    [Fact]
    public async Task Decide_FromAStalePage_IsAConflict_AndWritesNothing()
    {
        var (_, approval) = await RaisedAsync();
        await using var db = _database.CreateContext();
        var before = await EverythingWrittenAsync(db);

        var stale = await Assert.ThrowsAsync<ConflictException>(() => _services.Approvals(db).DecideAsync(
            new DecideApprovalOptions(approval.Id, approval.Version - 1, ApprovalDecision.Approve, "Read an old page", null, AssistantDirector)));

        Assert.Contains("changed since you opened it", stale.Message, StringComparison.Ordinal);
        await using var after = _database.CreateContext();
        Assert.Equal(before, await EverythingWrittenAsync(after));
    }

    [Fact]
    public async Task Decide_WithoutADecisionOrReasons_NamesBoth_AndWritesNothing()
    {
        var (_, approval) = await RaisedAsync();
        await using var db = _database.CreateContext();
        var before = await EverythingWrittenAsync(db);

        var invalid = await Assert.ThrowsAsync<ValidationFailedException>(() => _services.Approvals(db).DecideAsync(
            new DecideApprovalOptions(approval.Id, approval.Version, null, " ", null, AssistantDirector)));

        Assert.Equal(
            [("Decision", "Select whether you approve the placement"), ("Reasons", "Enter the reasons for your decision")],
            invalid.Errors.Select(e => (e.Field, e.Message)));
        await using var after = _database.CreateContext();
        Assert.Equal(before, await EverythingWrittenAsync(after));
    }

    [Fact]
    public async Task Decline_ReleasesTheOffer_AndTellsTheProviderAndTheBroker_InTheSameTransaction()
    {
        var (request, approval) = await RaisedAsync();
        var decline = new DecideApprovalOptions(approval.Id, approval.Version, ApprovalDecision.Decline, "Risks too high for this child", null, AssistantDirector);

        // Rolled back by the caller: the release and both emails go with it.
        await using (var db = _database.CreateContext())
        {
            var before = await EverythingWrittenAsync(db);
            await using (var transaction = await db.Database.BeginTransactionAsync())
            {
                await _services.Approvals(db).DecideAsync(decline);
                await transaction.RollbackAsync();
            }

            await using var after = _database.CreateContext();
            Assert.Equal(before, await EverythingWrittenAsync(after));
        }

        await using (var db = _database.CreateContext())
        {
            await _services.Approvals(db).DecideAsync(decline);
        }

        await using var read = _database.CreateContext();
        var offer = await read.Offers.Include(o => o.Referral).SingleAsync(o => o.Id == request.Referrals[0].Offer!.Id);
        Assert.Equal((OfferStatus.NotSelected, ReferralStatus.NotSelected), (offer.Status, offer.Referral.Status));
        var emails = await read.OutboxMessages.Where(m => m.Subject.Contains("not taken up") || m.Subject.StartsWith("Approval ")).ToListAsync();
        Assert.Equal(2, emails.Count);
        var provider = Assert.Single(emails, m => m.To == "referrals@provider1.example");
        Assert.Equal("Outcome of referral WX-0042: not taken up", provider.Subject);
        Assert.Contains("Wessex Borough Council will not be taking up this place", provider.Body, StringComparison.Ordinal);
        Assert.DoesNotContain("Risks too high", provider.Body, StringComparison.Ordinal);
        var broker = Assert.Single(emails, m => m.To == Broker);
        Assert.Equal($"Approval {approval.Reference}: declined", broker.Subject);
        Assert.Contains("Risks too high for this child", broker.Body, StringComparison.Ordinal);
        Assert.Contains($"https://placements.example.gov.uk/requests/{request.Id}", broker.Body, StringComparison.Ordinal);
        // With nothing else offered, the search is due to escalate and widen at once.
        Assert.Equal(Now.UtcDateTime, (await read.PlacementRequests.SingleAsync(r => r.Id == request.Id)).EscalateAt);
    }

    [Fact]
    public async Task Decide_IssuesADecisionRecordThatNamesTheCouncilFromConfiguration()
    {
        var (_, approval) = await RaisedAsync();
        await using (var db = _database.CreateContext())
        {
            await _services.Approvals(db).DecideAsync(new DecideApprovalOptions(approval.Id, approval.Version, ApprovalDecision.Approve, "Only safe bed tonight", null, AssistantDirector));
        }

        await using var read = _database.CreateContext();
        var record = await read.DecisionRecords.SingleAsync(r => r.ApprovalRequestId == approval.Id);
        var text = PdfText(record.Pdf);
        Assert.Contains("Wessex Borough Council children's services", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ambershire", text, StringComparison.Ordinal);
        Assert.Contains($"{approval.Reference}-v1", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_MovesTheNextReviewAndItsReminders_AndClosingEndsThem()
    {
        var (request, approval) = await RaisedAsync();
        await using (var db = _database.CreateContext())
        {
            approval = await _services.Approvals(db).DecideAsync(new DecideApprovalOptions(approval.Id, approval.Version, ApprovalDecision.Approve, "Only safe bed tonight", null, AssistantDirector));
        }

        await using (var db = _database.CreateContext())
        {
            var version = await db.PlacementRequests.Where(r => r.Id == request.Id).Select(r => r.Version).SingleAsync();
            await _services.Placements(db).AcceptOfferAsync(new Core.Placements.AcceptOfferOptions(request.Id, request.Referrals[0].Offer!.Id, version, Broker));
        }

        var next = new DateOnly(2026, 12, 18);
        await using (var db = _database.CreateContext())
        {
            await _services.Approvals(db).ReviewAsync(new ReviewApprovalOptions
            {
                ApprovalId = approval.Id, Outcome = ReviewOutcome.Continue, Notes = "Settled; visited twice a week", NextReviewDate = next, ExpectedVersion = approval.Version, Actor = AssistantDirector,
            });
        }

        await using (var db = _database.CreateContext())
        {
            var reviewed = await db.ApprovalRequests.AsNoTracking().SingleAsync(a => a.Id == approval.Id);
            var deadlines = CoreServices.Rules.Sla.ForReview(next);
            Assert.Equal((next, deadlines.ReminderAt, deadlines.OverdueAt), (reviewed.NextReviewDate, reviewed.ReviewReminderAt, reviewed.ReviewOverdueAt));
            await _services.Approvals(db).ReviewAsync(new ReviewApprovalOptions
            {
                ApprovalId = approval.Id, Outcome = ReviewOutcome.Close, Notes = "Registered with Ofsted", ExpectedVersion = reviewed.Version, Actor = AssistantDirector,
            });
        }

        await using var read = _database.CreateContext();
        var closed = await read.ApprovalRequests.SingleAsync(a => a.Id == approval.Id);
        Assert.Equal((ApprovalStatus.Closed, null, null, null), (closed.Status, closed.NextReviewDate, closed.ReviewReminderAt, closed.ReviewOverdueAt));
        Assert.Equal([1, 2, 3], await read.DecisionRecords.Where(r => r.ApprovalRequestId == approval.Id).OrderBy(r => r.Version).Select(r => r.Version).ToListAsync());
    }

    [Fact]
    public async Task Raise_OnRegulatedProvision_IsAConflict_AndWritesNothing()
    {
        await using var db = _database.CreateContext();
        var request = await SaveAsync(db, 16, (Registration.OfstedChildrensHome, true));
        var before = await EverythingWrittenAsync(db);

        var refused = await Assert.ThrowsAsync<ConflictException>(() => _services.Approvals(db).RaiseAsync(RiskAssessment(request, request.Referrals[0])));

        Assert.Contains("needs no approval", refused.Message, StringComparison.Ordinal);
        Assert.Equal(before, await EverythingWrittenAsync(db));
    }

    /// <summary>A 16-year-old's search with an offer of unregulated supported accommodation, put to the assistant directors.</summary>
    private async Task<(PlacementRequest Request, ApprovalRequest Approval)> RaisedAsync(string raisedBy = Broker)
    {
        await using var db = _database.CreateContext();
        var request = await SaveAsync(db, 16, (Registration.Unregulated, true));
        var approval = await _services.Approvals(db).RaiseAsync(RiskAssessment(request, request.Referrals[0]) with { Actor = raisedBy });
        return (request, approval);
    }
}
