using BenchmarkDotNet.Attributes;
using Brokerage.Core.Matching;
using Brokerage.Testing;
using Brokerage.Core.Rules;

namespace Brokerage.Benchmarks;

/// <summary>One request ranked against a market of settings: RulesEngine workflows against hand-written C#.</summary>
[MemoryDiagnoser]
[SimpleJob(warmupCount: 3, iterationCount: 15)]
public class MatchingBenchmarks
{
    private MatchingEngine _engine = null!;
    private List<(SettingInput Setting, MatchFacts Facts)> _settings = null!;

    [Params(1_000, 10_000)]
    public int Settings { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _engine = new MatchingEngine(RuleSet.Load(Path.Combine(AppContext.BaseDirectory, "rules")));
        _settings = SyntheticSettings.Create(Settings);

        // The baseline only means something if it reaches the same answer as the rule files.
        var viaRules = _engine.Rank(SyntheticSettings.Request, _settings);
        var viaCode = HandWrittenMatcher.Rank(SyntheticSettings.Request, _settings);
        var disagreements = viaRules.Zip(viaCode).Count(p => p.First.Setting.Id != p.Second.Setting.Id || p.First.Score != p.Second.Score || p.First.Outcome != p.Second.Outcome);
        if (disagreements > 0)
        {
            throw new InvalidOperationException($"Hand-written baseline disagrees with rules/*.json on {disagreements} settings");
        }
    }

    [Benchmark(Description = "Workflows compiled by RulesEngine (production)")]
    public IReadOnlyList<CandidateResult> CompiledWorkflows() => _engine.Rank(SyntheticSettings.Request, _settings);

    [Benchmark(Description = "RulesEngine ExecuteAllRulesAsync")]
    public async Task<IReadOnlyList<CandidateResult>> RulesEngineExecutor()
    {
        var results = new CandidateResult[_settings.Count];
        await Parallel.ForAsync(0, _settings.Count, async (i, _) =>
            results[i] = await _engine.EvaluateWithExecutorAsync(SyntheticSettings.Request, _settings[i].Setting, _settings[i].Facts));
        return MatchingEngine.Rank(results);
    }

    [Benchmark(Baseline = true, Description = "Hand-written C#")]
    public IReadOnlyList<CandidateResult> HandWritten() => HandWrittenMatcher.Rank(SyntheticSettings.Request, _settings);
}
