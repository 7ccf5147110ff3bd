using Brokerage.Core.Common;
using Brokerage.Core.Domain;
using Brokerage.Core.Placements;
using Brokerage.Core.Rules;

namespace Brokerage.Core.Approvals;

/// <summary>
/// The rules a broker's unregulated-placement risk assessment must meet before an assistant
/// director is asked to decide on it, and on the exceptional route the search evidence it rests
/// on. Every problem is reported at once; nothing is saved.
/// </summary>
public sealed class RiskAssessmentValidator(RuleSet rules, TimeProvider time)
{
    private static readonly QualityCheck AllChecks = Enum.GetValues<QualityCheck>().Aggregate(QualityCheck.None, (all, c) => all | c);

    /// <summary>Needs the request's referrals with their settings and offers, and the referral's match candidate.</summary>
    public FieldErrors Check(RaiseApprovalOptions options, PlacementRequest request, Referral referral)
    {
        var today = UkTime.Today(time);
        var exceptional = referral.ApprovalRoute(request, today) == ApprovalRoute.Under16Exception;
        var errors = new FieldErrors()
            .Required(nameof(options.HowNeedsAreMet), HowNeedsAreMet, options.HowNeedsAreMet)
            .MaxLength(nameof(options.HowNeedsAreMet), HowNeedsAreMet, options.HowNeedsAreMet, FieldRules.LongTextMaxLength);
        if (options.QualityChecks == QualityCheck.None)
        {
            errors.Add(nameof(options.QualityChecks), "Select the quality-assurance checks that have been done");
        }
        else if (options.QualityChecks != AllChecks && string.IsNullOrWhiteSpace(options.QualityAssuranceNotes))
        {
            errors.Add(nameof(options.QualityAssuranceNotes), "Enter why the checks not ticked have not been done, and when they will be");
        }

        errors.MaxLength(nameof(options.QualityAssuranceNotes), "the quality-assurance notes", options.QualityAssuranceNotes, FieldRules.LongTextMaxLength);
        for (var i = 0; i < options.Risks.Count; i++)
        {
            var row = options.Risks[i];
            if (IsBlank(row))
            {
                continue;
            }

            var (risk, mitigation, owner) = ($"Risks[{i}].Risk", $"Risks[{i}].Mitigation", $"Risks[{i}].Owner");
            errors.Required(risk, $"risk {i + 1}", row.Risk)
                .Required(mitigation, $"how risk {i + 1} will be reduced", row.Mitigation)
                .Required(owner, $"who owns risk {i + 1}", row.Owner)
                .MaxLength(risk, $"risk {i + 1}", row.Risk, FieldRules.LongTextMaxLength)
                .MaxLength(mitigation, $"how risk {i + 1} will be reduced", row.Mitigation, FieldRules.LongTextMaxLength)
                .MaxLength(owner, $"who owns risk {i + 1}", row.Owner);
        }

        if (options.Risks.All(IsBlank))
        {
            errors.Add("Risks[0].Risk", "Enter at least one risk, how it will be reduced and who owns it");
        }

        if (options.VisitingFrequency is null)
        {
            errors.Add(nameof(options.VisitingFrequency), "Select how often the social worker will visit");
        }

        Registration(errors, options.RegistrationAppliedOn, options.RegistrationExpectedBy, today);
        // The first review is counted from the day the placement starts, not from today.
        errors.ReviewDate(nameof(options.ProposedReviewDate), "the proposed review date", options.ProposedReviewDate, today, PlacementStart.Of(request, referral.Offer!), rules.Sla);
        if (exceptional)
        {
            errors.Required(nameof(options.NoRegulatedOptionReason), NoRegulatedOption, options.NoRegulatedOptionReason);
        }

        errors.MaxLength(nameof(options.NoRegulatedOptionReason), NoRegulatedOption, options.NoRegulatedOptionReason, FieldRules.LongTextMaxLength);
        if (exceptional)
        {
            errors.AddRange(SearchEvidence.Check(request, today, referral));
        }

        return errors;
    }

    /// <summary>The Ofsted registration dates a risk assessment or a review records: both optional, in order, and the application not in the future.</summary>
    public static FieldErrors Registration(FieldErrors errors, DateOnly? appliedOn, DateOnly? expectedBy, DateOnly today)
    {
        if (appliedOn > today)
        {
            errors.Add("RegistrationAppliedOn", "The date the provider applied to Ofsted must be today or in the past");
        }

        if (expectedBy is not null && appliedOn is null)
        {
            errors.Add("RegistrationAppliedOn", "Enter when the provider applied to Ofsted, or leave the expected date blank");
        }
        else if (expectedBy < appliedOn)
        {
            errors.Add("RegistrationExpectedBy", "The expected registration date must be on or after the date the provider applied");
        }

        return errors;
    }

    public static bool IsBlank(RiskItem row) =>
        string.IsNullOrWhiteSpace(row.Risk) && string.IsNullOrWhiteSpace(row.Mitigation) && string.IsNullOrWhiteSpace(row.Owner);

    private const string HowNeedsAreMet = "how the placement meets the child's needs";
    private const string NoRegulatedOption = "why no regulated placement can meet the child's needs today";
}
