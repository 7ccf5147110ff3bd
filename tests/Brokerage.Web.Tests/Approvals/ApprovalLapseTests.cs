using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Brokerage.Web.Tests.Infrastructure.ApprovalScenario;

namespace Brokerage.Web.Tests.Approvals;

/// <summary>Moves the clock, so it has a factory of its own.</summary>
public sealed class ApprovalLapseTests
{
    [Fact]
    public async Task AHoldThatLapsesBeforeTheDecision_WithdrawsTheApproval_SoNobodyApprovesAnOfferThatHasGone()
    {
        using var factory = new BrokerageWebFactory();
        var offered = await UnregulatedOfferAsync(factory, "CH-APPR09");
        var approval = await RaiseAsync(factory, RiskAssessment(factory, offered));
        var heldUntil = await factory.WithDbAsync(db => db.Offers.Where(o => o.Id == offered.Offer.Id).Select(o => o.HeldUntil!.Value).SingleAsync());

        factory.Time.SetUtcNow(heldUntil);
        await factory.RunAsync<Core.Jobs.OfferHoldsJob, int>(j => j.ExecuteAsync(CancellationToken.None));
        var conflict = await Assert.ThrowsAsync<ConflictException>(() => DecideAsync(factory, approval.Id, ApprovalDecision.Approve));

        Assert.Contains("already been decided", conflict.Message, StringComparison.Ordinal);
        Assert.Equal(ApprovalStatus.Withdrawn, await factory.WithDbAsync(db => db.ApprovalRequests.Where(a => a.Id == approval.Id).Select(a => a.Status).SingleAsync()));
        Assert.False(await factory.WithDbAsync(db => db.DecisionRecords.AnyAsync(r => r.ApprovalRequestId == approval.Id)));
    }
}
