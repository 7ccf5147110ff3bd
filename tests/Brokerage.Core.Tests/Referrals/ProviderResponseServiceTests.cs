using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Brokerage.Core.Referrals;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Tests.Referrals;

public sealed class ProviderResponseServiceTests : IDisposable
{
    private readonly ReferralServicesTestData _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Offer_IsStoredWithTheBrokersEmailAndAnAuditEvent()
    {
        await using (var db = _data.CreateContext())
        {
            await Service(db).OfferAsync(new MakeOfferOptions(_data.ReferralId, _data.ProviderId, _data.Today.AddDays(3), 4_750.50m, " Meet the child first ", "referrals@oak.example"));
        }

        await using var check = _data.CreateContext();
        var referral = await check.Referrals.Include(r => r.Offer).SingleAsync(r => r.Id == _data.ReferralId);
        Assert.Equal(ReferralStatus.Offered, referral.Status);
        Assert.Equal(_data.Time.GetUtcNow().UtcDateTime, referral.RespondedAt);
        Assert.Equal("referrals@oak.example", referral.RespondedBy);
        Assert.Equal(4_750.50m, referral.Offer!.WeeklyCost);
        Assert.Equal("Meet the child first", referral.Offer.Conditions);
        Assert.Equal(OfferStatus.Open, referral.Offer.Status);
        var email = await check.OutboxMessages.SingleAsync();
        Assert.Equal((ReferralServicesTestData.Broker, "Offer received for PR-1001 from Oak Care", _data.RequestId), (email.To, email.Subject, email.PlacementRequestId));
        Assert.Contains("https://placements.example.gov.uk/requests/" + _data.RequestId + "/offers", email.Body, StringComparison.Ordinal);
        Assert.Single(await check.AuditEvents.Where(a => a.Action == "OfferMade" && a.EntityId == referral.Offer.Id).ToListAsync());
    }

    [Fact]
    public async Task Offer_WhenTheBrokersEmailCannotBeQueued_IsNotStoredEither()
    {
        await using (var db = _data.CreateContext())
        {
            // The outbox refuses every row, as a full disk or a lost connection would, after the offer is written.
            await db.Database.ExecuteSqlRawAsync("CREATE TRIGGER refuse_outbox BEFORE INSERT ON OutboxMessages BEGIN SELECT RAISE(ABORT, 'outbox unavailable'); END;");
        }

        var before = _data.Snapshot();

        await using (var db = _data.CreateContext())
        {
            await Assert.ThrowsAsync<DbUpdateException>(() =>
                Service(db).OfferAsync(new MakeOfferOptions(_data.ReferralId, _data.ProviderId, _data.Today.AddDays(3), 4_750m, null, "referrals@oak.example")));
        }

        Assert.Equal(before, _data.Snapshot());
    }

    [Fact]
    public async Task Answer_ToAnotherProvidersReferral_IsNotFound_AndWritesNothing()
    {
        var before = _data.Snapshot();
        await using var db = _data.CreateContext();
        var service = Service(db);

        await Assert.ThrowsAsync<NotFoundException>(() =>
            service.OfferAsync(new MakeOfferOptions(_data.ReferralId, _data.OtherProviderId, _data.Today.AddDays(3), 4_000m, null, "referrals@elm.example")));
        await Assert.ThrowsAsync<NotFoundException>(() =>
            service.DeclineAsync(new DeclineReferralOptions(_data.ReferralId, _data.OtherProviderId, DeclineReason.NoVacancy, null, "referrals@elm.example")));

        Assert.Null(await service.FindAsync(_data.ReferralId, _data.OtherProviderId));
        Assert.Equal(before, _data.Snapshot());
    }

