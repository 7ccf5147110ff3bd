using Brokerage.Core.Approvals;
using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Referrals;

public sealed record SendReferralsOptions(int RequestId, int MatchingRunId, IReadOnlyList<int> SettingIds, string Actor);

/// <summary>A referral outside the rules on the exceptional route, with why no regulated option will do.</summary>
public sealed record SendExceptionalReferralOptions(int RequestId, int MatchingRunId, int SettingId, string? Reason, string Actor);

public sealed record WithdrawReferralOptions(int RequestId, int ReferralId, string? Reason, string Actor);

public sealed record ChaseReferralOptions(int RequestId, int ReferralId, string Actor);

public sealed class ReferralService(BrokerageDbContext db, RuleSet rules, TimeProvider time, ProviderEmails providerEmails, BrokerageMetrics metrics)
{
    public async Task<IReadOnlyList<Referral>> SendAsync(SendReferralsOptions options, CancellationToken cancellationToken = default)
    {
        if (options.SettingIds.Count == 0)
        {
            throw ValidationFailedException.For("SettingIds", "Select at least one provider to send a referral to");
        }

        var request = await db.PlacementRequests.Include(r => r.Referrals)
            .FirstOrDefaultAsync(r => r.Id == options.RequestId, cancellationToken)
            ?? throw new NotFoundException("Placement request not found");
        if (request.Status is not (RequestStatus.Open or RequestStatus.Searching))
        {
            throw new ConflictException("This request already has an accepted offer, so no more referrals can be sent");
        }

        var candidates = await db.MatchCandidates
            .Include(c => c.Setting).ThenInclude(s => s.Provider)
            .Where(c => c.MatchingRunId == options.MatchingRunId && c.MatchingRun.PlacementRequestId == request.Id && options.SettingIds.Contains(c.SettingId))
            .ToListAsync(cancellationToken);
        if (candidates.Count != options.SettingIds.Distinct().Count())
        {
            throw ValidationFailedException.For("SettingIds", "Select providers from the matching results for this request");
        }

        if (candidates.FirstOrDefault(c => c.Outcome == EligibilityOutcome.Excluded) is { } excluded)
        {
            throw ValidationFailedException.For("SettingIds", $"{excluded.Setting.Name} is excluded by the matching rules and cannot be sent a referral");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var deadlines = rules.Sla.ForReferral(request.Urgency, now);
        var alreadyReferred = request.Referrals.Select(r => r.SettingId).ToHashSet();
        var sent = new List<Referral>();
        foreach (var candidate in candidates.Where(c => !alreadyReferred.Contains(c.SettingId)).OrderBy(c => c.Rank))
        {
            sent.Add(NewReferral(request, candidate, deadlines, now, options.Actor));
        }

        if (sent.Count == 0)
        {
            throw ValidationFailedException.For("SettingIds", "Referrals have already been sent to every provider you selected");
        }

        await SaveAndNotifyAsync(request, sent, candidates, deadlines, now, options.Actor, "ReferralSent", cancellationToken);
        return sent;
    }

    /// <summary>
    /// Sends a referral to a setting the rules excluded only on grounds an assistant director may
    /// set aside on the exceptional route (a child under 16 and unregulated provision). It needs
    /// the search evidence and a reason, and the placement still needs approval.
    /// </summary>
    public async Task<Referral> SendExceptionalAsync(SendExceptionalReferralOptions options, CancellationToken cancellationToken = default)
    {
        var request = await db.PlacementRequests
            .Include(r => r.Referrals).ThenInclude(r => r.Setting).ThenInclude(s => s.Provider)
            .Include(r => r.Referrals).ThenInclude(r => r.Offer)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == options.RequestId, cancellationToken)
            ?? throw new NotFoundException("Placement request not found");
        var candidate = await db.MatchCandidates
            .Include(c => c.Setting).ThenInclude(s => s.Provider)
            .FirstOrDefaultAsync(c => c.MatchingRunId == options.MatchingRunId && c.MatchingRun.PlacementRequestId == request.Id && c.SettingId == options.SettingId, cancellationToken)
            ?? throw new NotFoundException("That setting is not in these matching results");
        if (request.Status is not (RequestStatus.Open or RequestStatus.Searching))
        {
            throw new ConflictException("This request already has an accepted offer, so no more referrals can be sent");
        }

        if (!IsExceptionalRouteCandidate(candidate))
        {
            throw new ConflictException($"{candidate.Setting.Name} cannot be referred on the exceptional route: it is excluded for reasons no one can set aside");
        }

        if (request.Referrals.Any(r => r.SettingId == candidate.SettingId))
        {
            throw new ConflictException($"A referral has already been sent to {candidate.Setting.Name}");
        }

        var errors = new FieldErrors().AddRange(Approvals.SearchEvidence.Check(request, UkTime.Today(time)));
        if (string.IsNullOrWhiteSpace(options.Reason))
        {
            errors.Add(nameof(options.Reason), "Enter why no regulated placement can meet the child's needs today");
        }

        errors.MaxLength(nameof(options.Reason), "the reason", options.Reason, FieldRules.LongTextMaxLength).ThrowIfAny();

        var now = time.GetUtcNow().UtcDateTime;
        var deadlines = rules.Sla.ForReferral(request.Urgency, now);
        var referral = NewReferral(request, candidate, deadlines, now, options.Actor);
        referral.IsExceptional = true;
        referral.ExceptionalReason = options.Reason!.Trim();
        await SaveAndNotifyAsync(request, [referral], [candidate], deadlines, now, options.Actor, "ExceptionalReferralSent", cancellationToken);
        return referral;
    }

