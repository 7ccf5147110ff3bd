using System.Security.Cryptography;
using System.Text;
using Brokerage.Core.Council;
using Brokerage.Core.Domain;
using Brokerage.Core.Matching;
using Brokerage.Core.Scheduling;
using NewtonsoftJson = Newtonsoft.Json;
using RulesEngine.Models;

namespace Brokerage.Core.Rules;

/// <summary>
/// Every rule file, loaded and checked once. A file that cannot be used stops start-up with a
/// <see cref="RuleFileException"/> rather than letting matching run on half a rule set.
/// </summary>
public sealed class RuleSet
{
    public const string EligibilityWorkflow = "Eligibility";
    public const string ScoringWorkflow = "Scoring";
    public const string EligibilityFile = "eligibility.json";
    public const string ScoringFile = "scoring.json";
    public const string UrgencyFile = UrgencyPolicy.File;
    public const string SlaFile = SlaPolicy.File;
    public const string WideningFile = WideningPolicy.File;
    public const string CalendarFolder = "calendar";

    public static readonly IReadOnlyList<string> Dimensions = ["Timeliness", "Quality", "Stability", "Proximity", "Fit", "Value"];

    private RuleSet(RulesEngine.RulesEngine engine, IReadOnlyDictionary<string, RuleMetadata> metadata, CompiledWorkflows compiled, Policies policies, string version)
    {
        Engine = engine;
        Metadata = metadata;
        EligibilityRules = compiled.Eligibility;
        ScoringRules = compiled.Scoring;
        Urgency = policies.Urgency;
        Sla = policies.Sla;
        Widening = policies.Widening;
        VacancyScheme = policies.VacancyScheme;
        Gazetteer = policies.Gazetteer;
        Calendar = policies.Calendar;
        Version = version;
    }

    /// <summary>RulesEngine's own executor over the workflows: used to check the files at load and as the reference in tests.</summary>
    public RulesEngine.RulesEngine Engine { get; }
    public IReadOnlyDictionary<string, RuleMetadata> Metadata { get; }

    /// <summary>The eligibility workflow's expressions, compiled once by RulesEngine's expression parser.</summary>
    public IReadOnlyList<CompiledEligibilityRule> EligibilityRules { get; }

    /// <summary>The scoring workflow's expressions and output expressions, compiled once by RulesEngine's expression parser.</summary>
    public IReadOnlyList<CompiledScoringRule> ScoringRules { get; }
    public UrgencyPolicy Urgency { get; }
    public SlaPolicy Sla { get; }
    public WideningPolicy Widening { get; }
    public VacancySchemePolicy VacancyScheme { get; }

    /// <summary>The localities a child's home can be in: the council's reference data, kept with its rules.</summary>
    public Gazetteer Gazetteer { get; }
    public WorkingCalendar Calendar { get; }

    /// <summary>First 16 hex digits of a SHA-256 over every rule file, recorded on each matching run.</summary>
    public string Version { get; }

    public static RuleSet Load(string directory)
    {
        var texts = ReadTexts(directory);
        var eligibility = ReadWorkflow(EligibilityFile, texts[EligibilityFile], EligibilityWorkflow);
        var scoring = ReadWorkflow(ScoringFile, texts[ScoringFile], ScoringWorkflow);
        var metadata = new Dictionary<string, RuleMetadata>(StringComparer.Ordinal);
        foreach (var rule in eligibility.Rules)
        {
            metadata[Key(EligibilityWorkflow, rule.RuleName)] = ReadEligibilityProperties(rule);
        }

        foreach (var rule in scoring.Rules)
        {
            metadata[Key(ScoringWorkflow, rule.RuleName)] = ReadScoringProperties(rule);
        }

        var settings = new ReSettings
        {
            // Only the inputs and the framework's predefined types are reachable from an expression.
            CustomTypes = [],
            EnableExceptionAsErrorMessage = true,
            IgnoreException = false,
        };
        GuardExpressions(settings, eligibility, scoring);
        var engine = new RulesEngine.RulesEngine([eligibility, scoring], settings);
        CompileAndCheck(engine, eligibility, scoring);
        var compiled = Compile(settings, eligibility, scoring, metadata);

        var calendar = WorkingCalendar.Load(Path.Combine(directory, CalendarFolder));

        var policies = new Policies(
            UrgencyPolicy.Read(texts[UrgencyFile]),
            SlaPolicy.Read(texts[SlaFile], calendar),
            WideningPolicy.Read(texts[WideningFile]),
            VacancySchemePolicy.Read(texts[VacancySchemePolicy.File]),
            Gazetteer.Read(texts[Gazetteer.File]),
            calendar);
        return new RuleSet(engine, metadata, compiled, policies, HashFiles(texts));
    }

