using Brokerage.Core;
using Brokerage.Core.Approvals;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Requests.Approval;

/// <summary>The broker's risk assessment asking an assistant director to approve unregulated provision.</summary>
public class IndexModel(BrokerageDbContext db, ApprovalService approvals, RiskAssessmentValidator riskAssessment, BrokerageLinks links, TimeProvider time) : PageModel, IPageWithState
{
    public const int StartingRiskRows = 3;

    [FromRoute] public int Id { get; set; }
    [FromRoute] public int OfferId { get; set; }

    public PlacementRequest PlacementRequest { get; private set; } = null!;
    public Referral Referral { get; private set; } = null!;
    public bool Under16 { get; private set; }
    public IReadOnlyList<SearchEvidenceItem> Evidence { get; private set; } = [];
    public IReadOnlyList<FieldError> EvidenceProblems { get; private set; } = [];
    public string Grounds { get; private set; } = "";

    /// <summary>The setting's registration when the child would be placed, which may differ from the directory's today.</summary>
    public Registration Registration { get; private set; }

    [BindProperty] public string? HowNeedsAreMet { get; set; }
    [BindProperty] public List<QualityCheck> QualityChecks { get; set; } = [];
    [BindProperty] public string? QualityAssuranceNotes { get; set; }
    [BindProperty] public List<RiskRow> Risks { get; set; } = [];
    [BindProperty] public VisitingFrequency? VisitingFrequency { get; set; }
    [BindProperty] public DateParts RegistrationAppliedOn { get; set; } = new();
    [BindProperty] public DateParts RegistrationExpectedBy { get; set; } = new();
    [BindProperty] public DateParts ProposedReviewDate { get; set; } = new();
    [BindProperty] public string? NoRegulatedOptionReason { get; set; }

    /// <summary>The risk rows to show: at least one, whatever was posted.</summary>
    public IReadOnlyList<RiskRow> RiskRows => Risks.Count == 0 ? [new RiskRow()] : Risks;

    public void OnGet()
    {
        Risks = Enumerable.Range(0, StartingRiskRows).Select(_ => new RiskRow()).ToList();
        NoRegulatedOptionReason = Referral.ExceptionalReason;
    }

    /// <summary>"Add another risk" posts the form back with one more empty row; nothing is saved.</summary>
    public IActionResult OnPostAddRisk()
    {
        ModelState.Clear();
        Risks = [.. Risks, new RiskRow()];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken cancellationToken)
    {
        // A value the checkboxes or radios could not have sent is simply no answer: the rules say what is missing.
        ModelState.Clear();
        var appliedOn = ModelState.ReadDate(RegistrationAppliedOn, nameof(RegistrationAppliedOn), "the date the provider applied to Ofsted", required: false);
        var expectedBy = ModelState.ReadDate(RegistrationExpectedBy, nameof(RegistrationExpectedBy), "the date registration is expected", required: false);
        var reviewDate = ModelState.ReadDate(ProposedReviewDate, nameof(ProposedReviewDate), "the proposed review date");
        var options = new RaiseApprovalOptions
        {
            RequestId = Id,
            OfferId = OfferId,
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
        if (!ModelState.IsValid)
        {
            // Nothing is saved, but every other problem is listed at once.
            ModelState.AddFieldErrors(riskAssessment.Check(options, PlacementRequest, Referral).Where(e => !ModelState.ContainsKey(e.Field)));
            return Page();
        }

        var approval = await approvals.RaiseAsync(options, cancellationToken);
        this.Success($"Approval {approval.Reference} sent to the assistant directors. The provider has been asked to hold the place while they decide.");
        return Redirect(links.Offers(Id));
    }

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        PlacementRequest = await db.PlacementRequests.AsNoTracking()
            .Include(r => r.Referrals).ThenInclude(r => r.Offer)
            .Include(r => r.Referrals).ThenInclude(r => r.Setting).ThenInclude(s => s.Provider)
            .Include(r => r.Referrals).ThenInclude(r => r.MatchCandidate)
            .AsSplitQuery()
            .FirstOrDefaultAsync(r => r.Id == Id, cancellationToken)
            ?? throw new NotFoundException($"Request {Id} not found");
        Referral = PlacementRequest.Referrals.FirstOrDefault(r => r.Offer?.Id == OfferId)
            ?? throw new NotFoundException($"Offer {OfferId} not found on request {Id}");
        var today = UkTime.Today(time);
        Under16 = Referral.ApprovalRoute(PlacementRequest, today) == ApprovalRoute.Under16Exception;
        Evidence = SearchEvidence.Of(PlacementRequest, today);
        EvidenceProblems = Under16 ? SearchEvidence.Check(PlacementRequest, today, Referral) : [];
        Grounds = Referral.ApprovalGrounds(PlacementRequest, today);
        Registration = Referral.RegistrationAtStart(PlacementRequest, today);
    }

    public sealed class RiskRow
    {
        public string? Risk { get; set; }
        public string? Mitigation { get; set; }
        public string? Owner { get; set; }
    }
}
