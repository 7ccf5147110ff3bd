using Brokerage.Core;
using Brokerage.Core.Approvals;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Identity;
using Brokerage.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Web.Pages.Approvals;

/// <summary>One approval: the risk assessment, the search, the decision, reviews and every record issued.</summary>
public class DetailsModel(ApprovalService approvals, BrokerageDbContext db, BrokerageLinks links, TimeProvider time) : PageModel, IPageWithState, IPageWithFieldNames
{
    /// <summary>Set while the review form is handled: its conditions box has a name of its own.</summary>
    private bool reviewing;

    [FromRoute] public int Id { get; set; }

    public ApprovalRequest Approval { get; private set; } = null!;
    public IReadOnlyList<AuditEvent> Timeline { get; private set; } = [];
    public bool IsLive { get; private set; }
    public bool IsAssistantDirector => User.IsInRole(Roles.AssistantDirector);
    public bool RaisedByMe => string.Equals(Approval.RaisedBy, User.Actor(), StringComparison.OrdinalIgnoreCase);
    public DateOnly Today => UkTime.Today(time);

    [BindProperty] public ApprovalDecision? Decision { get; set; }
    [BindProperty] public string? Reasons { get; set; }
    [BindProperty] public string? Conditions { get; set; }

    /// <summary>The approval version the posted form was built from; the form renders the loaded one.</summary>
    [BindProperty] public int Version { get; set; }

    [BindProperty] public ReviewOutcome? Outcome { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public string? ReviewConditions { get; set; }
    [BindProperty] public DateParts RegistrationAppliedOn { get; set; } = new();
    [BindProperty] public DateParts RegistrationExpectedBy { get; set; } = new();
    [BindProperty] public DateParts NextReviewDate { get; set; } = new();

    public void OnGet()
    {
        // The review starts from the registration dates as they stand.
        if (Approval.RegistrationAppliedOn is { } applied)
        {
            RegistrationAppliedOn = DateParts.From(applied);
        }

        if (Approval.RegistrationExpectedBy is { } expected)
        {
            RegistrationExpectedBy = DateParts.From(expected);
        }
    }

    public async Task<IActionResult> OnPostDecideAsync(CancellationToken cancellationToken)
    {
        if (!IsAssistantDirector)
        {
            return Forbid();
        }

        // A value the radios could not have sent is simply no answer: the service says what is missing.
        ModelState.Clear();
        var approval = await approvals.DecideAsync(new DecideApprovalOptions(Id, Version, Decision, Reasons, Conditions, User.Actor()), cancellationToken);
        this.Success($"{approval.Reference}: {Display.ApprovalStatus(approval.Status).ToLowerInvariant()}. Decision record {approval.Reference}-v1 issued and the broker told.");
        return Redirect(links.Approval(Id));
    }

    public async Task<IActionResult> OnPostReviewAsync(CancellationToken cancellationToken)
    {
        if (!IsAssistantDirector)
        {
            return Forbid();
        }

        ModelState.Clear();
        reviewing = true;
        var appliedOn = ModelState.ReadDate(RegistrationAppliedOn, nameof(RegistrationAppliedOn), "the date the provider applied to Ofsted", required: false);
        var expectedBy = ModelState.ReadDate(RegistrationExpectedBy, nameof(RegistrationExpectedBy), "the date registration is expected", required: false);
        var nextReview = ModelState.ReadDate(NextReviewDate, nameof(NextReviewDate), "the date of the next review", required: false);
        if (!ModelState.IsValid)
        {
            return Page();
        }

        await approvals.ReviewAsync(new ReviewApprovalOptions
        {
            ApprovalId = Id,
            Outcome = Outcome,
            Notes = Notes,
            Conditions = ReviewConditions,
            RegistrationAppliedOn = appliedOn,
            RegistrationExpectedBy = expectedBy,
            NextReviewDate = nextReview,
            ExpectedVersion = Version,
            Actor = User.Actor(),
        }, cancellationToken);
        this.Success("Review recorded and a new version of the decision record issued.");
        return Redirect(links.Approval(Id));
    }

    /// <summary>An issued decision record, exactly as it was issued.</summary>
    public IActionResult OnGetRecord(int version)
    {
        var record = Approval.Records.FirstOrDefault(r => r.Version == version) ?? throw new NotFoundException($"Approval {Id} has no decision record version {version}");
        return File(record.Pdf, "application/pdf", $"decision-record-{record.DocumentReference}.pdf");
    }

    public string FieldKey(string domainField) => reviewing && domainField == nameof(ReviewApprovalOptions.Conditions) ? nameof(ReviewConditions) : domainField;

    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        Approval = await approvals.FindAsync(Id, cancellationToken) ?? throw new NotFoundException($"Approval {Id} not found");
        IsLive = Approval.IsApproved && await db.Placements.AnyAsync(p => p.ApprovalRequestId == Id && (p.Status == PlacementStatus.Confirmed || p.Status == PlacementStatus.Started), cancellationToken);
        Timeline = await db.AuditEvents.AsNoTracking().Where(a => a.PlacementRequestId == Approval.PlacementRequestId).OrderByDescending(a => a.Id).ToListAsync(cancellationToken);
    }
}
