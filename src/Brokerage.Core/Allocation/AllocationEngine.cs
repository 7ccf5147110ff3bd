namespace Brokerage.Core.Allocation;

public sealed record AreaResult(
    string Area,
    IReadOnlyList<double> FactorShares,
    double Share,
    int Annual,
    double CurrentShare,
    IReadOnlyList<int> PerCycle,
    IReadOnlyList<string> Flags);

public sealed record AllocationResult(AllocationModel Model, IReadOnlyList<AreaResult> Areas, IReadOnlyList<int> CycleTotals);

/// <summary>
/// Weighted shares, whole-number allocations that add up, and a linear change plan. Each step is
/// simple enough for a partner to check by hand, and the page says how.
/// </summary>
public static class AllocationEngine
{
    public static AllocationResult Allocate(AllocationModel model, IReadOnlyList<Area> areas)
    {
        // Each factor's share: a share factor in proportion to its value; a pressure factor in
        // proportion to 1 ÷ (1 + value), so twice the pressure gives about half the share.
        var factorShares = model.Factors
            .Select(f =>
            {
                var raw = areas.Select(a => f.Direction == FactorDirection.Share ? a.Values[f.Column] : 1 / (1 + a.Values[f.Column])).ToList();
                var total = raw.Sum();
                return raw.Select(r => r / total).ToList();
            })
            .ToList();
        var shares = areas.Select((_, i) => model.Factors.Select((f, k) => f.Weight / 100 * factorShares[k][i]).Sum()).ToList();
        var annual = LargestRemainder(model.AnnualTotal, shares);

        var current = areas.Select(a => a.Values[model.CurrentColumn]).ToList();
        var currentTotal = current.Sum();
        var currentShares = current.Select(c => currentTotal == 0 ? 1.0 / areas.Count : c / currentTotal).ToList();
        var cycleTotals = LargestRemainder(model.AnnualTotal, Enumerable.Repeat(1.0 / model.Cycles, model.Cycles).ToList());
        var perCycle = new int[model.Cycles][];
        for (var cycle = 1; cycle <= model.Cycles; cycle++)
        {
            // Linear from today's distribution (cycle 0) to the model's (the last cycle).
            var step = (double)cycle / model.Cycles;
            perCycle[cycle - 1] = [.. LargestRemainder(cycleTotals[cycle - 1], shares.Select((target, i) => currentShares[i] + ((target - currentShares[i]) * step)).ToList())];
        }

        var results = areas.Select((area, i) => new AreaResult(
            area.Name,
            factorShares.Select(f => f[i]).ToList(),
            shares[i],
            annual[i],
            currentShares[i],
            perCycle.Select(c => c[i]).ToList(),
            model.Thresholds.Where(t => area.Values[t.Numerator] / area.Values[t.Denominator] >= t.Ratio).Select(t => t.Label).ToList()))
            .ToList();
        return new AllocationResult(model, results, cycleTotals);
    }

    /// <summary>
    /// Whole numbers in proportion to <paramref name="weights"/> that add up to <paramref name="total"/>:
    /// everyone gets the whole part of their quota, then the units left go to the largest
    /// fractions (the first listed wins a tie).
    /// </summary>
    public static IReadOnlyList<int> LargestRemainder(int total, IReadOnlyList<double> weights)
    {
        var sum = weights.Sum();
        var quotas = weights.Select(w => sum == 0 ? 0 : total * w / sum).ToList();
        var result = quotas.Select(q => (int)Math.Floor(q + 1e-9)).ToArray();
        var left = total - result.Sum();
        foreach (var i in quotas.Select((q, i) => (Fraction: q - Math.Floor(q + 1e-9), Index: i)).OrderByDescending(x => x.Fraction).ThenBy(x => x.Index).Take(left).Select(x => x.Index))
        {
            result[i]++;
        }

        return result;
    }
}
