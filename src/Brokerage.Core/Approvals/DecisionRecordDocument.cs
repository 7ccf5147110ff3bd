using Brokerage.Core.Common;
using Brokerage.Core.Council;
using Brokerage.Core.Documents;
using Brokerage.Core.Domain;

namespace Brokerage.Core.Approvals;

/// <summary>
/// The unregulated-risk decision record: the whole risk assessment, the search it rests on, the
/// decision and every review so far. Rendered once per version and stored; never re-rendered.
/// </summary>
public static class DecisionRecordDocument
{
    public const string BreachStatement =
        "This placement breaches the Care Planning, Placement and Case Review (England) (Amendment) Regulations 2021: " +
        "the child is under 16 and the provision is unregulated or unregistered. It is approved only as an exceptional measure.";

    /// <param name="review">The review this version records, or null for the first decision.</param>
    /// <param name="council">The council that issues it, named at the top.</param>
    public static byte[] Render(ApprovalRequest approval, string documentReference, int version, ApprovalReview? review, DateTime issuedAtUtc, CouncilOptions council)
    {
        var request = approval.PlacementRequest;
        var setting = approval.Setting;
        var offer = approval.Referral.Offer;
        using var stream = new MemoryStream();
        using (var pdf = new PdfComposer(stream, new PdfDocumentInfo("Unregulated-risk decision record " + documentReference, documentReference, "OFFICIAL-SENSITIVE", new DateTimeOffset(issuedAtUtc, TimeSpan.Zero))))
        {
            pdf.Title("Unregulated-risk decision record");
            pdf.KeyValueTable(
            [
                ("Document reference", documentReference),
                ("Version", $"{version}{(review is null ? " (decision)" : " (review)")}"),
                ("Issued", UkTime.Format(issuedAtUtc)),
                ("Approval reference", approval.Reference),
            ]);
            pdf.Paragraph($"{council.Name} children's services. This record was issued once and is never changed; each review issues a new version.");
            if (approval.Route == ApprovalRoute.Under16Exception)
            {
                pdf.Heading("Breach of the 2021 regulations");
                pdf.Paragraph(BreachStatement);
            }

            pdf.Heading("Child and request");
            pdf.KeyValueTable(
            [
                ("Child reference", request.ChildReference),
                ("Request reference", request.Reference),
                ("Age when the placement starts", request.AgeOn(DateOnly.FromDateTime(UkTime.ToLocal(request.RequiredFrom))).ToString(System.Globalization.CultureInfo.InvariantCulture)),
                ("Urgency", Display.Urgency(request.Urgency)),
                ("Needed from", UkTime.Format(request.RequiredFrom)),
                ("Needs", Display.NeedsList(request.Needs)),
            ]);

            pdf.Heading("Setting and provider");
            pdf.KeyValueTable(
            [
                ("Setting", setting.Name),
                ("Provider", setting.Provider.Name),
                ("Placement type", Display.PlacementType(setting.Type)),
                ("Registration status", Display.Registration(approval.Registration)),
                ("Ofsted URN", setting.OfstedUrn),
                ("Contract arrangement", Display.Contract(setting.Contract)),
                ("Weekly cost offered", offer is null ? null : Display.Money(offer.WeeklyCost)),
                ("Why approval is needed", approval.Grounds),
            ]);

            pdf.Heading("Risk assessment");
            pdf.KeyValueTable([("How the placement meets the child's needs", approval.HowNeedsAreMet)]);
            pdf.Table(["Quality-assurance check", "Done"],
                Display.EachQualityCheck().Select(c => (IReadOnlyList<string?>)[Display.QualityCheck(c), approval.QualityChecks.HasFlag(c) ? "Yes" : "No"]));
            pdf.KeyValueTable([("Quality-assurance notes", approval.QualityAssuranceNotes)]);
            pdf.Table(["Risk", "Mitigation", "Owner"], approval.Risks.Select(r => (IReadOnlyList<string?>)[r.Risk, r.Mitigation, r.Owner]));
            pdf.KeyValueTable(
            [
                ("Social worker visits", Display.VisitingFrequency(approval.VisitingFrequency)),
                ("Ofsted registration applied for on", approval.RegistrationAppliedOn is { } applied ? UkTime.Format(applied) : "Not applied for"),
                ("Registration expected by", approval.RegistrationExpectedBy is { } expected ? UkTime.Format(expected) : "Not known"),
                ("Proposed review date", UkTime.Format(approval.ProposedReviewDate)),
            ]);

            pdf.Heading("Search for a regulated placement");
            if (approval.NoRegulatedOptionReason is not null)
            {
                pdf.KeyValueTable([("Why no regulated placement can meet the child's needs today", approval.NoRegulatedOptionReason)]);
            }

            if (approval.SearchEvidence.Count == 0)
            {
                pdf.Paragraph("No referrals had been sent when approval was asked for.");
            }
            else
            {
                pdf.Table(["Setting", "Registration", "Sent", "Outcome"],
                    approval.SearchEvidence.Select(e => (IReadOnlyList<string?>)[$"{e.Setting} ({e.Provider})", e.Registration, UkTime.Format(e.SentAt), e.Detail is null ? e.Outcome : $"{e.Outcome}. {e.Detail}"]));
            }

            pdf.Heading("Decision");
            pdf.KeyValueTable(
            [
                ("Decision", Display.ApprovalStatus(approval.Status)),
                ("Reasons", approval.DecisionReasons),
                ("Conditions", approval.Conditions ?? "None"),
                ("Next review", approval.NextReviewDate is { } next ? UkTime.Format(next) : review?.Outcome == ReviewOutcome.Close ? "None: closed" : UkTime.Format(approval.ProposedReviewDate)),
            ]);
            pdf.SignatureBlock("Asked for by", approval.RaisedBy, UkTime.Format(approval.RaisedAt));
            pdf.SignatureBlock("Decided by (assistant director)", approval.DecidedBy, approval.DecidedAt is { } decided ? UkTime.Format(decided) : null);

            var reviews = approval.Reviews.OrderBy(r => r.ReviewedAt).ToList();
            if (reviews.Count > 0)
            {
                pdf.Heading("Reviews");
                pdf.Table(["Reviewed", "By", "Outcome", "Findings and conditions", "Next review"],
                    reviews.Select(r => (IReadOnlyList<string?>)
                    [
                        UkTime.Format(r.ReviewedAt), r.ReviewedBy, Display.ReviewOutcome(r.Outcome),
                        r.Conditions is null ? r.Notes : $"{r.Notes} Conditions: {r.Conditions}",
                        r.NextReviewDate is { } d ? UkTime.Format(d) : "None",
                    ]));
            }

            if (review is not null)
            {
                pdf.SignatureBlock("Reviewed by", review.ReviewedBy, UkTime.Format(review.ReviewedAt));
            }
        }

        return stream.ToArray();
    }
}
