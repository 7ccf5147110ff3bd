using System.Globalization;
using System.Text;
using Brokerage.Core.Approvals;
using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Notifications;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Placements;

/// <param name="ExpectedVersion">The request version the broker's page was built from.</param>
/// <param name="HealthContribution">Weekly amount health pays under a joint-funding agreement.</param>
/// <param name="EducationContribution">Weekly amount education pays under a joint-funding agreement.</param>
public sealed record AcceptOfferOptions(int RequestId, int OfferId, int ExpectedVersion, string Actor, decimal HealthContribution = 0, decimal EducationContribution = 0);

public sealed record HoldOfferOptions(int RequestId, int OfferId, string Actor);

public sealed class PlacementService(BrokerageDbContext db, Rules.RuleSet rules, TimeProvider time, ProviderEmails providerEmails)
{
    /// <summary>
    /// Accepts an offer in principle: the provider holds the place free for the working days in
    /// rules/sla.json while the council completes its checks. Several offers may be held at once.
    /// </summary>
    public async Task<Offer> HoldOfferAsync(HoldOfferOptions options, CancellationToken cancellationToken = default)
    {
        var referral = await db.Referrals
            .Include(r => r.Offer).Include(r => r.PlacementRequest).Include(r => r.Setting).ThenInclude(s => s.Provider)
            .FirstOrDefaultAsync(r => r.PlacementRequestId == options.RequestId && r.Offer != null && r.Offer.Id == options.OfferId, cancellationToken)
            ?? throw new NotFoundException("Offer not found on this request");
        var offer = referral.Offer!;
        if (offer.Status != OfferStatus.Open || referral.PlacementRequest.Status != RequestStatus.Searching)
        {
            throw new ConflictException("Only an open offer on an open search can be held");
        }

        db.HoldOffer(rules, providerEmails, referral, time.GetUtcNow().UtcDateTime, options.Actor);
        await db.SaveChangesAsync(cancellationToken);
        return offer;
    }