    /// <summary>
    /// Withdraws one referral while the search goes on (the provider is no longer a fit, or the
    /// broker referred it by mistake). The provider is told why; any offer or hold on it is released.
    /// </summary>
    public async Task<Referral> WithdrawAsync(WithdrawReferralOptions options, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors().Required(nameof(options.Reason), "why the referral is being withdrawn", options.Reason);
        errors.MaxLength(nameof(options.Reason), "the reason", options.Reason).ThrowIfAny();

        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        var referral = await LoadAsync(options.RequestId, options.ReferralId, cancellationToken);
        if (!referral.IsOpen || !referral.PlacementRequest.IsLive)
        {
            throw new ConflictException($"The referral to {referral.Setting.Name} is {Display.Sentence(referral.Status.ToString()).ToLowerInvariant()} and the search is {(referral.PlacementRequest.IsLive ? "open" : "over")}, so it cannot be withdrawn");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var reason = options.Reason!.Trim();
        Requests.RequestChangeService.Withdraw(referral, now, reason);
        referral.PlacementRequest.Version++;
        await db.WithdrawPendingApprovalsAsync(db.ApprovalRequests.Where(a => a.ReferralId == referral.Id), now, options.Actor, "the referral was withdrawn", cancellationToken);
        db.Enqueue(now, referral.Setting.Provider.ReferralEmail, providerEmails.ReferralWithdrawn(referral.PlacementRequest, referral.Setting, reason), referral.PlacementRequestId);
        db.Audit(now, options.Actor, "ReferralWithdrawn", $"Referral to {referral.Setting.Provider.Name} for {referral.Setting.Name} withdrawn: {reason}. The provider was told.", referral.PlacementRequestId, nameof(Referral), referral.Id);
        await SaveAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return referral;
    }

    /// <summary>A chase by hand, between the scheduled ones, for a referral still waiting on an answer.</summary>
    public async Task<Referral> ChaseAsync(ChaseReferralOptions options, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        var referral = await LoadAsync(options.RequestId, options.ReferralId, cancellationToken);
        if (!referral.CanBeAnswered)
        {
            throw new ConflictException($"The referral to {referral.Setting.Name} is not waiting on an answer, so there is nothing to chase");
        }

        var now = time.GetUtcNow().UtcDateTime;
        // A double click, or two brokers on one request, should not send the provider two chases.
        if (referral.ChasedAt is { } last && now - last < ChaseInterval)
        {
            throw new ConflictException($"{referral.Setting.Provider.Name} was chased at {UkTime.Format(last)}. Wait {ChaseInterval.TotalMinutes:0} minutes between chases");
        }

        referral.ChasedAt = now;
        db.Enqueue(now, referral.Setting.Provider.ReferralEmail, providerEmails.Chase(referral), referral.PlacementRequestId);
        db.Audit(now, options.Actor, "ReferralChased", $"{referral.Setting.Provider.Name} chased by hand for an answer on {referral.Setting.Name}; respond by {UkTime.Format(referral.RespondBy)}", referral.PlacementRequestId, nameof(Referral), referral.Id);
        await SaveAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return referral;
    }

    /// <summary>The shortest time between two chases by hand of one referral.</summary>
    public static readonly TimeSpan ChaseInterval = TimeSpan.FromMinutes(15);

    private async Task<Referral> LoadAsync(int requestId, int referralId, CancellationToken cancellationToken) =>
        await db.Referrals
            .Include(r => r.PlacementRequest).Include(r => r.Offer).Include(r => r.Setting).ThenInclude(s => s.Provider)
            .FirstOrDefaultAsync(r => r.Id == referralId && r.PlacementRequestId == requestId, cancellationToken)
            ?? throw new NotFoundException("Referral not found on this request");

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("The provider answered, or another broker acted on this referral, at the same moment. Check the request again");
        }
    }

    /// <summary>Excluded, but only by rules that allow the exceptional route.</summary>
    public static bool IsExceptionalRouteCandidate(MatchCandidate candidate) =>
        candidate.Outcome == EligibilityOutcome.Excluded
        && candidate.Findings.Where(f => f.Outcome == EligibilityOutcome.Excluded).All(f => f.ExceptionalRoute);

    private static Referral NewReferral(PlacementRequest request, MatchCandidate candidate, ReferralDeadlines deadlines, DateTime now, string actor)
    {
        var referral = new Referral
        {
            PlacementRequestId = request.Id,
            SettingId = candidate.SettingId,
            ProviderId = candidate.Setting.ProviderId,
            MatchCandidateId = candidate.Id,
            SentAt = now,
            SentBy = actor,
            RespondBy = deadlines.RespondBy,
            FirstChaseAt = deadlines.FirstChaseAt,
            SecondChaseAt = deadlines.SecondChaseAt,
            Status = ReferralStatus.Sent,
        };
        request.Referrals.Add(referral);
        return referral;
    }

    private async Task SaveAndNotifyAsync(PlacementRequest request, IReadOnlyList<Referral> sent, IReadOnlyList<MatchCandidate> candidates, ReferralDeadlines deadlines, DateTime now, string actor, string action, CancellationToken cancellationToken)
    {
        request.Status = RequestStatus.Searching;
        // Each new batch of referrals gives the search a fresh escalate-at.
        request.EscalateAt = deadlines.EscalateAt;
        request.EscalatedAt = null;
        request.Version++;
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var referral in sent)
        {
            var setting = candidates.First(c => c.SettingId == referral.SettingId).Setting;
            db.Enqueue(now, setting.Provider.ReferralEmail, providerEmails.ReferralSent(request, setting, referral), request.Id);
            var exceptional = referral.IsExceptional ? " on the exceptional route (child under 16, unregulated provision)" : "";
            db.Audit(now, actor, action, $"Referral sent to {setting.Provider.Name} for {setting.Name}{exceptional}; respond by {UkTime.Format(deadlines.RespondBy)}", request.Id, nameof(Referral), referral.Id);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        metrics.ReferralsSent(request.Urgency, sent.Count);
    }
}
