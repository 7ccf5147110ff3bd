using System.Globalization;
using Brokerage.Core.Auditing;
using Brokerage.Core.Common;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Brokerage.Core.Rules;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Requests;

public sealed class PlacementRequestService(BrokerageDbContext db, RuleSet rules, TimeProvider time)
{
    public Urgency DeriveUrgency(DateTime noticeReceivedAt, DateTime requiredFrom) =>
        rules.Urgency.Classify(UrgencyPolicy.NoticeDays(noticeReceivedAt, requiredFrom));

    public async Task<PlacementRequest> CreateAsync(CreatePlacementRequestOptions options, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        PlacementRequestValidator.Validate(options, now, rules.Gazetteer).ThrowIfAny();

        var locality = rules.Gazetteer.Find(options.HomeLocality)!;
        var needs = options.IsSeparatedChild ? options.Needs | Needs.SeparatedChild : options.Needs;

        // Write transactions run one at a time, so the next reference read inside this one cannot
        // be taken by a request created at the same moment; the audit event shares it too.
        await using var transaction = await db.BeginOrJoinTransactionAsync(cancellationToken);
        var request = new PlacementRequest
        {
            Reference = await NextReferenceAsync(cancellationToken),
            ChildReference = options.ChildReference.Trim().ToUpperInvariant(),
            DateOfBirth = options.DateOfBirth,
            Gender = options.Gender,
            Ethnicity = options.Ethnicity,
            LegalStatus = options.LegalStatus,
            IsSeparatedChild = options.IsSeparatedChild,
            Needs = needs,
            HomeLocality = locality.Name,
            HomePostcode = options.HomePostcode?.Trim().ToUpperInvariant(),
            HomeLatitude = locality.Latitude,
            HomeLongitude = locality.Longitude,
            PlacementType = options.PlacementType,
            AlsoSuitableTypes = options.AlsoSuitableTypes & ~options.PlacementType.AsSet(),
            NoticeReceivedAt = options.NoticeReceivedAt,
            RequiredFrom = options.RequiredFrom,
            Urgency = DeriveUrgency(options.NoticeReceivedAt, options.RequiredFrom),
            WeeklyBudget = options.WeeklyBudget,
            MaxDistanceMiles = options.MaxDistanceMiles,
            Summary = string.IsNullOrWhiteSpace(options.Summary) ? null : options.Summary.Trim(),
            Status = RequestStatus.Open,
            CreatedAt = now,
            CreatedBy = options.CreatedBy,
            Team = Teams.All.Contains(options.Team ?? "") ? options.Team! : Teams.Unassigned,
        };
        db.PlacementRequests.Add(request);
        await db.SaveChangesAsync(cancellationToken);

        db.Audit(now, options.CreatedBy, "RequestCreated", $"Request {request.Reference} created: {Display.Urgency(request.Urgency)}, {Display.PlacementType(request.PlacementType)} needed from {UkTime.Format(request.RequiredFrom)}", request.Id, nameof(PlacementRequest), request.Id);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return request;
    }

    public Task<PlacementRequest?> FindAsync(int id, CancellationToken cancellationToken = default) =>
        db.PlacementRequests.AsNoTracking().FirstOrDefaultAsync(r => r.Id == id, cancellationToken);

    private async Task<string> NextReferenceAsync(CancellationToken cancellationToken)
    {
        var last = await db.PlacementRequests.OrderByDescending(r => r.Id).Select(r => r.Reference).FirstOrDefaultAsync(cancellationToken);
        var number = last is not null && int.TryParse(last.AsSpan(3), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n + 1 : 1001;
        return "PR-" + number.ToString(CultureInfo.InvariantCulture);
    }
}
