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
public class DetailsModel(ApprovalService approvals, BrokerageDbContext db, TimeProvider time) : PageModel
{
    public ApprovalRequest Approval { get; private set; } = null!;
    public IReadOnlyList<AuditEvent> Timeline { get; private set; } = [];
    public bool IsLive { get; private set; }
    public bool IsAssistantDirector => User.IsInRole(Roles.AssistantDirector);
    public bool RaisedByMe => string.Equals(Approval.RaisedBy, User.Actor(), StringComparison.OrdinalIgnoreCase);
    public DateOnly Today => UkTime.Today(time);

    [BindProperty] public ApprovalDecision? Decision { get; set; }
    [BindProperty] public string? Reasons { get; set; }
    [BindProperty] public string? Conditions { get; set; }
    [BindProperty] public int Version { get; set; }

    [BindProperty] public ReviewOutcome? Outcome { get; set; }
    [BindProperty] public string? Notes { get; set; }
    [BindProperty] public string? ReviewConditions { get; set; }
    [BindProperty] public DateParts RegistrationAppliedOn { get; set; } = new();
    [BindProperty] public DateParts RegistrationExpectedBy { get; set; } = new();
    [BindProperty] public DateParts NextReviewDate { get; set; } = new();

    public async Task<IActionResult> OnGetAsync(int id, CancellationToken cancellationToken)
    {
        if (!await LoadAsync(id, cancellationToken))
        {
            return NotFound();
        }

        PrefillReview();
        return Page();
    }

    public async Task<IActionResult> OnPostDecideAsync(int id, CancellationToken cancellationToken)
    {
        if (!IsAssistantDirector)
        {
            return Forbid();
        }

        ModelState.Clear();
        try
        {
            var approval = await approvals.DecideAsync(new DecideApprovalOptions(id, Version, Decision, Reasons, Conditions, User.Actor()), cancellationToken);
            TempData["Success"] = $"{approval.Reference}: {Display.ApprovalStatus(approval.Status).ToLowerInvariant()}. Decision record {approval.Reference}-v1 issued and the broker told.";
            return Redirect($"/approvals/{id}");
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ForbiddenException ex)
        {
            Response.StatusCode = StatusCodes.Status403Forbidden;
            ModelState.AddModelError("", ex.Message);
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

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    public async Task<IActionResult> OnPostReviewAsync(int id, CancellationToken cancellationToken)
    {
        if (!IsAssistantDirector)
        {
            return Forbid();
        }

        ModelState.Clear();
        var appliedOn = ReadDate(RegistrationAppliedOn, nameof(RegistrationAppliedOn), "date the provider applied to Ofsted");
        var expectedBy = ReadDate(RegistrationExpectedBy, nameof(RegistrationExpectedBy), "date registration is expected");
        var nextReview = ReadDate(NextReviewDate, nameof(NextReviewDate), "next review date");
        var options = new ReviewApprovalOptions
        {
            ApprovalId = id,
            Outcome = Outcome,
            Notes = Notes,
            Conditions = ReviewConditions,
            RegistrationAppliedOn = appliedOn,
            RegistrationExpectedBy = expectedBy,
            NextReviewDate = nextReview,
            ExpectedVersion = Version,
            Actor = User.Actor(),
        };
        try
        {
            if (ModelState.IsValid)
            {
                await approvals.ReviewAsync(options, cancellationToken);
                TempData["Success"] = "Review recorded and a new version of the decision record issued.";
                return Redirect($"/approvals/{id}");
            }
        }
        catch (NotFoundException)
        {
            return NotFound();
        }
        catch (ValidationFailedException ex)
        {
            ModelState.AddFieldErrors(ex.Errors, new Dictionary<string, string> { ["Conditions"] = nameof(ReviewConditions) });
        }
        catch (ConflictException ex)
        {
            Response.StatusCode = StatusCodes.Status409Conflict;
            ModelState.AddModelError("", ex.Message);
        }

        return await LoadAsync(id, cancellationToken) ? Page() : NotFound();
    }

    /// <summary>An issued decision record, exactly as it was issued.</summary>
    public async Task<IActionResult> OnGetRecordAsync(int id, int version, CancellationToken cancellationToken)
    {
        var record = await db.DecisionRecords.AsNoTracking().FirstOrDefaultAsync(r => r.ApprovalRequestId == id && r.Version == version, cancellationToken);
        return record is null ? NotFound() : File(record.Pdf, "application/pdf", $"decision-record-{record.DocumentReference}.pdf");
    }

    private void PrefillReview()
    {
        if (Approval.RegistrationAppliedOn is { } applied)
        {
            RegistrationAppliedOn = DateParts.From(applied);
        }

        if (Approval.RegistrationExpectedBy is { } expected)
        {
            RegistrationExpectedBy = DateParts.From(expected);
        }
    }

    private DateOnly? ReadDate(DateParts parts, string key, string label)
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

    private async Task<bool> LoadAsync(int id, CancellationToken cancellationToken)
    {
        var approval = await approvals.FindAsync(id, cancellationToken);
        if (approval is null)
        {
            return false;
        }

        Approval = approval;
        Version = approval.Version;
        IsLive = approval.IsApproved && await db.Placements.AnyAsync(p => p.ApprovalRequestId == id, cancellationToken);
        Timeline = await db.AuditEvents.AsNoTracking().Where(a => a.PlacementRequestId == approval.PlacementRequestId).OrderByDescending(a => a.Id).ToListAsync(cancellationToken);
        return true;
    }
}
