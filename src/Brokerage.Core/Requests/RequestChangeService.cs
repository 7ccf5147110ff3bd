using Brokerage.Core.Approvals;
using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Requests;

/// <param name="ExpectedVersion">The request version the broker's page was built from.</param>
public sealed record EditPlacementRequestOptions(int RequestId, int ExpectedVersion, CreatePlacementRequestOptions Details, string Actor);

public sealed record WithdrawPlacementRequestOptions(int RequestId, WithdrawalReason? Reason, string? Details, string Actor);

/// <param name="Changed">What changed, in the words of the request page; empty when nothing did.</param>
/// <param name="ProvidersTold">Referrals whose provider was sent the changed profile.</param>
/// <param name="RunMatchingAgain">The change alters who fits, and matching has run before.</param>
public sealed record EditResult(PlacementRequest Request, IReadOnlyList<string> Changed, int ProvidersTold, bool RunMatchingAgain);

/// <summary>A request after it was made: corrected as the plan changes, or withdrawn when no placement is needed.</summary>
public sealed class RequestChangeService(BrokerageDbContext db, RuleSet rules, TimeProvider time, ProviderEmails providerEmails)
{
    public async Task<EditResult> EditAsync(EditPlacementRequestOptions options, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        var request = await LoadAsync(options.RequestId, cancellationToken);
        if (!request.IsLive)
        {
            throw new ConflictException($"Request {request.Reference} is {(request.Status == RequestStatus.Placed ? "placed" : "closed")}, so it can no longer be changed");
        }

        if (request.Version != options.ExpectedVersion)
        {
            throw new ConflictException("This request has changed since you opened the page. Check it again before you change it");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var details = options.Details;
        PlacementRequestValidator.Validate(details, now, rules.Gazetteer, request).ThrowIfAny();

        var before = RequestFacts.Of(request);
        var locality = rules.Gazetteer.Find(details.HomeLocality)!;
        request.ChildReference = details.ChildReference.Trim().ToUpperInvariant();
        request.DateOfBirth = details.DateOfBirth;
        request.Gender = details.Gender;
        request.Ethnicity = details.Ethnicity;
        request.LegalStatus = details.LegalStatus;
        request.IsSeparatedChild = details.IsSeparatedChild;
        request.Needs = details.IsSeparatedChild ? details.Needs | Needs.SeparatedChild : details.Needs & ~Needs.SeparatedChild;
        request.HomeLocality = locality.Name;
        request.HomeLatitude = locality.Latitude;
        request.HomeLongitude = locality.Longitude;
        request.HomePostcode = string.IsNullOrWhiteSpace(details.HomePostcode) ? null : details.HomePostcode.Trim().ToUpperInvariant();
        request.PlacementType = details.PlacementType;
        request.AlsoSuitableTypes = details.AlsoSuitableTypes & ~details.PlacementType.AsSet();
        request.NoticeReceivedAt = details.NoticeReceivedAt;
        request.RequiredFrom = details.RequiredFrom;
        request.Urgency = rules.Urgency.Classify(UrgencyPolicy.NoticeDays(details.NoticeReceivedAt, details.RequiredFrom));
        request.WeeklyBudget = details.WeeklyBudget;
        request.MaxDistanceMiles = details.MaxDistanceMiles;
        request.Summary = string.IsNullOrWhiteSpace(details.Summary) ? null : details.Summary.Trim();
        request.Team = Teams.All.Contains(details.Team ?? "") ? details.Team! : Teams.Unassigned;

        var after = RequestFacts.Of(request);
        var changed = after.Where(f => before.Single(b => b.Label == f.Label).Value != f.Value).ToList();
        if (changed.Count == 0)
        {
            return new EditResult(request, [], 0, false);
        }

        db.Entry(request).Property(r => r.Version).OriginalValue = options.ExpectedVersion;
        request.Version = options.ExpectedVersion + 1;
        var runMatchingAgain = changed.Any(f => f.ChangesWhoFits) && await db.MatchingRuns.AnyAsync(r => r.PlacementRequestId == request.Id, cancellationToken);
        if (runMatchingAgain)
        {
            request.ChangedSinceMatchingAt = now;
        }

        // Providers see only the anonymised profile: they hear of a change to it, once per edit, and of nothing else.
        var profileChanges = changed.Where(f => f.InProfile).Select(f => f.Label).ToList();
        var told = profileChanges.Count == 0 ? [] : request.Referrals.Where(r => r.IsOpen).ToList();
        foreach (var referral in told)
        {
            referral.ProfileChangedAt = now;
            db.Enqueue(now, referral.Setting.Provider.ReferralEmail, providerEmails.ProfileChanged(request, referral.Setting, referral, profileChanges), request.Id);
        }

        var labels = changed.Select(f => f.Label).ToList();
        db.Audit(now, options.Actor, "RequestEdited",
            $"Changed: {string.Join(", ", labels).ToLowerInvariant()}." + (told.Count > 0 ? $" {Display.Count(told.Count, "provider")} with an open referral told of the new profile." : "") + (runMatchingAgain ? " Matching should be run again." : ""),
            request.Id, nameof(PlacementRequest), request.Id,
            before: string.Join("\n", changed.Select(f => $"{f.Label}: {before.Single(b => b.Label == f.Label).Value}")),
            after: string.Join("\n", changed.Select(f => $"{f.Label}: {f.Value}")));
        await SaveAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return new EditResult(request, labels, told.Count, runMatchingAgain);
    }

    /// <summary>
    /// Closes a request nobody needs a placement for any more. Every provider with an open
    /// referral hears once, and nothing the request started goes on running: its referrals are
    /// withdrawn (so no chase or respond-by is due), its escalation is cleared and held places are released.
    /// </summary>
    public async Task<PlacementRequest> WithdrawAsync(WithdrawPlacementRequestOptions options, CancellationToken cancellationToken = default)
    {
        var errors = new FieldErrors();
        if (options.Reason is null)
        {
            errors.Add(nameof(options.Reason), "Select why the request is being withdrawn");
        }
        else if (options.Reason == WithdrawalReason.Other && string.IsNullOrWhiteSpace(options.Details))
        {
            errors.Add(nameof(options.Details), "Enter why the request is being withdrawn");
        }

        errors.MaxLength(nameof(options.Details), "the details", options.Details).ThrowIfAny();

        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        var request = await LoadAsync(options.RequestId, cancellationToken);
        if (request.Status == RequestStatus.Placed)
        {
            throw new ConflictException($"An offer has been accepted for request {request.Reference}. If the child will not move in, record on the placement that it did not start");
        }

        if (request.Status == RequestStatus.Closed)
        {
            throw new ConflictException($"Request {request.Reference} is already closed");
        }

        var now = time.GetUtcNow().UtcDateTime;
        var reason = Display.WithdrawalReason(options.Reason!.Value);
        var open = request.Referrals.Where(r => r.IsOpen).ToList();
        foreach (var referral in open)
        {
            Withdraw(referral, now, reason);
            db.Enqueue(now, referral.Setting.Provider.ReferralEmail, providerEmails.RequestWithdrawn(request, referral.Setting), request.Id);
        }

        var statusBefore = request.Status;
        request.Status = RequestStatus.Closed;
        request.Closure = RequestClosure.Withdrawn;
        request.ClosedAt = now;
        request.ClosedBy = options.Actor;
        request.WithdrawalReason = options.Reason;
        request.WithdrawalDetails = string.IsNullOrWhiteSpace(options.Details) ? null : options.Details.Trim();
        request.EscalateAt = null;
        request.ChangedSinceMatchingAt = null;
        request.Version++;
        await db.WithdrawPendingApprovalsAsync(db.ApprovalRequests.Where(a => a.PlacementRequestId == request.Id), now, options.Actor, "the request was withdrawn", cancellationToken);
        db.Audit(now, options.Actor, "RequestWithdrawn",
            $"Request withdrawn: {reason}{(request.WithdrawalDetails is null ? "" : " (" + request.WithdrawalDetails + ")")}. {Display.Count(open.Count, "provider")} with an open referral told.",
            request.Id, nameof(PlacementRequest), request.Id, before: statusBefore.ToString(), after: "Closed");
        await SaveAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return request;
    }

    /// <summary>Closes the referral and releases any offer or hold on it, so no deadline on it is due again.</summary>
    internal static void Withdraw(Referral referral, DateTime now, string reason)
    {
        referral.Status = ReferralStatus.Withdrawn;
        referral.WithdrawnAt = now;
        referral.WithdrawnReason = reason;
        if (referral.Offer is { Status: OfferStatus.Open or OfferStatus.HeldInPrinciple } offer)
        {
            offer.Status = OfferStatus.Withdrawn;
            offer.HeldUntil = null;
            offer.HoldWarningAt = null;
        }
    }

    private async Task<PlacementRequest> LoadAsync(int id, CancellationToken cancellationToken) =>
        await db.PlacementRequests
            .Include(r => r.Referrals).ThenInclude(r => r.Setting).ThenInclude(s => s.Provider)
            .Include(r => r.Referrals).ThenInclude(r => r.Offer)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
            ?? throw new NotFoundException("Placement request not found");

    private async Task SaveAsync(CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new ConflictException("A provider answered, or another broker acted on this request, at the same moment. Check the request again");
        }
    }
}

