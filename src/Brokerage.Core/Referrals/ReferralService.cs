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

public sealed class ReferralService(BrokerageDbContext db, RuleSet rules, TimeProvider time, IOptions<EmailOptions> email)
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
        var respondBy = deadlines.RespondBy;
        var alreadyReferred = request.Referrals.Select(r => r.SettingId).ToHashSet();
        var sent = new List<Referral>();
        foreach (var candidate in candidates.Where(c => !alreadyReferred.Contains(c.SettingId)).OrderBy(c => c.Rank))
        {
            var referral = new Referral
            {
                PlacementRequestId = request.Id,
                SettingId = candidate.SettingId,
                ProviderId = candidate.Setting.ProviderId,
                MatchCandidateId = candidate.Id,
                SentAt = now,
                SentBy = options.Actor,
                RespondBy = deadlines.RespondBy,
                FirstChaseAt = deadlines.FirstChaseAt,
                SecondChaseAt = deadlines.SecondChaseAt,
                Status = ReferralStatus.Sent,
            };
            request.Referrals.Add(referral);
            sent.Add(referral);
        }

        if (sent.Count == 0)
        {
            throw ValidationFailedException.For("SettingIds", "Referrals have already been sent to every provider you selected");
        }

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
            db.Enqueue(now, setting.Provider.ReferralEmail, $"New {Display.Urgency(request.Urgency).ToLowerInvariant()} referral {request.Reference}-{referral.Id}: please respond by {UkTime.Format(respondBy)}",
                ProviderEmails.ReferralSent(request, setting, referral, email.Value.BaseUrl), request.Id);
            db.Audit(now, options.Actor, "ReferralSent", $"Referral sent to {setting.Provider.Name} for {setting.Name}; respond by {UkTime.Format(respondBy)}", request.Id, nameof(Referral), referral.Id);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return sent;
    }
}
