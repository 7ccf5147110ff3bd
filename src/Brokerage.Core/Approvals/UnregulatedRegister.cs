using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Approvals;

public sealed record RegisterRow(
    int ApprovalId,
    string Reference,
    string RequestReference,
    string ChildReference,
    int Age,
    string Setting,
    string Provider,
    Registration Registration,
    DateOnly StartDate,
    int DaysInPlacement,
    DateOnly? RegistrationAppliedOn,
    DateOnly? RegistrationExpectedBy,
    DateOnly? NextReviewDate,
    bool ReviewOverdue,
    DateOnly? RegulatedOptionSince = null,
    int? DaysSinceRegulatedOption = null)
{
    public bool Under16 => Age < 16;
}

public sealed record Register(DateOnly AsAt, IReadOnlyList<RegisterRow> Rows)
{
    public int Under16 => Rows.Count(r => r.Under16);
    public int Aged16Or17 => Rows.Count - Under16;
    public int ReviewsOverdue => Rows.Count(r => r.ReviewOverdue);
}

/// <summary>Every child living in unregulated or unregistered provision on an approval, as at today.</summary>
public sealed class UnregulatedRegisterService(BrokerageDbContext db, TimeProvider time)
{
    public async Task<Register> AsAtTodayAsync(CancellationToken cancellationToken = default)
    {
        var today = UkTime.Today(time);
        var now = time.GetUtcNow().UtcDateTime;
        var live = await db.Placements.AsNoTracking()
            .Where(p => p.ApprovalRequestId != null
                && (p.ApprovalRequest!.Status == ApprovalStatus.Approved || p.ApprovalRequest.Status == ApprovalStatus.ApprovedWithConditions))
            .Select(p => new
            {
                PlacementId = p.Id,
                p.ApprovalRequest!.Id,
                p.ApprovalRequest.Reference,
                RequestReference = p.PlacementRequest.Reference,
                p.PlacementRequest.ChildReference,
                p.PlacementRequest.DateOfBirth,
                Setting = p.Setting.Name,
                Provider = p.Setting.Provider.Name,
                p.ApprovalRequest.Registration,
                p.StartDate,
                p.ApprovalRequest.RegistrationAppliedOn,
                p.ApprovalRequest.RegistrationExpectedBy,
                p.ApprovalRequest.NextReviewDate,
                p.ApprovalRequest.ReviewOverdueAt,
            })
            .ToListAsync(cancellationToken);
        var placementIds = live.Select(p => p.PlacementId).ToList();
        // The day the step-out watch first found a regulated setting that fits the child better.
        var firstOption = (await db.StepOutAlerts.AsNoTracking()
                .Where(a => placementIds.Contains(a.PlacementId))
                .GroupBy(a => a.PlacementId)
                .Select(g => new { PlacementId = g.Key, FoundAt = g.Min(a => a.FoundAt) })
                .ToListAsync(cancellationToken))
            .ToDictionary(a => a.PlacementId, a => DateOnly.FromDateTime(UkTime.ToLocal(a.FoundAt)));
        var rows = live
            .Select(p => new RegisterRow(
                p.Id, p.Reference, p.RequestReference, p.ChildReference, AgeOn(p.DateOfBirth, today), p.Setting, p.Provider, p.Registration,
                p.StartDate, Math.Max(0, today.DayNumber - p.StartDate.DayNumber), p.RegistrationAppliedOn, p.RegistrationExpectedBy, p.NextReviewDate,
                p.ReviewOverdueAt <= now,
                firstOption.TryGetValue(p.PlacementId, out var since) ? since : null,
                firstOption.TryGetValue(p.PlacementId, out var found) ? Math.Max(0, today.DayNumber - found.DayNumber) : null))
            .OrderBy(r => r.NextReviewDate).ThenBy(r => r.Reference)
            .ToList();
        return new Register(today, rows);
    }

    private static int AgeOn(DateOnly dateOfBirth, DateOnly date)
    {
        var age = date.Year - dateOfBirth.Year;
        return dateOfBirth.AddYears(age) > date ? age - 1 : age;
    }
}