/// <summary>One line of a request as the broker reads it, and what a change to it means.</summary>
/// <param name="InProfile">Providers see it in the anonymised profile.</param>
/// <param name="ChangesWhoFits">Matching reads it.</param>
public sealed record RequestFact(string Label, string Value, bool InProfile, bool ChangesWhoFits);

public static class RequestFacts
{
    public static IReadOnlyList<RequestFact> Of(PlacementRequest r) =>
    [
        new("Child's case reference", r.ChildReference, false, false),
        new("Date of birth", UkTime.Format(r.DateOfBirth), true, true),
        new("Gender", Display.Gender(r.Gender), true, true),
        new("Ethnicity", r.Ethnicity, false, false),
        new("Legal status", Display.LegalStatus(r.LegalStatus), false, true),
        new("Needs", Display.NeedsList(r.Needs), true, true),
        new("Area the child lives in", r.HomeLocality, true, true),
        new("Home postcode", r.HomePostcode ?? "Not recorded", false, false),
        new("Type of placement", Display.PlacementType(r.PlacementType), true, true),
        new("Also suitable", Display.PlacementTypes(r.AlsoSuitableTypes), false, true),
        new("Notice received", UkTime.Format(r.NoticeReceivedAt), false, false),
        new("Needed from", UkTime.Format(r.RequiredFrom), true, true),
        new("Urgency", Display.Urgency(r.Urgency), true, true),
        new("Weekly budget", Display.Money(r.WeeklyBudget), false, true),
        new("Preferred maximum distance", Display.Count(r.MaxDistanceMiles, "mile"), false, true),
        new("Summary", r.Summary ?? "None", false, false),
        new("Social work team", r.Team, false, false),
    ];
}
