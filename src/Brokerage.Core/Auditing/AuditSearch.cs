using Brokerage.Core.Common;
using System.Globalization;
using System.Text;
using Brokerage.Core.Data;
using Brokerage.Core.Domain;
using Microsoft.EntityFrameworkCore;

namespace Brokerage.Core.Auditing;

public sealed record AuditQuery(string? Text, DateOnly? From, DateOnly? To, string? RequestReference);

public sealed record AuditRow(long Id, DateTime OccurredAt, string Actor, string Action, string Summary, string? RequestReference, string? Before = null, string? After = null);

/// <summary>Searches and exports the audit trail for admins. Read-only by design.</summary>
public sealed class AuditSearchService(BrokerageDbContext db)
{
    public const int PageSize = 50;

    public async Task<(IReadOnlyList<AuditRow> Rows, int Total)> SearchAsync(AuditQuery query, int page, CancellationToken cancellationToken = default)
    {
        var filtered = Filter(query);
        var total = await filtered.CountAsync(cancellationToken);
        var rows = await Project(filtered.OrderByDescending(a => a.Id).Skip(Math.Max(0, page - 1) * PageSize).Take(PageSize)).ToListAsync(cancellationToken);
        return (rows, total);
    }

    public async Task<string> ExportCsvAsync(AuditQuery query, CancellationToken cancellationToken = default)
    {
        var csv = new StringBuilder("id,occurred_at_utc,actor,action,summary,request,before,after\n");
        await foreach (var row in Project(Filter(query).OrderBy(a => a.Id)).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            csv.Append(CultureInfo.InvariantCulture, $"{row.Id},{row.OccurredAt:yyyy-MM-ddTHH:mm:ssZ},{CsvField.Of(row.Actor)},{CsvField.Of(row.Action)},{CsvField.Of(row.Summary)},{CsvField.Of(row.RequestReference)},{CsvField.Of(row.Before)},{CsvField.Of(row.After)}\n");
        }

        return csv.ToString();
    }

    private IQueryable<AuditEvent> Filter(AuditQuery query)
    {
        var events = db.AuditEvents.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Text))
        {
            var text = query.Text.Trim();
            events = events.Where(a => a.Actor.Contains(text) || a.Action.Contains(text) || a.Summary.Contains(text));
        }

        if (query.From is { } from)
        {
            var fromUtc = UkTime.ToUtc(from.ToDateTime(TimeOnly.MinValue));
            events = events.Where(a => a.OccurredAt >= fromUtc);
        }

        if (query.To is { } to)
        {
            var toUtc = UkTime.ToUtc(to.AddDays(1).ToDateTime(TimeOnly.MinValue));
            events = events.Where(a => a.OccurredAt < toUtc);
        }

        if (!string.IsNullOrWhiteSpace(query.RequestReference))
        {
            var reference = query.RequestReference.Trim().ToUpperInvariant();
            events = events.Where(a => db.PlacementRequests.Any(r => r.Id == a.PlacementRequestId && r.Reference == reference));
        }

        return events;
    }

    private IQueryable<AuditRow> Project(IQueryable<AuditEvent> events) =>
        events.Select(a => new AuditRow(a.Id, a.OccurredAt, a.Actor, a.Action, a.Summary,
            db.PlacementRequests.Where(r => r.Id == a.PlacementRequestId).Select(r => r.Reference).FirstOrDefault(), a.Before, a.After));
}