    [Fact]
    public async Task SecondAnswer_IsAConflict_AndLeavesTheFirstAnswerAlone()
    {
        await using (var db = _data.CreateContext())
        {
            await Service(db).OfferAsync(new MakeOfferOptions(_data.ReferralId, _data.ProviderId, _data.Today.AddDays(3), 4_750m, null, "referrals@oak.example"));
        }

        var afterFirst = _data.Snapshot();
        await using (var db = _data.CreateContext())
        {
            var decline = await Assert.ThrowsAsync<ConflictException>(() =>
                Service(db).DeclineAsync(new DeclineReferralOptions(_data.ReferralId, _data.ProviderId, DeclineReason.NoVacancy, null, "manager@oak.example")));
            Assert.Equal("You have already answered this referral", decline.Message);
        }

        await using (var db = _data.CreateContext())
        {
            await Assert.ThrowsAsync<ConflictException>(() =>
                Service(db).OfferAsync(new MakeOfferOptions(_data.ReferralId, _data.ProviderId, _data.Today.AddDays(1), 3_000m, null, "manager@oak.example")));
        }

        Assert.Equal(afterFirst, _data.Snapshot());
    }

    [Fact]
    public async Task Answer_AfterTheSearchClosed_IsAConflictSayingSo()
    {
        await using (var db = _data.CreateContext())
        {
            await db.PlacementRequests.Where(r => r.Id == _data.RequestId).ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, RequestStatus.Placed));
        }

        var before = _data.Snapshot();
        await using (var db = _data.CreateContext())
        {
            var refused = await Assert.ThrowsAsync<ConflictException>(() =>
                Service(db).DeclineAsync(new DeclineReferralOptions(_data.ReferralId, _data.ProviderId, DeclineReason.NoVacancy, null, "referrals@oak.example")));
            Assert.Equal("This search has closed, so you can no longer answer this referral", refused.Message);
        }

        Assert.Equal(before, _data.Snapshot());
    }

    [Theory]
    [InlineData(0.50)]
    [InlineData(50_000.01)]
    [InlineData(180_000)]
    public async Task Offer_WithBadInput_NamesEveryFieldAtOnce_AndWritesNothing(double weeklyCost)
    {
        var before = _data.Snapshot();
        await using var db = _data.CreateContext();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Service(db).OfferAsync(new MakeOfferOptions(
            _data.ReferralId, _data.ProviderId, _data.Today.AddDays(-1), (decimal)weeklyCost, new string('x', FieldRules.TextMaxLength + 1), "referrals@oak.example")));

        Assert.Equal(
            [
                new FieldError(nameof(MakeOfferOptions.WeeklyCost), "The weekly cost must be between £1 and £50,000"),
                new FieldError(nameof(MakeOfferOptions.Conditions), "Conditions must be 2,000 characters or fewer"),
                new FieldError(nameof(MakeOfferOptions.AvailableFrom), "The date the place is available from must be today or in the future"),
            ],
            refused.Errors);
        Assert.Equal(before, _data.Snapshot());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(50_000)]
    public async Task Offer_AtEitherEndOfTheWeeklyCostRange_IsAccepted(int weeklyCost)
    {
        await using var db = _data.CreateContext();

        var offer = await Service(db).OfferAsync(new MakeOfferOptions(_data.ReferralId, _data.ProviderId, _data.Today, weeklyCost, new string('x', FieldRules.TextMaxLength), "referrals@oak.example"));

        Assert.Equal(weeklyCost, offer.WeeklyCost);
    }

    [Fact]
    public async Task Decline_WithOtherAndNoDetails_AsksWhy_AndWritesNothing()
    {
        var before = _data.Snapshot();
        await using var db = _data.CreateContext();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Service(db).DeclineAsync(new DeclineReferralOptions(_data.ReferralId, _data.ProviderId, DeclineReason.Other, "  ", "referrals@oak.example")));

        Assert.Equal([new FieldError(nameof(DeclineReferralOptions.Details), "Enter why you cannot offer a place")], refused.Errors);
        Assert.Equal(before, _data.Snapshot());
    }

    private ProviderResponseService Service(BrokerageDbContext db) =>
        new(db, _data.Time, new BrokerEmails(_data.Links, _data.Council), TestMetrics.Create());
}
