using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Testing;

namespace Brokerage.Benchmarks;

/// <summary>
/// The shipped eligibility and scoring rules written directly in C#: the baseline the
/// RulesEngine workflows are measured against. Kept in step with rules/*.json by the
/// agreement check in <see cref="MatchingBenchmarks.Setup"/>.
/// </summary>
internal static class HandWrittenMatcher
{
    public static IReadOnlyList<CandidateResult> Rank(RequestInput request, IReadOnlyList<(SettingInput Setting, MatchFacts Facts)> candidates) =>
        MatchingEngine.Rank(candidates.Select(c => Evaluate(request, c.Setting, c.Facts)));

    private static CandidateResult Evaluate(RequestInput request, SettingInput s, MatchFacts f)
    {
        var findings = new List<RuleFinding>();
        void Check(bool passes, string rule, EligibilityOutcome outcome)
        {
            if (!passes)
            {
                findings.Add(new RuleFinding(rule, outcome, rule, null));
            }
        }

        Check(request.SuitableTypes.Contains(s.Type), "ProvidesASuitablePlacementType", EligibilityOutcome.Excluded);
        Check(f.ChildAge >= s.MinAge && f.ChildAge <= s.MaxAge, "ChildAgeWithinRange", EligibilityOutcome.Excluded);
        Check(s.GendersAccepted == "Any" || s.GendersAccepted == request.Gender, "AcceptsChildGender", EligibilityOutcome.Excluded);
        Check(f.FreePlaces > 0, "HasFreePlace", EligibilityOutcome.Excluded);
        Check(f.ChildAge >= 16 || s.IsRegulated, "Under16NotInUnregulatedOrUnregistered", EligibilityOutcome.Excluded);
        Check(s.Registration != "Cqc" || (f.ChildAge >= 16 && f.HasNursingOrPersonalCareNeed), "CqcProvisionOnlyFor16PlusWithCareNeeds", EligibilityOutcome.Excluded);
        Check(s.IsRegulated, "UnregulatedNeedsAssistantDirectorApproval", EligibilityOutcome.NeedsApproval);
        Check(s.Rating != "Inadequate", "InadequateRatingNeedsApproval", EligibilityOutcome.NeedsApproval);
        var outcome = findings.Count == 0 ? EligibilityOutcome.Eligible : findings.Max(x => x.Outcome);
        if (outcome == EligibilityOutcome.Excluded)
        {
            return new CandidateResult(s, f, outcome, findings, [], 0m);
        }

        var lines = new List<ScoreLine>();
        void Score(bool applies, string rule, string dimension, double points)
        {
            if (applies)
            {
                lines.Add(new ScoreLine(rule, dimension, Math.Round((decimal)points, 1)));
            }
        }

        Score(s.Contract == "InHouse", "InHousePlaceFirst", "Value", 40);
        Score(s.Contract == "BlockContract", "BlockContractPlaceAlreadyPaidFor", "Value", 35);
        Score(s.Contract == "Framework", "FrameworkAgreedPriceAndQuality", "Value", 20);
        Score(f.CostOverBudget <= 0, "WithinBudget", "Value", 10);
        Score(f.CostOverBudget > 0, "OverBudget", "Value", -Math.Min(20, f.CostOverBudget / 100));
        Score(s.Rating == "Outstanding", "RatedOutstanding", "Quality", 20);
        Score(s.Rating == "Good", "RatedGood", "Quality", 15);
        Score(s.Rating == "RequiresImprovement", "RatedRequiresImprovement", "Quality", 5);
        Score(s.Rating == "NotYetInspected", "NotYetInspected", "Quality", 8);
        Score(f.ProviderResponseRate > 0, "ProviderAnswersReferrals", "Timeliness", Math.Round(f.ProviderResponseRate * 10, 1));
        Score(s.StabilityRate > 0, "PlacementsLast", "Stability", Math.Round(s.StabilityRate * 15, 1));
        Score(f.DistanceMiles <= 20, "CloseToHome", "Proximity", Math.Round(20 - f.DistanceMiles, 1));
        Score(s.InCounty, "InCounty", "Proximity", 5);
        Score(f.DistanceMiles > request.MaxDistanceMiles, "BeyondPreferredDistance", "Proximity", -Math.Min(20, Math.Round((f.DistanceMiles - request.MaxDistanceMiles) / 5, 1)));
        Score(s.Type != request.PlacementType, "SuitableButNotThePreferredType", "Fit", -15);
        Score(f.NeedsCovered > 0, "MeetsChildsNeeds", "Fit", f.NeedsCovered * 6);
        Score(f.NeedsUncovered > 0, "NeedsNotCovered", "Fit", -(f.NeedsUncovered * 4));
        return new CandidateResult(s, f, outcome, findings, lines, lines.Sum(l => l.Points));
    }
}
