using Brokerage.Core.Domain;

namespace Brokerage.Core.Rules;

/// <summary>rules/widening.json: the ladder an unanswered search climbs, local first.</summary>
public sealed record WideningPolicy(string Description, int ReferralsPerStage, IReadOnlyList<WideningStage> Stages)
{
    public const string File = "widening.json";

    public static WideningPolicy Read(string text)
    {
        var policy = RuleFileJson.Read<WideningPolicy>(File, text);
        if (policy.ReferralsPerStage is < 1 or > 20)
        {
            throw new RuleFileException(File, "referralsPerStage", "referralsPerStage must be between 1 and 20");
        }

        if (policy.Stages.Count == 0)
        {
            throw new RuleFileException(File, null, "at least one stage is required");
        }

        foreach (var stage in policy.Stages)
        {
            if (string.IsNullOrWhiteSpace(stage.Name))
            {
                throw new RuleFileException(File, null, "every stage needs a name");
            }

            if (stage.Contracts.Count == 0)
            {
                throw new RuleFileException(File, stage.Name, "a stage must include at least one contract arrangement");
            }
        }

        return policy;
    }
}

/// <param name="MaxDistanceMiles">How far from the child's home; null (written out) for no limit.</param>
public sealed record WideningStage(string Name, IReadOnlyList<ContractArrangement> Contracts, int? MaxDistanceMiles)
{
    public bool Includes(ContractArrangement contract, double distanceMiles) =>
        Contracts.Contains(contract) && (MaxDistanceMiles is null || distanceMiles <= MaxDistanceMiles);
}
