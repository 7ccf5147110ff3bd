using Brokerage.Core.Approvals;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Brokerage.Core.Referrals;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Tests.Referrals;

/// <summary>The exceptional route: a 12-year-old, and Elm House excluded only on grounds an assistant director may set aside.</summary>
public sealed class ReferralServiceTests : IDisposable
{
    private static readonly Lazy<RuleSet> Rules = new(() => RuleSet.Load(RulesDirectory.Real));

    private readonly ReferralServicesTestData _data = new();
    private readonly int _runId;

    public ReferralServiceTests()
    {
        using var db = _data.CreateContext();
        var run = new MatchingRun
        {
            PlacementRequestId = _data.RequestId,
            RanAt = _data.Time.GetUtcNow().UtcDateTime,
            RanBy = ReferralServicesTestData.Broker,
            Reason = "Test",
            RulesVersion = "test",
            Candidates =
            [
                new MatchCandidate
                {
                    SettingId = _data.OtherSettingId,
                    Outcome = EligibilityOutcome.Excluded,
                    Findings = [new RuleFinding("Under16NotInUnregulatedOrUnregistered", EligibilityOutcome.Excluded, "Children under 16 must not be placed in unregulated provision", null, ExceptionalRoute: true)],
                },
            ],
        };
        db.MatchingRuns.Add(run);
        db.SaveChanges();
        _runId = run.Id;
    }

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Exceptional_WithoutSearchEvidenceOrReason_NamesBoth_AndWritesNothing()
    {
        var before = _data.Snapshot();
        await using var db = _data.CreateContext();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() => Service(db).SendExceptionalAsync(Options(" ")));

        Assert.Equal([SearchEvidence.Field, nameof(SendExceptionalReferralOptions.Reason)], refused.Errors.Select(e => e.Field));
        Assert.Equal("Enter why no regulated placement can meet the child's needs today", refused.Errors[1].Message);
        Assert.Equal(before, _data.Snapshot());
    }

    [Fact]
    public async Task Exceptional_WithAReasonOverTheLongTextLimit_IsRefused_AndWritesNothing()
    {
        await DeclineTheRegulatedReferralAsync();
        var before = _data.Snapshot();
        await using var db = _data.CreateContext();

        var refused = await Assert.ThrowsAsync<ValidationFailedException>(() =>
            Service(db).SendExceptionalAsync(Options(new string('x', FieldRules.LongTextMaxLength + 1))));

        Assert.Equal([new FieldError(nameof(SendExceptionalReferralOptions.Reason), "The reason must be 4,000 characters or fewer")], refused.Errors);
        Assert.Equal(before, _data.Snapshot());
    }

    [Fact]
    public async Task Exceptional_OnTheSearchEvidence_IsSentAndTheProviderIsEmailed()
    {
        await DeclineTheRegulatedReferralAsync();
        await using (var db = _data.CreateContext())
        {
            await Service(db).SendExceptionalAsync(Options(new string('x', FieldRules.LongTextMaxLength)));
        }

        await using var check = _data.CreateContext();
        var referral = await check.Referrals.SingleAsync(r => r.SettingId == _data.OtherSettingId);
        Assert.True(referral.IsExceptional);
        Assert.Equal(_data.OtherProviderId, referral.ProviderId);
        var email = await check.OutboxMessages.SingleAsync();
        Assert.Equal("referrals@elm.example", email.To);
        Assert.Contains("https://placements.example.gov.uk/provider/referrals/" + referral.Id, email.Body, StringComparison.Ordinal);
        Assert.Single(await check.AuditEvents.Where(a => a.Action == "ExceptionalReferralSent").ToListAsync());
    }

    private SendExceptionalReferralOptions Options(string? reason) =>
        new(_data.RequestId, _runId, _data.OtherSettingId, reason, ReferralServicesTestData.Broker);

    private async Task DeclineTheRegulatedReferralAsync()
    {
        await using var db = _data.CreateContext();
        await db.Referrals.Where(r => r.Id == _data.ReferralId)
            .ExecuteUpdateAsync(u => u.SetProperty(r => r.Status, ReferralStatus.Declined).SetProperty(r => r.DeclineReason, DeclineReason.NoVacancy));
    }

    private ReferralService Service(BrokerageDbContext db) =>
        new(db, Rules.Value, _data.Time, new ProviderEmails(_data.Links, _data.Council), TestMetrics.Create());
}
