using System.Globalization;
using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Data;
using Brokerage.Core.Documents;
using Brokerage.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Brokerage.Core.Reports;

public sealed record DigestRow(
    int RequestId,
    string Reference,
    Urgency Urgency,
    RequestStatus Status,
    int DaysOpen,
    int ReferralsSent,
    int Offers,
    IReadOnlyDictionary<DeclineReason, int> DeclinesByReason,
    int NoResponses,
    DateTime? NextDeadline,
    string? NextDeadlineWhat);

public sealed record PlanningForumDigest(DateTime GeneratedAt, IReadOnlyList<DigestRow> Rows);

/// <summary>The weekly Placements Planning Forum digest: every open search and where it stands.</summary>
public sealed class PlanningForumDigestService(BrokerageDbContext db, TimeProvider time, IOptions<CouncilOptions> council)
{
    public async Task<PlanningForumDigest> BuildAsync(CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var requests = await db.PlacementRequests.AsNoTracking()
            .Where(r => r.Status == RequestStatus.Open || r.Status == RequestStatus.Searching)
            .Include(r => r.Referrals).ThenInclude(r => r.Offer)
            .AsSplitQuery()
            .ToListAsync(cancellationToken);
        var rows = requests
            .Select(r =>
            {
                var deadlines = r.Referrals.Where(x => x.Status == ReferralStatus.Sent).Select(x => (At: x.RespondBy, What: "respond-by"))
                    .Concat(r.EscalateAt is { } at && r.EscalatedAt is null ? [(At: at, What: "escalate-at")] : [])
                    .Concat(r.Referrals.Where(x => x.Offer is { Status: OfferStatus.HeldInPrinciple }).Select(x => (At: x.Offer!.HeldUntil!.Value, What: "hold ends")))
                    .OrderBy(d => d.At)
                    .ToList();
                return new DigestRow(
                    r.Id,
                    r.Reference,
                    r.Urgency,
                    r.Status,
                    (int)Math.Floor((now - r.CreatedAt).TotalDays),
                    r.Referrals.Count,
                    r.Referrals.Count(x => x.Offer is not null),
                    r.Referrals.Where(x => x.DeclineReason is not null).GroupBy(x => x.DeclineReason!.Value).ToDictionary(g => g.Key, g => g.Count()),
                    r.Referrals.Count(x => x.Status == ReferralStatus.NoResponse),
                    deadlines.Count > 0 ? deadlines[0].At : null,
                    deadlines.Count > 0 ? deadlines[0].What : null);
            })
            .OrderBy(r => r.Urgency).ThenByDescending(r => r.DaysOpen)
            .ToList();
        return new PlanningForumDigest(now, rows);
    }

    public static string Declines(DigestRow row) =>
        row.DeclinesByReason.Count == 0 ? "None" : string.Join("; ", row.DeclinesByReason.Select(d => $"{Display.DeclineReason(d.Key)} {d.Value}"));

    public byte[] RenderPdf(PlanningForumDigest digest)
    {
        using var stream = new MemoryStream();
        using (var pdf = new PdfComposer(stream, new PdfDocumentInfo("Placements Planning Forum digest", "Week of " + UkTime.Format(DateOnly.FromDateTime(UkTime.ToLocal(digest.GeneratedAt))), "OFFICIAL-SENSITIVE", new DateTimeOffset(digest.GeneratedAt, TimeSpan.Zero))))
        {
            pdf.Title("Placements Planning Forum digest");
            pdf.Paragraph($"{council.Value.Name}'s {council.Value.TeamName}.");
            pdf.Paragraph($"Every open search at {UkTime.Format(digest.GeneratedAt)}: {digest.Rows.Count} in all, most urgent first.");
            pdf.Table(
                ["Request", "Urgency", "Days open", "Referrals", "Offers", "Declines by reason", "No response", "Next deadline"],
                digest.Rows.Select(r => (IReadOnlyList<string?>)
                [
                    r.Reference, Display.Urgency(r.Urgency), r.DaysOpen.ToString(CultureInfo.InvariantCulture), r.ReferralsSent.ToString(CultureInfo.InvariantCulture),
                    r.Offers.ToString(CultureInfo.InvariantCulture), Declines(r), r.NoResponses.ToString(CultureInfo.InvariantCulture),
                    r.NextDeadline is { } at ? $"{r.NextDeadlineWhat} {UkTime.Format(at)}" : "None",
                ]));
        }

        return stream.ToArray();
    }
}
