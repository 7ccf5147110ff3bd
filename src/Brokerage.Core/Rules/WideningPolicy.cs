using Brokerage.Core.Domain;

namespace Brokerage.Core.Rules;

/// <summary>rules/widening.json: the ladder an unanswered search climbs, local first.</summary>
public sealed record WideningPolicy(int ReferralsPerStage, IReadOnlyList<WideningStage> Stages);

public sealed record WideningStage(string Name, IReadOnlySet<ContractArrangement> Contracts, int? MaxDistanceMiles)
{
    public bool Includes(ContractArrangement contract, double distanceMiles) =>
        Contracts.Contains(contract) && (MaxDistanceMiles is null || distanceMiles <= MaxDistanceMiles);
}
