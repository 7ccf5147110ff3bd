using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Documents;
using Brokerage.Core.Domain;

namespace Brokerage.Core.Placements;

/// <summary>The placement record PDF: what was agreed, why this home was chosen, and who decided when.</summary>
public static class PlacementRecordDocument
{
    /// <param name="council">The council whose team made the placement, named at the top.</param>
    public static byte[] Render(Placement placement, DateTime generatedAtUtc, CouncilOptions council)
    {
        var request = placement.PlacementRequest;
        var setting = placement.Setting;
        using var stream = new MemoryStream();
        using (var pdf = new PdfComposer(stream, new PdfDocumentInfo("Placement record " + request.Reference, request.Reference, "OFFICIAL-SENSITIVE", new DateTimeOffset(generatedAtUtc, TimeSpan.Zero))))
        {
            pdf.Title("Placement record");
            pdf.Paragraph($"{council.Name} {council.TeamName}. Generated {UkTime.Format(generatedAtUtc)}.");

            pdf.Heading("Placement");
            pdf.KeyValueTable(
            [
                ("Request reference", request.Reference),
                ("Child reference", request.ChildReference),
                ("Status", "Confirmed"),
                ("Urgency", Display.Urgency(request.Urgency)),
                ("Placement type", Display.PlacementType(request.PlacementType)),
                ("Start date", UkTime.Format(placement.StartDate)),
                ("Weekly budget", Display.Money(request.WeeklyBudget)),
            ]);

            pdf.Heading("Costs and funding");
            pdf.KeyValueTable(
            [
                ("Weekly cost", Display.Money(placement.WeeklyCost)),
                ("Social care contribution", Display.Money(placement.SocialCareContribution)),
                ("Health contribution", Display.Money(placement.HealthContribution)),
                ("Education contribution", Display.Money(placement.EducationContribution)),
            ]);

            pdf.Heading("Setting and provider");
            pdf.KeyValueTable(
            [
                ("Setting", setting.Name),
                ("Provider", setting.Provider.Name),
                ("Contract arrangement", Display.Contract(placement.Contract)),
                ("Framework lot", placement.FrameworkLot),
                ("Registration", Display.Registration(placement.Registration)),
                ("Ofsted URN", setting.OfstedUrn),
                ("Ofsted rating", Display.Rating(setting.Rating)),
                ("Location", $"{setting.Locality} ({(setting.InCounty ? "in county" : "out of county")})"),
            ]);

            pdf.Heading("Child's needs");
            pdf.Paragraph(Display.NeedsList(request.Needs));

            pdf.Heading("Why this placement was chosen");
            pdf.Paragraph(placement.MatchRationale);
            if (placement.ApprovalReference is not null)
            {
                var approval = placement.ApprovalRequest;
                pdf.Heading("Assistant director approval");
                if (approval?.Route == ApprovalRoute.Under16Exception)
                {
                    pdf.Paragraph(Approvals.DecisionRecordDocument.BreachStatement);
                }

                pdf.KeyValueTable(
                [
                    ("Approval reference", placement.ApprovalReference),
                    ("Why approval was needed", placement.ApprovalReason),
                    ("Decision", approval is null ? null : Display.ApprovalStatus(approval.Status)),
                    ("Conditions", approval is null ? null : approval.Conditions ?? "None"),
                    ("Decided by", approval?.DecidedBy),
                    ("Decided", approval?.DecidedAt is { } decided ? UkTime.Format(decided) : null),
                    ("Next review", approval?.NextReviewDate is { } next ? UkTime.Format(next) : null),
                ]);
            }

            pdf.Heading("Decisions");
            pdf.SignatureBlock("Offer accepted by", placement.AcceptedBy, UkTime.Format(placement.AcceptedAt));
            if (placement.ConfirmedAt is { } confirmedAt)
            {
                pdf.SignatureBlock("Placement confirmed by", placement.ConfirmedBy, UkTime.Format(confirmedAt));
            }
        }

        return stream.ToArray();
    }
}
