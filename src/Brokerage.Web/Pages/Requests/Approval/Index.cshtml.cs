using Brokerage.Core.Approvals;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Placements;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Requests.Approval;

/// <summary>The broker's risk assessment asking an assistant director to approve unregulated provision.</summary>
public class IndexModel(BrokerageDbContext db, ApprovalService approvals) : PageModel
{
    public const int StartingRiskRows = 3;

    public PlacementRequest PlacementRequest { get; private set; } = null!;
    public Referral Referral { get; private set; } = null!;
    public bool Under16 { get; private set; }
    public IReadOnlyList<SearchEvidenceItem> Evidence { get; private set; } = [];
    public IReadOnlyList<FieldError> EvidenceProblems { get; private set; } = [];
    public string Grounds { get; private set; } = "";

    [BindProperty] public string? HowNeedsAreMet { get; set; }
    [BindProperty] public List<QualityCheck> QualityChecks { get; set; } = [];
    [BindProperty] public string? QualityAssuranceNotes { get; set; }
    [BindProperty] public List<RiskRow> Risks { get; set; } = [];
    [BindProperty] public VisitingFrequency? VisitingFrequency { get; set; }
    [BindProperty] public DateParts RegistrationAppliedOn { get; set; } = new();
    [BindProperty] public DateParts RegistrationExpectedBy { get; set; } = new();
    [BindProperty] public DateParts ProposedReviewDate { get; set; } = new();
    [BindProperty] public string? NoRegulatedOptionReason { get; set; }

    public async Task<IActionResult> OnGetAsync(int id, int offerId, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, offerId, cancellationToken))
        {
            return NotFound();
        }

        Risks = Enumerable.Range(0, StartingRiskRows).Select(_ => new RiskRow()).ToList();
        NoRegulatedOptionReason = Referral.ExceptionalReason;
        return Page();
    }

    /// <summary>"Add another risk" posts the form back with one more empty row; nothing is saved.</summary>
    public async Task<IActionResult> OnPostAddRiskAsync(int id, int offerId, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        Risks.Add(new RiskRow());
        return await LoadAsync(id, offerId, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostAsync(int id, int offerId, CancellationToken cancellationToken)
    {
        ModelState.Clear();
        var appliedOn = OptionalDate(RegistrationAppliedOn, nameof(RegistrationAppliedOn), "date the provider applied to Ofsted");
        var expectedBy = OptionalDate(RegistrationExpectedBy, nameof(RegistrationExpectedBy), "date registration is expected");
        var reviewDate = OptionalDate(ProposedReviewDate, nameof(ProposedReviewDate), "proposed review date");
        try
        {
            if (!ModelState.IsValid)
            {
                // Nothing is saved, but every other problem is listed at once.
                if (!await LoadAsync(id, offerId, cancellationToken))
                {
                    return NotFound();
                }

                ModelState.AddFieldErrors(approvals.CheckRiskAssessment(Options(id, offerId, appliedOn, expectedBy, reviewDate), Under16, ApprovalService.PlacementStart(PlacementRequest, Referral)).Where(e => !ModelState.ContainsKey(e.Field)));
                return Page();
            }

            var approval = await approvals.RaiseAsync(Options(id, offerId, appliedOn, expectedBy, reviewDate), cancellationToken);
            TempData["Success"] = $"Approval {approval.Reference} sent to the assistant directors. The provider has been asked to hold the place while they decide.";
            return Redirect($"/requests/{id}/offers");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ValidationFailedException ex)
        {
            ModelState.AddFieldErrors(ex.Errors);
        }
        catch (ConflictException ex)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            ModelState.AddModelError("", ex.Message);
        }

        return await LoadAsync(id, offerId, cancellationToken) ? Page() : NotFound();
    }

    private RaiseApprovalOptions Options(int id, int offerId, DateOnly? appliedOn, DateOnly? expectedBy, DateOnly? reviewDate) => new()
    {
        RequestId = id,
        OfferId = offerId,
        HowNeedsAreMet = HowNeedsAreMet,
        QualityChecks = QualityChecks.Aggregate(QualityCheck.None, (all, c) => all | c),
        QualityAssuranceNotes = QualityAssuranceNotes,
        Risks = Risks.Select(r => new RiskItem(r.Risk ?? "", r.Mitigation ?? "", r.Owner ?? "")).ToList(),
        VisitingFrequency = VisitingFrequency,
        RegistrationAppliedOn = appliedOn,
        RegistrationExpectedBy = expectedBy,
        ProposedReviewDate = reviewDate,
        NoRegulatedOptionReason = NoRegulatedOptionReason,
        Actor = User.Actor(),
    };

    private DateOnly? OptionalDate(DateParts parts, string key, string label)
    {
        if (parts.IsEmpty)
        {
            return null;
        }

        var date = parts.ToDate();
        if (date is null)
        {
            ModelState.AddModelError(key, $"The {label} must be a real date");
        }

        return date;
    }

    private async Task<bool> LoadAsync(int id, int offerId, CancellationToken cancellationToken)
    {
        var request = await db.PlacementRequests.AsNoTracking()
            .Include(r => r.Referrals).ThenInclude(r => r.Offer)
            .Include(r => r.Referrals).ThenInclude(r => r.Setting).ThenInclude(s => s.Provider)
            .Include(r => r.Referrals).ThenInclude(r => r.MatchCandidate)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == id, cancellationToken);
        var referral = request?.Referrals.FirstOrDefault(r => r.Offer?.Id == offerId);
        if (request is null || referral is null)
        {
            return false;
        }

        PlacementRequest = request;
        Referral = referral;
        Under16 = SearchEvidence.IsExceptionalRoute(request, referral);
        Evidence = SearchEvidence.Of(request);
        EvidenceProblems = Under16 ? SearchEvidence.Check(request, referral) : [];
        Grounds = PlacementService.ApprovalGrounds(referral);
        if (Risks.Count == 0)
        {
            Risks.Add(new RiskRow());
        }

        return true;
    }

    public sealed class RiskRow
    {
        public string? Risk { get; set; }
        public string? Mitigation { get; set; }
        public string? Owner { get; set; }
    }
}
