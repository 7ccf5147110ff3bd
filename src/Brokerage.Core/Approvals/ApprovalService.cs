using System.Globalization;
using System.Security.Cryptography;
using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
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
/// decides, every decision and review issues an immutable decision record.
/// </summary>
public sealed class ApprovalService(BrokerageDbContext db, RuleSet rules, TimeProvider time, IOptions<EmailOptions> email)
{
    private const int MaxText = 4000;

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

        if (!PlacementService.NeedsApproval(referral))
        {
            throw new ConflictException($"{referral.Setting.Name} is regulated provision that needs no approval: accept the offer instead");
        }

        if (await db.ApprovalRequests.AnyAsync(a => a.ReferralId == referral.Id && a.Status != ApprovalStatus.Declined, cancellationToken))
        {
            throw new ConflictException("Approval has already been asked for on this offer");
        }

        var under16 = SearchEvidence.IsExceptionalRoute(request, referral);
        var errors = CheckRiskAssessment(options, under16, PlacementStart(request, referral)).ToList();
        if (under16)
        {
            errors.AddRange(SearchEvidence.Check(request, referral));
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

        var now = time.GetUtcNow().UtcDateTime;
        var sequence = await db.ApprovalRequests.CountAsync(a => a.PlacementRequestId == request.Id, cancellationToken) + 1;
        var approval = new ApprovalRequest
        {
            Reference = $"{request.Reference}-A{sequence}",
            PlacementRequestId = request.Id,
            ReferralId = referral.Id,
            SettingId = referral.SettingId,
            Route = under16 ? ApprovalRoute.Under16Exception : ApprovalRoute.Standard,
            Grounds = PlacementService.ApprovalGrounds(referral),
            HowNeedsAreMet = options.HowNeedsAreMet!.Trim(),
            QualityChecks = options.QualityChecks,
            QualityAssuranceNotes = Trimmed(options.QualityAssuranceNotes),
            Risks = CompleteRisks(options.Risks),
            VisitingFrequency = options.VisitingFrequency!.Value,
            RegistrationAppliedOn = options.RegistrationAppliedOn,
            RegistrationExpectedBy = options.RegistrationExpectedBy,
            ProposedReviewDate = options.ProposedReviewDate!.Value,
            NoRegulatedOptionReason = under16 ? options.NoRegulatedOptionReason!.Trim() : Trimmed(options.NoRegulatedOptionReason),
            SearchEvidence = SearchEvidence.Of(request),
            RaisedAt = now,
            RaisedBy = options.Actor,
            Status = ApprovalStatus.Pending,
        };
        db.ApprovalRequests.Add(approval);
        // The provider keeps the place free while the assistant director decides.
        if (referral.Offer.Status == OfferStatus.Open)
        {
            db.HoldOffer(rules, referral, now, options.Actor);
        }

        request.Version++;
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        await SaveOrConflictAsync("Approval has already been asked for on this offer", cancellationToken);
        var route = under16 ? " on the exceptional route: the child is under 16 and this would breach the 2021 regulations" : "";
        db.Audit(now, options.Actor, "ApprovalRequested", $"Assistant director approval {approval.Reference} asked for {referral.Setting.Name}{route}. Grounds: {approval.Grounds}", request.Id, nameof(ApprovalRequest), approval.Id, after: "Pending");
        db.Enqueue(now, email.Value.AssistantDirectorsEmail, $"{Display.Urgency(request.Urgency)} approval needed: {approval.Reference}",
            $"""
            A broker has asked for approval of an unregulated or unregistered placement{route}.

            Approval: {approval.Reference}
            Request: {request.Reference} ({Display.Urgency(request.Urgency)}), needed from {UkTime.Format(request.RequiredFrom)}
            Setting: {referral.Setting.Name} ({Display.Registration(referral.Setting.Registration)})
            Grounds: {approval.Grounds}

            Decide at {email.Value.BaseUrl}/approvals/{approval.Id}
            """, request.Id);
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

        var errors = new List<FieldError>();
        if (options.Decision is null)
        {
            errors.Add(new FieldError(nameof(options.Decision), "Select whether you approve the placement"));
        }

        RequireText(errors, nameof(options.Reasons), options.Reasons, "Enter the reasons for your decision");
        if (options.Decision == ApprovalDecision.ApproveWithConditions)
        {
            RequireText(errors, nameof(options.Conditions), options.Conditions, "Enter the conditions of approval");
        }

        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

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
        db.Enqueue(now, approval.RaisedBy, $"Approval {approval.Reference}: {outcome}",
            approval.IsApproved
                ? $"{approval.DecidedBy} has {outcome} the placement at {setting.Name} for {request.Reference}.{(approval.Conditions is null ? "" : " Conditions: " + approval.Conditions)} You can now confirm the placement: {email.Value.BaseUrl}/requests/{request.Id}/offers"
                : $"{approval.DecidedBy} has declined the placement at {setting.Name} for {request.Reference}. Reasons: {approval.DecisionReasons}. The provider has been told and the search continues: {email.Value.BaseUrl}/requests/{request.Id}",
            request.Id);
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
        var live = approval.IsApproved && await db.Placements.AnyAsync(p => p.ApprovalRequestId == approval.Id, cancellationToken);
        if (!live)
        {
            throw new ConflictException("Only a confirmed placement on an approval that is still open can be reviewed");
        }

        if (options.ExpectedVersion is { } expected && expected != approval.Version)
        {
            throw new ConflictException("Someone else has reviewed this placement since you opened it. Read the latest review first");
        }

        var today = UkTime.Today(time);
        var errors = new List<FieldError>();
        if (options.Outcome is null)
        {
            errors.Add(new FieldError(nameof(options.Outcome), "Select the outcome of the review"));
        }

        RequireText(errors, nameof(options.Notes), options.Notes, "Enter what the review found");
        if (options.Outcome == ReviewOutcome.ContinueWithConditions)
        {
            RequireText(errors, nameof(options.Conditions), options.Conditions, "Enter the conditions the placement continues on");
        }

        if (options.Outcome is ReviewOutcome.Continue or ReviewOutcome.ContinueWithConditions)
        {
            CheckReviewDate(errors, nameof(options.NextReviewDate), options.NextReviewDate, today, "Enter the date of the next review");
        }

        CheckRegistration(errors, options.RegistrationAppliedOn, options.RegistrationExpectedBy, today);
        if (errors.Count > 0)
        {
            throw new ValidationFailedException(errors);
        }

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
            var deadlines = rules.Sla.ForReview(next);
            approval.NextReviewDate = next;
            approval.ReviewReminderAt = deadlines.ReminderAt;
            approval.ReviewOverdueAt = deadlines.OverdueAt;
            approval.ReviewReminderSentAt = null;
            approval.ReviewOverdueEscalatedAt = null;
        }
        else
        {
            approval.Status = ApprovalStatus.Closed;
            approval.NextReviewDate = null;
            approval.ReviewReminderAt = null;
            approval.ReviewOverdueAt = null;
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

    /// <summary>
    /// Pending approvals on a request that can no longer be decided, because the offer's hold lapsed
    /// or another offer was accepted, are withdrawn in the caller's unit of work.
    /// </summary>
    public static async Task WithdrawPendingAsync(BrokerageDbContext db, IQueryable<ApprovalRequest> approvals, DateTime now, string actor, string why, CancellationToken cancellationToken)
    {
        foreach (var pending in await approvals.Where(a => a.Status == ApprovalStatus.Pending).ToListAsync(cancellationToken))
        {
            pending.Status = ApprovalStatus.Withdrawn;
            pending.Version++;
            db.Audit(now, actor, "ApprovalWithdrawn", $"{pending.Reference} withdrawn undecided: {why}", pending.PlacementRequestId, nameof(ApprovalRequest), pending.Id, "Pending", "Withdrawn");
        }
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
        var pdf = DecisionRecordDocument.Render(approval, reference, version, review, now);
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
            db.Enqueue(now, approval.Setting.Provider.ReferralEmail, $"Outcome of referral {approval.PlacementRequest.Reference}: not taken up",
                $"Thank you for your offer of {approval.Setting.Name}. Ambershire County Council will not be taking up this place, so you are free to offer it elsewhere.", approval.PlacementRequestId);
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

    /// <summary>The risk assessment's own rules, without the search evidence; saves nothing.</summary>
    /// <param name="start">When the placement would start: the first review is counted from then, not from today.</param>
    public IReadOnlyList<FieldError> CheckRiskAssessment(RaiseApprovalOptions options, bool under16, DateOnly start)
    {
        var today = UkTime.Today(time);
        var errors = new List<FieldError>();
        RequireText(errors, nameof(options.HowNeedsAreMet), options.HowNeedsAreMet, "Enter how the placement meets the child's needs");
        if (options.QualityChecks == QualityCheck.None)
        {
            errors.Add(new FieldError(nameof(options.QualityChecks), "Select the quality-assurance checks that have been done"));
        }
        else if (options.QualityChecks != AllChecks && string.IsNullOrWhiteSpace(options.QualityAssuranceNotes))
        {
            errors.Add(new FieldError(nameof(options.QualityAssuranceNotes), "Enter why the checks not ticked have not been done, and when they will be"));
        }

        CheckLength(errors, nameof(options.QualityAssuranceNotes), options.QualityAssuranceNotes);
        for (var i = 0; i < options.Risks.Count; i++)
        {
            var row = options.Risks[i];
            if (IsBlank(row))
            {
                continue;
            }

            if (string.IsNullOrWhiteSpace(row.Risk))
            {
                errors.Add(new FieldError($"Risks[{i}].Risk", $"Enter risk {i + 1}"));
            }

            if (string.IsNullOrWhiteSpace(row.Mitigation))
            {
                errors.Add(new FieldError($"Risks[{i}].Mitigation", $"Enter how risk {i + 1} will be reduced"));
            }

            if (string.IsNullOrWhiteSpace(row.Owner))
            {
                errors.Add(new FieldError($"Risks[{i}].Owner", $"Enter who owns risk {i + 1}"));
            }

            CheckLength(errors, $"Risks[{i}].Risk", row.Risk);
            CheckLength(errors, $"Risks[{i}].Mitigation", row.Mitigation);
            CheckLength(errors, $"Risks[{i}].Owner", row.Owner, 200);
        }

        if (options.Risks.All(IsBlank))
        {
            errors.Add(new FieldError("Risks[0].Risk", "Enter at least one risk, how it will be reduced and who owns it"));
        }

        if (options.VisitingFrequency is null)
        {
            errors.Add(new FieldError(nameof(options.VisitingFrequency), "Select how often the social worker will visit"));
        }

        CheckRegistration(errors, options.RegistrationAppliedOn, options.RegistrationExpectedBy, today);
        CheckReviewDate(errors, nameof(options.ProposedReviewDate), options.ProposedReviewDate, start > today ? start : today, "Enter the proposed review date");
        if (under16)
        {
            RequireText(errors, nameof(options.NoRegulatedOptionReason), options.NoRegulatedOptionReason, "Enter why no regulated placement can meet the child's needs today");
        }
        else
        {
            CheckLength(errors, nameof(options.NoRegulatedOptionReason), options.NoRegulatedOptionReason);
        }

        return errors;
    }

    /// <param name="from">Today, or the placement's start when that is later.</param>
    private void CheckReviewDate(List<FieldError> errors, string field, DateOnly? date, DateOnly from, string missing)
    {
        var max = rules.Sla.Reviews.MaxIntervalDays;
        var today = UkTime.Today(time);
        if (date is null)
        {
            errors.Add(new FieldError(field, missing));
        }
        else if (date <= today || date > from.AddDays(max))
        {
            errors.Add(new FieldError(field, $"The review date must be after today and no more than {max} days after {(from > today ? "the placement starts" : "today")}, by {UkTime.Format(from.AddDays(max))}"));
        }
    }

    /// <summary>The later of the offer's available date and the date the child needs the placement.</summary>
    public static DateOnly PlacementStart(PlacementRequest request, Referral referral)
    {
        var needed = DateOnly.FromDateTime(UkTime.ToLocal(request.RequiredFrom));
        return referral.Offer is { } offer && offer.AvailableFrom > needed ? offer.AvailableFrom : needed;
    }

    private static void CheckRegistration(List<FieldError> errors, DateOnly? appliedOn, DateOnly? expectedBy, DateOnly today)
    {
        if (appliedOn > today)
        {
            errors.Add(new FieldError("RegistrationAppliedOn", "The date the provider applied to Ofsted must be today or in the past"));
        }

        if (expectedBy is not null && appliedOn is null)
        {
            errors.Add(new FieldError("RegistrationAppliedOn", "Enter when the provider applied to Ofsted, or leave the expected date blank"));
        }
        else if (expectedBy < appliedOn)
        {
            errors.Add(new FieldError("RegistrationExpectedBy", "The expected registration date must be on or after the date the provider applied"));
        }
    }

    private static void RequireText(List<FieldError> errors, string field, string? value, string missing)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors.Add(new FieldError(field, missing));
        }

        CheckLength(errors, field, value);
    }

    private static void CheckLength(List<FieldError> errors, string field, string? value, int max = MaxText)
    {
        if (value?.Length > max)
        {
            errors.Add(new FieldError(field, $"Must be {max.ToString("N0", CultureInfo.InvariantCulture)} characters or fewer"));
        }
    }

    private static readonly QualityCheck AllChecks = Enum.GetValues<QualityCheck>().Aggregate(QualityCheck.None, (all, c) => all | c);

    private static bool IsBlank(RiskItem row) =>
        string.IsNullOrWhiteSpace(row.Risk) && string.IsNullOrWhiteSpace(row.Mitigation) && string.IsNullOrWhiteSpace(row.Owner);

    private static List<RiskItem> CompleteRisks(IEnumerable<RiskItem> rows) =>
        rows.Where(r => !IsBlank(r)).Select(r => new RiskItem(r.Risk.Trim(), r.Mitigation.Trim(), r.Owner.Trim())).ToList();

    private static string? Trimmed(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static string Format(DateOnly? date) => date is { } d ? UkTime.Format(d) : "none";
}
