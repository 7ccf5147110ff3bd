using Brokerage.Core.Approvals;
using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Placements;
using Microsoft.EntityFrameworkCore;
using static Brokerage.Core.Tests.Placements.OpenSearch;

namespace Brokerage.Core.Tests.Placements;

public sealed class PlacementServiceTests : IDisposable
{
    private readonly SqliteDatabase _database = new();
    private readonly CoreServices _services = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task Accept_ConfirmsThePlacement_AndTellsEveryOtherProviderAsked()
    {
        await using var db = _database.CreateContext();
        var request = await SaveAsync(db, 12, (Registration.OfstedChildrensHome, true), (Registration.OfstedChildrensHome, true), (Registration.OfstedChildrensHome, false));
        var chosen = request.Referrals[0];

        var placement = await _services.Placements(db).AcceptOfferAsync(new AcceptOfferOptions(request.Id, chosen.Offer!.Id, request.Version, Broker, HealthContribution: 200));

        await using var read = _database.CreateContext();
        var after = await ReadAsync(read, request.Id);
        Assert.Equal(RequestStatus.Placed, after.Status);
        Assert.Equal((PlacementStatus.Confirmed, chosen.SettingId, 1250m), (after.Placement!.Status, after.Placement.SettingId, after.Placement.SocialCareContribution));
        Assert.Equal(PlacementStart.Of(request, chosen.Offer), placement.StartDate);
        Assert.Equal(
            [(ReferralStatus.Accepted, (OfferStatus?)OfferStatus.Accepted), (ReferralStatus.NotSelected, OfferStatus.NotSelected), (ReferralStatus.NotSelected, null)],
            after.Referrals.OrderBy(r => r.Id).Select(r => (r.Status, r.Offer?.Status)));
        var emails = await read.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.To, m.Subject }).ToListAsync();
        Assert.Equal(
            [
                ("referrals@provider1.example", "Offer accepted: WX-0042 at Home 1"),
                ("referrals@provider2.example", "Outcome of referral WX-0042: not selected"),
                ("referrals@provider3.example", "Outcome of referral WX-0042: not selected"),
            ],
            emails.Select(m => (m.To, m.Subject)));
    }

    [Fact]
    public async Task Accept_TellsEachOtherProviderOnce_InWordsThatFitWhatItSaid()
    {
        await using var db = _database.CreateContext();
        var request = await SaveAsync(db, 16,
            (Registration.OfstedSupportedAccommodation, true), (Registration.OfstedSupportedAccommodation, true), (Registration.OfstedSupportedAccommodation, false),
            (Registration.OfstedSupportedAccommodation, false), (Registration.OfstedSupportedAccommodation, true));
        var (home1, home2, home3, home4, home5) = (request.Referrals[0], request.Referrals[1], request.Referrals[2], request.Referrals[3], request.Referrals[4]);
        // Provider 1 also had Home 2 referred; provider 3 declined; provider 4 has Home 4 (no answer) and Home 5 (an offer).
        await MoveAsync(db, home2, home1.Setting.ProviderId);
        await MoveAsync(db, home5, home4.Setting.ProviderId);
        await db.Referrals.Where(r => r.Id == home3.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ReferralStatus.Declined).SetProperty(r => r.RespondedAt, OpenSearch.Now.UtcDateTime.AddMinutes(-10)));

        await _services.Placements(db).AcceptOfferAsync(new AcceptOfferOptions(request.Id, home1.Offer!.Id, request.Version, Broker));

        await using var read = _database.CreateContext();
        var emails = await read.OutboxMessages.AsNoTracking().OrderBy(m => m.Id).Select(m => new { m.To, m.Subject, m.Body }).ToListAsync();
        Assert.Equal(
            [
                ("referrals@provider1.example", "Offer accepted: WX-0042 at Home 1"),
                ("referrals@provider3.example", "Search closed: referral WX-0042"),
                ("referrals@provider4.example", "Outcome of referral WX-0042: not selected"),
            ],
            emails.Select(m => (m.To, m.Subject)));
        Assert.Contains("Home 4 and Home 5", emails[2].Body, StringComparison.Ordinal);
        Assert.Contains("Thank you for responding", emails[2].Body, StringComparison.Ordinal);
    }

    private static async Task MoveAsync(Data.BrokerageDbContext db, Referral referral, int providerId)
    {
        await db.Settings.Where(s => s.Id == referral.SettingId).ExecuteUpdateAsync(u => u.SetProperty(s => s.ProviderId, providerId));
        await db.Referrals.Where(r => r.Id == referral.Id).ExecuteUpdateAsync(u => u.SetProperty(r => r.ProviderId, providerId));
    }

    [Fact]
    public async Task Accept_ASecondOffer_IsAConflict_AndKeepsTheFirstPlacement()
    {
        await using var db = _database.CreateContext();
        var request = await SaveAsync(db, 12, (Registration.OfstedChildrensHome, true), (Registration.OfstedChildrensHome, true));
        await _services.Placements(db).AcceptOfferAsync(new AcceptOfferOptions(request.Id, request.Referrals[0].Offer!.Id, request.Version, Broker));
        await using var second = _database.CreateContext();
        var before = await EverythingWrittenAsync(second);

        // The second broker's page was built from the same version of the request.
        var conflict = await Assert.ThrowsAsync<ConflictException>(() => _services.Placements(second).AcceptOfferAsync(
            new AcceptOfferOptions(request.Id, request.Referrals[1].Offer!.Id, request.Version, "broker2@wessex.example")));

        Assert.Contains("already been accepted", conflict.Message, StringComparison.Ordinal);
        await using var read = _database.CreateContext();
        Assert.Equal(before, await EverythingWrittenAsync(read));
        Assert.Equal(request.Referrals[0].SettingId, (await read.Placements.SingleAsync()).SettingId);
    }

    [Fact]
    public async Task Accept_AnOfferThatNeedsApproval_WithoutOne_IsRefused_AndWritesNothing()
    {
        await using var db = _database.CreateContext();
        var request = await SaveAsync(db, 16, (Registration.Unregulated, true));
        var before = await EverythingWrittenAsync(db);

        var refused = await Assert.ThrowsAsync<ConflictException>(() => _services.Placements(db).AcceptOfferAsync(
            new AcceptOfferOptions(request.Id, request.Referrals[0].Offer!.Id, request.Version, Broker)));

        Assert.Equal("Home 1 is unregulated provision: an assistant director must approve it on a risk assessment before it can be confirmed", refused.Message);
        await using var read = _database.CreateContext();
        Assert.Equal(before, await EverythingWrittenAsync(read));
    }

    [Fact]
    public async Task Accept_AtAHomeWhoseRegistrationEndsBeforeTheStart_IsUnregisteredProvision_OnTheUnder16Route()
    {
        await using var db = _database.CreateContext();
        var request = await SaveAsync(db, 12, (Registration.OfstedChildrensHome, true));
        var start = PlacementStart.Of(request, request.Referrals[0].Offer!);
        var setting = await db.Settings.SingleAsync();
        setting.RegistrationEndsOn = start;
        await db.SaveChangesAsync();
        var before = await EverythingWrittenAsync(db);

        var refused = await Assert.ThrowsAsync<ConflictException>(() => _services.Placements(db).AcceptOfferAsync(
            new AcceptOfferOptions(request.Id, request.Referrals[0].Offer!.Id, request.Version, Broker)));

        Assert.Equal("Home 1 is unregistered provision: an assistant director must approve it on a risk assessment before it can be confirmed", refused.Message);
        await using var read = _database.CreateContext();
        Assert.Equal(before, await EverythingWrittenAsync(read));
        var saved = await ReadAsync(read, request.Id);
        Assert.Equal(
            (true, ApprovalRoute.Under16Exception, "Unregistered provision"),
            (saved.Referrals[0].NeedsApproval(saved, start), saved.Referrals[0].ApprovalRoute(saved, start), saved.Referrals[0].ApprovalGrounds(saved, start)));
    }

    [Fact]
    public async Task Accept_AtAHomeWhoseRegistrationEndsAfterTheStart_NeedsNoApproval()
    {
        await using var db = _database.CreateContext();
        var request = await SaveAsync(db, 12, (Registration.OfstedChildrensHome, true));
        var setting = await db.Settings.SingleAsync();
        setting.RegistrationEndsOn = PlacementStart.Of(request, request.Referrals[0].Offer!).AddDays(1);
        await db.SaveChangesAsync();

        var placement = await _services.Placements(db).AcceptOfferAsync(new AcceptOfferOptions(request.Id, request.Referrals[0].Offer!.Id, request.Version, Broker));

        Assert.Null(placement.ApprovalRequestId);
    }

    [Fact]
    public async Task Accept_AfterTheStartHasPassed_AtAHomeWhoseRegistrationEndedByToday_IsUnregisteredProvision()
    {
        await using var db = _database.CreateContext();
        var request = await SaveAsync(db, 12, (Registration.OfstedChildrensHome, true));
        var start = PlacementStart.Of(request, request.Referrals[0].Offer!);
        _services.Time.Advance(TimeSpan.FromDays(10));
        var today = UkTime.Today(_services.Time);
        var setting = await db.Settings.SingleAsync();
        // Ofsted cancels the registration today; the child, placed late, would live there from today.
        setting.RegistrationEndsOn = today;
        await db.SaveChangesAsync();
        db.ChangeTracker.Clear();

        var refused = await Assert.ThrowsAsync<ConflictException>(() => _services.Placements(db).AcceptOfferAsync(
            new AcceptOfferOptions(request.Id, request.Referrals[0].Offer!.Id, request.Version, Broker)));

        Assert.True(start < today);
        Assert.Equal("Home 1 is unregistered provision: an assistant director must approve it on a risk assessment before it can be confirmed", refused.Message);
    }

    [Fact]
    public async Task Accept_OnAnApproval_SchedulesTheFirstReview_AndWithdrawsTheApprovalsOfOtherOffers()
    {
        PlacementRequest request;
        await using (var db = _database.CreateContext())
        {
            request = await SaveAsync(db, 16, (Registration.Unregulated, true), (Registration.Unregistered, true));
        }

        int approvedId, pendingId;
        await using (var db = _database.CreateContext())
        {
            approvedId = (await _services.Approvals(db).RaiseAsync(RiskAssessment(request, request.Referrals[0]))).Id;
        }

        await using (var db = _database.CreateContext())
        {
            pendingId = (await _services.Approvals(db).RaiseAsync(RiskAssessment(request, request.Referrals[1]))).Id;
        }

        await using (var db = _database.CreateContext())
        {
            var version = await db.ApprovalRequests.Where(a => a.Id == approvedId).Select(a => a.Version).SingleAsync();
            await _services.Approvals(db).DecideAsync(new DecideApprovalOptions(approvedId, version, ApprovalDecision.Approve, "Only safe bed tonight", null, AssistantDirector));
        }

        await using (var db = _database.CreateContext())
        {
            var version = await db.PlacementRequests.Where(r => r.Id == request.Id).Select(r => r.Version).SingleAsync();
            var placement = await _services.Placements(db).AcceptOfferAsync(new AcceptOfferOptions(request.Id, request.Referrals[0].Offer!.Id, version, Broker));
            Assert.Equal(approvedId, placement.ApprovalRequestId);
        }

        await using var read = _database.CreateContext();
        var approved = await read.ApprovalRequests.SingleAsync(a => a.Id == approvedId);
        var proposed = RiskAssessment(request, request.Referrals[0]).ProposedReviewDate!.Value;
        var deadlines = CoreServices.Rules.Sla.ForReview(proposed);
        Assert.Equal((proposed, deadlines.ReminderAt, deadlines.OverdueAt), (approved.NextReviewDate, approved.ReviewReminderAt, approved.ReviewOverdueAt));
        Assert.Equal(ApprovalStatus.Withdrawn, (await read.ApprovalRequests.SingleAsync(a => a.Id == pendingId)).Status);
        Assert.Contains(await read.AuditEvents.Select(a => a.Summary).ToListAsync(), s => s.Contains("withdrawn undecided: another offer (Home 1) was accepted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ApprovalAndPlacement_RecordTheRegistrationOnTheStartDay_NotTheDirectorysToday()
    {
        PlacementRequest request;
        await using (var db = _database.CreateContext())
        {
            request = await SaveAsync(db, 16, (Registration.OfstedChildrensHome, true));
            var setting = await db.Settings.SingleAsync();
            setting.RegistrationEndsOn = PlacementStart.Of(request, request.Referrals[0].Offer!);
            await db.SaveChangesAsync();
        }

        int approvalId;
        await using (var db = _database.CreateContext())
        {
            approvalId = (await _services.Approvals(db).RaiseAsync(RiskAssessment(request, request.Referrals[0]))).Id;
            var version = await db.ApprovalRequests.Where(a => a.Id == approvalId).Select(a => a.Version).SingleAsync();
            await _services.Approvals(db).DecideAsync(new DecideApprovalOptions(approvalId, version, ApprovalDecision.Approve, "Registration lapses; risks managed", null, AssistantDirector));
        }

        await using (var db = _database.CreateContext())
        {
            var version = await db.PlacementRequests.Where(r => r.Id == request.Id).Select(r => r.Version).SingleAsync();
            await _services.Placements(db).AcceptOfferAsync(new AcceptOfferOptions(request.Id, request.Referrals[0].Offer!.Id, version, Broker));
        }

        await using var read = _database.CreateContext();
        var placement = (await _services.Placements(read).FindAsync(request.Id))!;
        Assert.Equal(Registration.OfstedChildrensHome, placement.Setting.Registration);
        Assert.Equal((Registration.Unregistered, Registration.Unregistered), (placement.Registration, (await read.ApprovalRequests.SingleAsync(a => a.Id == approvalId)).Registration));
        Assert.Contains("Registration Unregistered", PdfText(PlacementRecordDocument.Render(placement, Now.UtcDateTime, CoreServices.Council.Value)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ThePlacementRecord_NamesTheCouncilAndTeamFromConfiguration()
    {
        await using var db = _database.CreateContext();
        var request = await SaveAsync(db, 12, (Registration.OfstedChildrensHome, true));
        await _services.Placements(db).AcceptOfferAsync(new AcceptOfferOptions(request.Id, request.Referrals[0].Offer!.Id, request.Version, Broker));
        var placement = await _services.Placements(db).FindAsync(request.Id);

        var text = PdfText(PlacementRecordDocument.Render(placement!, Now.UtcDateTime, CoreServices.Council.Value));

        Assert.Contains("Wessex Borough Council fostering and placements team", text, StringComparison.Ordinal);
        Assert.DoesNotContain("Ambershire", text, StringComparison.Ordinal);
        Assert.Contains("Request reference WX-0042", text, StringComparison.Ordinal);
    }
}