    /// <summary>
    /// Accepts one offer, declines the rest and creates the confirmed placement, all in one save.
    /// Unregulated or unregistered provision (and anything else the rules mark NeedsApproval) can be
    /// accepted only on an assistant director's approval of that offer. The
    /// request's version is the concurrency token: a second broker acting on the same request
    /// from a stale page, or at the same moment, gets a <see cref="ConflictException"/>.
    /// </summary>
    public async Task<Placement> AcceptOfferAsync(AcceptOfferOptions options, CancellationToken cancellationToken = default)
    {
        var request = await db.PlacementRequests
            .Include(r => r.Referrals).ThenInclude(r => r.Offer)
            .Include(r => r.Referrals).ThenInclude(r => r.Setting).ThenInclude(s => s.Provider)
            .Include(r => r.Referrals).ThenInclude(r => r.MatchCandidate)
            .Include(r => r.Placements)
            // One statement (one collection, so no cartesian blow-up): the request and its offers
            // are read as of one moment, even while another broker's acceptance commits.
            .AsSingleQuery()
            .FirstOrDefaultAsync(r => r.Id == options.RequestId, cancellationToken)
            ?? throw new NotFoundException("Placement request not found");
        var chosen = request.Referrals.FirstOrDefault(r => r.Offer?.Id == options.OfferId)
            ?? throw new NotFoundException("Offer not found on this request");

        if (request.Placement is not null || request.Status is not RequestStatus.Searching)
        {
            throw new ConflictException("An offer has already been accepted for this request");
        }

        if (request.Version != options.ExpectedVersion)
        {
            throw new ConflictException("This request has changed since you opened the page. Check the offers again before you accept one");
        }

        if (chosen.Offer!.Status is not (OfferStatus.Open or OfferStatus.HeldInPrinciple))
        {
            throw new ConflictException("This offer can no longer be accepted");
        }

        if (options.HealthContribution < 0 || options.EducationContribution < 0 || options.HealthContribution + options.EducationContribution > chosen.Offer.WeeklyCost)
        {
            throw ValidationFailedException.For(nameof(options.HealthContribution), $"Health and education contributions must be £0 or more and together no more than the weekly cost of {Display.Money(chosen.Offer.WeeklyCost)}");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var setting = chosen.Setting;
        var start = PlacementStart.Of(request, chosen.Offer);
        var today = UkTime.Today(time);
        ApprovalRequest? approval = null;
        if (chosen.NeedsApproval(request, today))
        {
            approval = await db.ApprovalRequests.FirstOrDefaultAsync(
                a => a.ReferralId == chosen.Id && (a.Status == ApprovalStatus.Approved || a.Status == ApprovalStatus.ApprovedWithConditions), cancellationToken)
                ?? throw new ConflictException($"{setting.Name} is {(chosen.IsRegulatedAtStart(request, today) ? "a placement the rules say needs approval" : Display.Registration(chosen.RegistrationAtStart(request, today)).ToLowerInvariant() + " provision")}: an assistant director must approve it on a risk assessment before it can be confirmed");
            approval.ScheduleFirstReview(start, today, rules.Sla);
        }

        // The contract and the places are judged on the day the child moves in.
        await db.LoadDatedFactsAsync([setting], today, cancellationToken);
        if (setting.FreePlacesOn(start) <= 0)
        {
            throw new ConflictException($"{setting.Name} has no free place on {UkTime.Format(start)}: {Display.Count(setting.Places, "place")}, {setting.PlacesFilled} filled and {setting.PlacesUnavailableOn(start)} out of use. Ask the provider to confirm the place, and the commissioning team to correct the directory, before you accept this offer");
        }

        var contract = setting.ContractOn(start);
        var placement = new Placement
        {
            PlacementRequestId = request.Id,
            OfferId = chosen.Offer.Id,
            SettingId = setting.Id,
            Status = PlacementStatus.Confirmed,
            StartDate = start,
            WeeklyCost = chosen.Offer.WeeklyCost,
            HealthContribution = options.HealthContribution,
            EducationContribution = options.EducationContribution,
            Contract = contract?.Arrangement ?? ContractArrangement.Spot,
            Registration = chosen.RegistrationAtStart(request, today),
            DistanceMiles = Math.Round(Matching.Geo.DistanceMiles(request.HomeLatitude, request.HomeLongitude, setting.Latitude, setting.Longitude), 1),
            OutOfCounty = !setting.InCounty,
            FrameworkLot = contract?.Lot?.Name,
            MatchRationale = Rationale(request, chosen),
            ApprovalReason = approval?.Grounds,
            ApprovalRequestId = approval?.Id,
            ApprovalReference = approval?.Reference,
            AcceptedAt = now,
            AcceptedBy = options.Actor,
            ConfirmedAt = now,
            ConfirmedBy = options.Actor,
        };
        request.Placements.Add(placement);
        // Saved with the placement: a second acceptance for the last place finds the count changed and fails.
        var filledBefore = setting.PlacesFilled;
        setting.PlacesFilled = filledBefore + 1;
        chosen.Offer.Status = OfferStatus.Accepted;
        chosen.Status = ReferralStatus.Accepted;
        request.Status = RequestStatus.Placed;

        // The database checks the version the broker saw, not just the one loaded above.
        db.Entry(request).Property(r => r.Version).OriginalValue = options.ExpectedVersion;
        request.Version = options.ExpectedVersion + 1;

        var others = request.Referrals.Where(r => r != chosen).ToList();
        foreach (var other in others.Where(r => r.Status is ReferralStatus.Sent or ReferralStatus.Offered or ReferralStatus.NoResponse))
        {
            other.Status = ReferralStatus.NotSelected;
            if (other.Offer is { Status: OfferStatus.Open or OfferStatus.HeldInPrinciple } offer)
            {
                offer.Status = OfferStatus.NotSelected;
            }
        }

        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException ex) when (ex.Entries.Any(e => e.Entity is Setting))
        {
            throw new ConflictException($"Another placement took a place at {setting.Name} at the same moment, and it may have been the last. Check the offers again before you accept one");
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || ex.IsUniqueViolation())
        {
            throw new ConflictException("Another broker accepted an offer for this request at the same time. Check the request before you do anything else");
        }

        await db.WithdrawPendingApprovalsAsync(db.ApprovalRequests.Where(a => a.PlacementRequestId == request.Id), now, options.Actor, $"another offer ({setting.Name}) was accepted", cancellationToken);
        db.Audit(now, options.Actor, "OfferAccepted", $"Offer from {setting.Provider.Name} for {setting.Name} accepted at {Display.Money(placement.WeeklyCost)} a week, starting {UkTime.Format(placement.StartDate)}", request.Id, nameof(Placement), placement.Id);
        db.Audit(now, options.Actor, "PlacementConfirmed",
            approval is null ? $"Placement at {setting.Name} confirmed" : $"Placement at {setting.Name} confirmed on assistant director approval {approval.Reference}; first review {UkTime.Format(approval.ProposedReviewDate)}",
            request.Id, nameof(Placement), placement.Id, before: "Searching", after: "Placed");
        db.Audit(now, options.Actor, "PlacesFilled", $"A place at {setting.Name} filled by the placement for request {request.Reference}", entityType: nameof(Setting), entityId: setting.Id,
            before: $"{filledBefore} of {setting.Places} filled", after: $"{setting.PlacesFilled} of {setting.Places} filled");
        db.Enqueue(now, setting.Provider.ReferralEmail, providerEmails.OfferAccepted(request, setting, placement), request.Id);
        // Providers complain that councils never reply: everyone who was asked hears the outcome,
        // once per provider, in words that fit what they said. A provider whose own offer was
        // accepted hears only that; one that declined hears the search has closed; one withdrawn
        // from the search was told then.
        foreach (var provider in others.Where(r => r.Status != ReferralStatus.Withdrawn && r.Setting.ProviderId != setting.ProviderId).GroupBy(r => r.Setting.ProviderId))
        {
            var referrals = provider.ToList();
            var email = referrals.All(r => r.Status == ReferralStatus.Declined)
                ? providerEmails.SearchClosed(request, [.. referrals.Select(r => r.Setting)])
                : providerEmails.NotSelected(request, [.. referrals.Select(r => r.Setting)], answered: referrals.Any(r => r.RespondedAt is not null));
            db.Enqueue(now, referrals[0].Setting.Provider.ReferralEmail, email, request.Id);
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return placement;
    }

    public Task<Placement?> FindAsync(int requestId, CancellationToken cancellationToken = default) =>
        db.Placements.AsNoTracking()
            .Include(p => p.PlacementRequest)
            .Include(p => p.Setting).ThenInclude(s => s.Provider)
            .Include(p => p.ApprovalRequest)
            .Include(p => p.CostChanges)
            .Include(p => p.Setting).ThenInclude(s => s.Contracts)
            .AsSplitQuery()
            .Where(p => p.PlacementRequestId == requestId)
            // The placement that stands; one the child never arrived at only when there is no other.
            .OrderBy(p => p.Status == PlacementStatus.DidNotStart).ThenByDescending(p => p.Id)
            .FirstOrDefaultAsync(cancellationToken);

    private static string Rationale(PlacementRequest request, Referral chosen)
    {
        var candidate = chosen.MatchCandidate;
        if (candidate is null)
        {
            return "Offer accepted without a matching run.";
        }

        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Ranked {candidate.Rank} with a score of {candidate.Score:0.#}, {candidate.DistanceMiles:0.#} miles from home. ");
        var dimensions = candidate.ScoreLines.GroupBy(l => l.Dimension).Select(g => $"{g.Key} {g.Sum(l => l.Points):0.#}");
        text.Append(CultureInfo.InvariantCulture, $"Score by dimension: {string.Join(", ", dimensions)}. ");
        text.Append(CultureInfo.InvariantCulture, $"Rules that fired: {string.Join(", ", candidate.ScoreLines.Select(l => $"{l.Rule} ({l.Points:+0.#;-0.#;0})"))}. ");
        var offers = request.Referrals.Count(r => r.Offer is not null);
        text.Append(CultureInfo.InvariantCulture, $"Chosen from {Display.Count(offers, "offer")} after {Display.Count(request.Referrals.Count, "referral")}.");
        return text.ToString();
    }
}
