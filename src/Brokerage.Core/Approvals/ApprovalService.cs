using System.Security.Cryptography;
using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Notifications;
using Brokerage.Core.Placements;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Approvals;

/// <summary>
/// Unregulated and unregistered placements as an explicit, approved, recorded and reviewed
/// exception: the broker raises a risk assessment, an assistant director other than the broker
/// decides, every decision and review issues an immutable decision record. The rules it applies
/// stand apart: <see cref="ReferralApproval"/> (whether and why approval is needed),
/// <see cref="RiskAssessmentValidator"/> and <see cref="ReviewSchedule"/>.
/// </summary>
public sealed class ApprovalService(
    BrokerageDbContext db,
    RuleSet rules,
    TimeProvider time,
    RiskAssessmentValidator riskAssessment,
    ApprovalEmails approvalEmails,
    ProviderEmails providerEmails,
    IOptions<EmailOptions> email,
    IOptions<CouncilOptions> council)
{
    public async Task<ApprovalRequest> RaiseAsync(RaiseApprovalOptions options, CancellationToken cancellationToken = default)
    {
        var request = await db.PlacementRequests
            .Include(r => r.Referrals).ThenInclude(r => r.Setting).ThenInclude(s => s.Provider)
            .Include(r => r.Referrals).ThenInclude(r => r.Offer)
            .Include(r => r.Referrals).ThenInclude(r => r.MatchCandidate)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == options.RequestId, cancellationToken)
            ?? throw new NotFoundException("Placement request not found");
        var referral = request.Referrals.FirstOrDefault(r => r.Offer?.Id == options.OfferId)
            ?? throw new NotFoundException("Offer not found on this request");
        if (request.Status != RequestStatus.Searching || referral.Offer!.Status is not (OfferStatus.Open or OfferStatus.HeldInPrinciple))
        {
            throw new ConflictException("Approval can be asked for only on an open offer while the search is open");
        }

        var today = UkTime.Today(time);
        if (!referral.NeedsApproval(request, today))
        {
            throw new ConflictException($"{referral.Setting.Name} is regulated provision that needs no approval: accept the offer instead");
        }

        if (await db.ApprovalRequests.AnyAsync(a => a.ReferralId == referral.Id && a.Status != ApprovalStatus.Declined, cancellationToken))
        {
            throw new ConflictException("Approval has already been asked for on this offer");
        }

        riskAssessment.Check(options, request, referral).ThrowIfAny();
        var now = time.GetUtcNow().UtcDateTime;
        var sequence = await db.ApprovalRequests.CountAsync(a => a.PlacementRequestId == request.Id, cancellationToken) + 1;
        var approval = new ApprovalRequest
        {
            Reference = $"{request.Reference}-A{sequence}",
            PlacementRequest = request,
            Referral = referral,
            Setting = referral.Setting,
            Registration = referral.RegistrationAtStart(request, today),
            Route = referral.ApprovalRoute(request, today),
            Grounds = referral.ApprovalGrounds(request, today),
            HowNeedsAreMet = options.HowNeedsAreMet!.Trim(),
            QualityChecks = options.QualityChecks,
            QualityAssuranceNotes = Trimmed(options.QualityAssuranceNotes),
            Risks = options.Risks.Where(r => !RiskAssessmentValidator.IsBlank(r)).Select(r => new RiskItem(r.Risk.Trim(), r.Mitigation.Trim(), r.Owner.Trim())).ToList(),
            VisitingFrequency = options.VisitingFrequency!.Value,
            RegistrationAppliedOn = options.RegistrationAppliedOn,
            RegistrationExpectedBy = options.RegistrationExpectedBy,
            ProposedReviewDate = options.ProposedReviewDate!.Value,
            NoRegulatedOptionReason = Trimmed(options.NoRegulatedOptionReason),
            SearchEvidence = SearchEvidence.Of(request, today),
            RaisedAt = now,
            RaisedBy = options.Actor,
            Status = ApprovalStatus.Pending,
        };
        db.ApprovalRequests.Add(approval);
        // The provider keeps the place free while the assistant director decides.
        if (referral.Offer.Status == OfferStatus.Open)
        {
            db.HoldOffer(rules, providerEmails, referral, now, options.Actor);
        }

        request.Version++;
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        await SaveOrConflictAsync("Approval has already been asked for on this offer", cancellationToken);
        var route = approval.Route == ApprovalRoute.Under16Exception ? " on the exceptional route: the child is under 16 and this would breach the 2021 regulations" : "";
        db.Audit(now, options.Actor, "ApprovalRequested", $"Assistant director approval {approval.Reference} asked for {referral.Setting.Name}{route}. Grounds: {approval.Grounds}", request.Id, nameof(ApprovalRequest), approval.Id, after: "Pending");
        db.Enqueue(now, email.Value.AssistantDirectorsEmail, approvalEmails.ApprovalNeeded(approval), request.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return approval;
    }

    public async Task<ApprovalRequest> DecideAsync(DecideApprovalOptions options, CancellationToken cancellationToken = default)
    {
        var approval = await LoadAsync(options.ApprovalId, cancellationToken);
        if (string.Equals(approval.RaisedBy, options.Actor, StringComparison.OrdinalIgnoreCase))
        {
            throw new ForbiddenException("You asked for this approval, so another assistant director must decide it");
        }

        if (approval.Status != ApprovalStatus.Pending)
        {
            throw new ConflictException("This approval has already been decided");
        }

        if (approval.Version != options.ExpectedVersion)
        {
            throw new ConflictException("This approval has changed since you opened it. Read it again before you decide");
        }

        if (approval.PlacementRequest.Status != RequestStatus.Searching || approval.Referral.Offer is not { Status: OfferStatus.Open or OfferStatus.HeldInPrinciple })
        {
            throw new ConflictException("The offer this approval is for is no longer available, so there is nothing to decide");
        }

        var errors = new FieldErrors();
        if (options.Decision is null)
        {
            errors.Add(nameof(options.Decision), "Select whether you approve the placement");
        }

        errors.Required(nameof(options.Reasons), Reasons, options.Reasons)
            .MaxLength(nameof(options.Reasons), Reasons, options.Reasons, FieldRules.LongTextMaxLength);
        if (options.Decision == ApprovalDecision.ApproveWithConditions)
        {
            errors.Required(nameof(options.Conditions), "the conditions of approval", options.Conditions)
                .MaxLength(nameof(options.Conditions), "the conditions of approval", options.Conditions);
        }

        errors.ThrowIfAny();
        var now = time.GetUtcNow().UtcDateTime;
        var before = Display.Sentence(approval.Status.ToString());
        approval.Status = options.Decision switch
        {
            ApprovalDecision.Approve => ApprovalStatus.Approved,
            ApprovalDecision.ApproveWithConditions => ApprovalStatus.ApprovedWithConditions,
            _ => ApprovalStatus.Declined,
        };
        approval.DecisionReasons = options.Reasons!.Trim();
        approval.Conditions = approval.Status == ApprovalStatus.ApprovedWithConditions ? options.Conditions!.Trim() : null;
        approval.DecidedAt = now;
        approval.DecidedBy = options.Actor;
        db.Entry(approval).Property(a => a.Version).OriginalValue = options.ExpectedVersion;
        approval.Version = options.ExpectedVersion + 1;

        var request = approval.PlacementRequest;
        var setting = approval.Setting;
        if (approval.Status == ApprovalStatus.Declined)
        {
            await ReleaseDeclinedOfferAsync(approval, now, cancellationToken);
        }

        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        await SaveOrConflictAsync("Another assistant director decided this approval at the same time. Read it again", cancellationToken);
        var record = IssueRecord(approval, DecisionRecordKind.Decision, null, now, options.Actor);
        var outcome = Display.Sentence(approval.Status.ToString()).ToLowerInvariant();
        db.Audit(now, options.Actor, "ApprovalDecided", $"{approval.Reference} {outcome} for {setting.Name}. Reasons: {approval.DecisionReasons}{(approval.Conditions is null ? "" : ". Conditions: " + approval.Conditions)}",
            request.Id, nameof(ApprovalRequest), approval.Id, before, Display.Sentence(approval.Status.ToString()));
        db.Audit(now, options.Actor, "DecisionRecordIssued", $"Unregulated-risk decision record {record.DocumentReference} issued", request.Id, nameof(DecisionRecord), approval.Id);
        db.Enqueue(now, approval.RaisedBy, approvalEmails.Decided(approval), request.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return approval;
    }

    /// <summary>
    /// An assistant director's review of a live placement: continue (with or without new
    /// conditions) or close. Each review issues the next version of the decision record.
    /// </summary>
    public async Task<ApprovalReview> ReviewAsync(ReviewApprovalOptions options, CancellationToken cancellationToken = default)
    {
        var approval = await LoadAsync(options.ApprovalId, cancellationToken);
        var live = approval.IsApproved && await db.Placements.AnyAsync(p => p.ApprovalRequestId == approval.Id && (p.Status == PlacementStatus.Confirmed || p.Status == PlacementStatus.Started), cancellationToken);
        if (!live)
        {
            throw new ConflictException("Only a confirmed placement on an approval that is still open can be reviewed");
        }

        if (options.ExpectedVersion is { } expected && expected != approval.Version)
        {
            throw new ConflictException("Someone else has reviewed this placement since you opened it. Read the latest review first");
        }

        var today = UkTime.Today(time);
        var errors = new FieldErrors();
        if (options.Outcome is null)
        {
            errors.Add(nameof(options.Outcome), "Select the outcome of the review");
        }

        errors.Required(nameof(options.Notes), ReviewFindings, options.Notes)
            .MaxLength(nameof(options.Notes), ReviewFindings, options.Notes, FieldRules.LongTextMaxLength);
        if (options.Outcome == ReviewOutcome.ContinueWithConditions)
        {
            errors.Required(nameof(options.Conditions), "the conditions the placement continues on", options.Conditions)
                .MaxLength(nameof(options.Conditions), "the conditions the placement continues on", options.Conditions);
        }

        if (options.Outcome is ReviewOutcome.Continue or ReviewOutcome.ContinueWithConditions)
        {
            errors.ReviewDate(nameof(options.NextReviewDate), "the date of the next review", options.NextReviewDate, today, today, rules.Sla);
        }

        RiskAssessmentValidator.Registration(errors, options.RegistrationAppliedOn, options.RegistrationExpectedBy, today).ThrowIfAny();
        var now = time.GetUtcNow().UtcDateTime;
        var before = $"{Display.Sentence(approval.Status.ToString())}, next review {Format(approval.NextReviewDate)}";
        var review = new ApprovalReview
        {
            ApprovalRequestId = approval.Id,
            ReviewedAt = now,
            ReviewedBy = options.Actor,
            Outcome = options.Outcome!.Value,
            Notes = options.Notes!.Trim(),
            Conditions = options.Outcome == ReviewOutcome.ContinueWithConditions ? options.Conditions!.Trim() : null,
            RegistrationAppliedOn = options.RegistrationAppliedOn,
            RegistrationExpectedBy = options.RegistrationExpectedBy,
            NextReviewDate = options.Outcome == ReviewOutcome.Close ? null : options.NextReviewDate,
            RecordVersion = approval.Records.Count + 1,
        };
        approval.Reviews.Add(review);
        approval.RegistrationAppliedOn = options.RegistrationAppliedOn;
        approval.RegistrationExpectedBy = options.RegistrationExpectedBy;
        if (review.NextReviewDate is { } next)
        {
            approval.ScheduleReview(next, rules.Sla);
        }
        else
        {
            approval.Status = ApprovalStatus.Closed;
            approval.EndReviews();
        }

        approval.Version++;
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        await SaveOrConflictAsync("Someone else reviewed this placement at the same time. Read it again", cancellationToken);
        var record = IssueRecord(approval, DecisionRecordKind.Review, review, now, options.Actor);
        var after = approval.Status == ApprovalStatus.Closed ? "Closed" : $"{Display.Sentence(approval.Status.ToString())}, next review {Format(approval.NextReviewDate)}";
        db.Audit(now, options.Actor, "ApprovalReviewed", $"{approval.Reference} reviewed: {Display.Sentence(review.Outcome.ToString()).ToLowerInvariant()}. {review.Notes}",
            approval.PlacementRequestId, nameof(ApprovalRequest), approval.Id, before, after);
        db.Audit(now, options.Actor, "DecisionRecordIssued", $"Unregulated-risk decision record {record.DocumentReference} issued after review", approval.PlacementRequestId, nameof(DecisionRecord), approval.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return review;
    }

    /// <summary>Pending approvals, most urgent first, then oldest first.</summary>
    public async Task<IReadOnlyList<ApprovalRequest>> QueueAsync(CancellationToken cancellationToken = default)
    {
        var pending = await db.ApprovalRequests.AsNoTracking()
            .Include(a => a.PlacementRequest).Include(a => a.Setting).ThenInclude(s => s.Provider)
            .Where(a => a.Status == ApprovalStatus.Pending)
            .ToListAsync(cancellationToken);
        return pending.OrderBy(a => a.PlacementRequest.Urgency).ThenBy(a => a.PlacementRequest.RequiredFrom).ThenBy(a => a.RaisedAt).ToList();
    }

    public Task<ApprovalRequest?> FindAsync(int id, CancellationToken cancellationToken = default) =>
        Query().AsNoTracking().FirstOrDefaultAsync(a => a.Id == id, cancellationToken);

    private IQueryable<ApprovalRequest> Query() =>
        db.ApprovalRequests
            .Include(a => a.PlacementRequest)
            .Include(a => a.Setting).ThenInclude(s => s.Provider)
            .Include(a => a.Referral).ThenInclude(r => r.Offer)
            .Include(a => a.Records.OrderBy(r => r.Version))
            .Include(a => a.Reviews.OrderBy(r => r.ReviewedAt))
            .AsSplitQuery();

    private async Task<ApprovalRequest> LoadAsync(int id, CancellationToken cancellationToken) =>
        await Query().FirstOrDefaultAsync(a => a.Id == id, cancellationToken) ?? throw new NotFoundException("Approval request not found");

    private DecisionRecord IssueRecord(ApprovalRequest approval, DecisionRecordKind kind, ApprovalReview? review, DateTime now, string actor)
    {
        var version = approval.Records.Count + 1;
        var reference = $"{approval.Reference}-v{version}";
        var pdf = DecisionRecordDocument.Render(approval, reference, version, review, now, council.Value);
        var record = new DecisionRecord
        {
            ApprovalRequestId = approval.Id,
            Version = version,
            DocumentReference = reference,
            Kind = kind,
            IssuedAt = now,
            IssuedBy = actor,
            Pdf = pdf,
            Sha256 = Convert.ToHexStringLower(SHA256.HashData(pdf)),
        };
        approval.Records.Add(record);
        return record;
    }

    /// <summary>A declined placement will not happen: the provider is told and the place released, and the search goes on.</summary>
    private async Task ReleaseDeclinedOfferAsync(ApprovalRequest approval, DateTime now, CancellationToken cancellationToken)
    {
        var referral = approval.Referral;
        if (referral.Offer is { Status: OfferStatus.Open or OfferStatus.HeldInPrinciple } offer)
        {
            offer.Status = OfferStatus.NotSelected;
            referral.Status = ReferralStatus.NotSelected;
            db.Enqueue(now, approval.Setting.Provider.ReferralEmail, providerEmails.NotTakenUp(approval.PlacementRequest, approval.Setting), approval.PlacementRequestId);
        }

        // With no other offer waiting, the search is due for escalation (and so widening) at once.
        var request = approval.PlacementRequest;
        var waiting = await db.Offers.AnyAsync(o => o.Referral.PlacementRequestId == request.Id && o.Id != referral.Offer!.Id && (o.Status == OfferStatus.Open || o.Status == OfferStatus.HeldInPrinciple), cancellationToken);
        if (!waiting && request.Status == RequestStatus.Searching)
        {
            request.EscalateAt = now;
            request.EscalatedAt = null;
        }

        request.Version++;
    }

    private async Task SaveOrConflictAsync(string message, CancellationToken cancellationToken)
    {
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex is DbUpdateConcurrencyException || ex.IsUniqueViolation())
        {
            throw new ConflictException(message);
        }
    }

    private const string Reasons = "the reasons for your decision";
    private const string ReviewFindings = "what the review found";

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Format(DateOnly? date) => date is { } d ? UkTime.Format(d) : "none";
}