    /// <summary>
    /// The version the files in <paramref name="directory"/> would load as, from their text alone:
    /// cheap enough for every health check, where <see cref="Load"/> compiles every expression.
    /// </summary>
    public static string VersionOf(string directory) => HashFiles(ReadTexts(directory));

    /// <summary>Every file that makes up the rules, by its name under the rules folder: what the version is a hash of.</summary>
    private static SortedDictionary<string, string> ReadTexts(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new RuleFileException(directory, null, "the rules folder does not exist");
        }

        var texts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { EligibilityFile, ScoringFile, UrgencyFile, SlaFile, WideningFile, VacancySchemePolicy.File, Gazetteer.File })
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                throw new RuleFileException(name, null, "the file is missing");
            }

            texts[name] = File.ReadAllText(path);
        }

        var calendarDirectory = Path.Combine(directory, CalendarFolder);
        if (Directory.Exists(calendarDirectory))
        {
            foreach (var file in Directory.GetFiles(calendarDirectory, "*.json"))
            {
                texts[CalendarFolder + "/" + Path.GetFileName(file)] = File.ReadAllText(file);
            }
        }

        return texts;
    }

    public static string Key(string workflow, string rule) => workflow + "/" + rule;

    private static Workflow ReadWorkflow(string file, string text, string expectedName)
    {
        Workflow? workflow;
        try
        {
            workflow = NewtonsoftJson.JsonConvert.DeserializeObject<Workflow>(text, new NewtonsoftJson.JsonSerializerSettings { MissingMemberHandling = NewtonsoftJson.MissingMemberHandling.Error });
        }
        catch (NewtonsoftJson.JsonException ex)
        {
            throw new RuleFileException(file, null, "not valid JSON for a workflow: " + ex.Message);
        }

        if (workflow is null || workflow.WorkflowName != expectedName)
        {
            throw new RuleFileException(file, null, $"expected a workflow named \"{expectedName}\"");
        }

        if (workflow.Rules is null || !workflow.Rules.Any())
        {
            throw new RuleFileException(file, null, "the workflow has no rules");
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in workflow.Rules)
        {
            if (string.IsNullOrWhiteSpace(rule.RuleName))
            {
                throw new RuleFileException(file, null, "a rule has no RuleName");
            }

            if (!seen.Add(rule.RuleName))
            {
                throw new RuleFileException(file, rule.RuleName, "the rule name is used twice");
            }

            if (string.IsNullOrWhiteSpace(rule.Expression))
            {
                throw new RuleFileException(file, rule.RuleName, "the rule has no Expression");
            }

            // Matching runs the compiled expressions directly, so features it does not evaluate are refused.
            if (rule.Rules?.Any() == true || rule.LocalParams?.Any() == true || rule.RuleExpressionType != RuleExpressionType.LambdaExpression || rule.Actions?.OnFailure is not null)
            {
                throw new RuleFileException(file, rule.RuleName, "nested Rules, LocalParams, OnFailure actions and non-lambda expressions are not supported: write one expression per rule");
            }
        }

        if (workflow.GlobalParams?.Any() == true || workflow.WorkflowsToInject?.Any() == true)
        {
            throw new RuleFileException(file, null, "GlobalParams and WorkflowsToInject are not supported");
        }

        return workflow;
    }

    private static RuleMetadata ReadEligibilityProperties(Rule rule)
    {
        // RulesEngine would run an action's own expression; eligibility is the rule's expression alone.
        if (rule.Actions is not null)
        {
            throw new RuleFileException(EligibilityFile, rule.RuleName, "eligibility rules take no Actions: the rule's Expression says whether the setting passes");
        }

        var outcome = Property(rule, "Outcome") switch
        {
            "Exclude" => EligibilityOutcome.Excluded,
            "NeedsApproval" => EligibilityOutcome.NeedsApproval,
            null => throw new RuleFileException(EligibilityFile, rule.RuleName, "Properties.Outcome is missing (Exclude or NeedsApproval)"),
            var other => throw new RuleFileException(EligibilityFile, rule.RuleName, $"Properties.Outcome \"{other}\" is not Exclude or NeedsApproval"),
        };
        var reason = Property(rule, "Reason")
            ?? throw new RuleFileException(EligibilityFile, rule.RuleName, "Properties.Reason is missing: brokers must see why a setting was excluded");
        var exceptional = Property(rule, "ExceptionalRoute") switch
        {
            null or "False" or "false" => false,
            "True" or "true" when outcome == EligibilityOutcome.Excluded => true,
            "True" or "true" => throw new RuleFileException(EligibilityFile, rule.RuleName, "Properties.ExceptionalRoute applies only to an Exclude rule"),
            var other => throw new RuleFileException(EligibilityFile, rule.RuleName, $"Properties.ExceptionalRoute \"{other}\" is not true or false"),
        };
        return new RuleMetadata(rule.RuleName, outcome, reason, Property(rule, "Basis"), null, exceptional);
    }

    private static RuleMetadata ReadScoringProperties(Rule rule)
    {
        var dimension = Property(rule, "Dimension")
            ?? throw new RuleFileException(ScoringFile, rule.RuleName, "Properties.Dimension is missing");
        if (!Dimensions.Contains(dimension))
        {
            throw new RuleFileException(ScoringFile, rule.RuleName, $"Properties.Dimension \"{dimension}\" is not one of {string.Join(", ", Dimensions)}");
        }

        var action = rule.Actions?.OnSuccess;
        if (action is null || action.Name != "OutputExpression" || action.Context is null
            || !action.Context.TryGetValue("Expression", out var expression) || string.IsNullOrWhiteSpace(Convert.ToString(expression, System.Globalization.CultureInfo.InvariantCulture)))
        {
            throw new RuleFileException(ScoringFile, rule.RuleName, "Actions.OnSuccess must be an OutputExpression with a Context.Expression giving the points");
        }

        return new RuleMetadata(rule.RuleName, EligibilityOutcome.Eligible, Property(rule, "Reason") ?? rule.RuleName, null, dimension);
    }

    private static string? Property(Rule rule, string name) =>
        rule.Properties is not null && rule.Properties.TryGetValue(name, out var value)
            ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)
            : null;

    /// <summary>Refuses, before anything runs, an expression that reaches beyond the rule's inputs (<see cref="RuleExpressionGuard"/>).</summary>
    private static void GuardExpressions(ReSettings settings, Workflow eligibility, Workflow scoring)
    {
        var parser = new RulesEngine.ExpressionBuilders.RuleExpressionParser(settings);
        var parameters = MatchingEngine.Parameters(SampleInputs.Request, SampleInputs.Setting, SampleInputs.Facts);
        foreach (var rule in eligibility.Rules)
        {
            RuleExpressionGuard.Check(parser, parameters, EligibilityFile, rule.RuleName, rule.Expression);
        }

        foreach (var rule in scoring.Rules)
        {
            RuleExpressionGuard.Check(parser, parameters, ScoringFile, rule.RuleName, rule.Expression);
            if (rule.Actions?.OnSuccess?.Context?.TryGetValue("Expression", out var output) == true)
            {
                RuleExpressionGuard.Check(parser, parameters, ScoringFile, rule.RuleName, Convert.ToString(output, System.Globalization.CultureInfo.InvariantCulture) ?? "");
            }
        }
    }

    /// <summary>
    /// RulesEngine compiles lazily and reports a bad expression as a failed rule, so every rule is
    /// run once against sample inputs here and any compile or evaluation error is turned into a
    /// start-up failure. This also warms the compiled-expression cache.
    /// </summary>
    private static void CompileAndCheck(RulesEngine.RulesEngine engine, Workflow eligibility, Workflow scoring)
    {
        var parameters = MatchingEngine.Parameters(SampleInputs.Request, SampleInputs.Setting, SampleInputs.Facts);
        foreach (var (workflow, file) in new[] { (eligibility, EligibilityFile), (scoring, ScoringFile) })
        {
            var results = engine.ExecuteAllRulesAsync(workflow.WorkflowName, parameters).GetAwaiter().GetResult();
            foreach (var result in results)
            {
                if (!string.IsNullOrEmpty(result.ExceptionMessage))
                {
                    throw new RuleFileException(file, result.Rule.RuleName, "the expression does not compile or run: " + result.ExceptionMessage);
                }

                if (result.ActionResult?.Exception is { } actionError)
                {
                    throw new RuleFileException(file, result.Rule.RuleName, "the output expression does not compile or run: " + actionError.Message);
                }
            }

            if (file == ScoringFile)
            {
                CheckOutputsAreNumbers(engine, workflow);
            }
        }
    }

    private static void CheckOutputsAreNumbers(RulesEngine.RulesEngine engine, Workflow scoring)
    {
        // Rules that did not fire for the sample are run with their expression forced true.
        foreach (var rule in scoring.Rules)
        {
            var probe = new Workflow
            {
                WorkflowName = "ScoringProbe_" + rule.RuleName,
                Rules = [new Rule { RuleName = rule.RuleName, Expression = "true", Actions = rule.Actions }],
            };
            engine.AddOrUpdateWorkflow(probe);
            var result = engine.ExecuteAllRulesAsync(probe.WorkflowName, MatchingEngine.Parameters(SampleInputs.Request, SampleInputs.Setting, SampleInputs.Facts)).GetAwaiter().GetResult().Single();
            engine.RemoveWorkflow(probe.WorkflowName);
            if (result.ActionResult?.Exception is { } error)
            {
                throw new RuleFileException(ScoringFile, rule.RuleName, "the output expression does not compile or run: " + error.Message);
            }

            if (!MatchingEngine.TryReadPoints(result.ActionResult?.Output, out _))
            {
                throw new RuleFileException(ScoringFile, rule.RuleName, "the output expression must give a number of points");
            }
        }
    }

    private sealed record Policies(UrgencyPolicy Urgency, SlaPolicy Sla, WideningPolicy Widening, VacancySchemePolicy VacancyScheme, Gazetteer Gazetteer, WorkingCalendar Calendar);

    private sealed record CompiledWorkflows(IReadOnlyList<CompiledEligibilityRule> Eligibility, IReadOnlyList<CompiledScoringRule> Scoring);

    /// <summary>
    /// RulesEngine's executor allocates a result tree per rule and re-resolves each output
    /// expression on every call, which made ranking 10,000 settings take ~165 ms. The same
    /// expressions compiled once with RulesEngine's own parser give identical results (a
    /// test holds the two paths together) at a fraction of the cost.
    /// </summary>
    private static CompiledWorkflows Compile(ReSettings settings, Workflow eligibility, Workflow scoring, Dictionary<string, RuleMetadata> metadata)
    {
        var parser = new RulesEngine.ExpressionBuilders.RuleExpressionParser(settings);
        var parameters = MatchingEngine.Parameters(SampleInputs.Request, SampleInputs.Setting, SampleInputs.Facts);
        var eligibilityRules = eligibility.Rules
            .Select(r => new CompiledEligibilityRule(metadata[Key(EligibilityWorkflow, r.RuleName)], parser.Compile<bool>(r.Expression, parameters)))
            .ToList();
        var scoringRules = scoring.Rules
            .Select(r => new CompiledScoringRule(
                metadata[Key(ScoringWorkflow, r.RuleName)],
                parser.Compile<bool>(r.Expression, parameters),
                parser.Compile<object>(Convert.ToString(r.Actions.OnSuccess.Context["Expression"], System.Globalization.CultureInfo.InvariantCulture)!, parameters)))
            .ToList();
        return new CompiledWorkflows(eligibilityRules, scoringRules);
    }

    private static string HashFiles(SortedDictionary<string, string> texts)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var (name, text) in texts)
        {
            sha.AppendData(Encoding.UTF8.GetBytes(name + "\n" + text.ReplaceLineEndings("\n") + "\n"));
        }

        return Convert.ToHexStringLower(sha.GetHashAndReset())[..16];
    }
}

/// <summary>An eligibility rule: the setting passes when the expression is true.</summary>
public sealed record CompiledEligibilityRule(RuleMetadata Meta, Func<object[], bool> Passes);

/// <summary>A scoring rule: when it applies, its output expression gives the points.</summary>
public sealed record CompiledScoringRule(RuleMetadata Meta, Func<object[], bool> Applies, Func<object[], object> Points);

/// <summary>What a rule means to people: its consequence, reason, legal basis and scoring dimension.</summary>
/// <param name="ExceptionalRoute">An exclusion an assistant director may still approve on the exceptional route, with search evidence.</param>
public sealed record RuleMetadata(string RuleName, EligibilityOutcome Outcome, string Reason, string? Basis, string? Dimension, bool ExceptionalRoute = false)
{
    public RuleFinding Finding() => new(RuleName, Outcome, Reason, Basis, ExceptionalRoute);
}
