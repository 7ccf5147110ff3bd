using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
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
    public const string UrgencyFile = "urgency.json";
    public const string SlaFile = "sla.json";
    public const string WideningFile = "widening.json";
    public const string CalendarFolder = "calendar";

    public static readonly IReadOnlyList<string> Dimensions = ["Timeliness", "Quality", "Stability", "Proximity", "Fit", "Value"];

    private RuleSet(RulesEngine.RulesEngine engine, IReadOnlyDictionary<string, RuleMetadata> metadata, CompiledWorkflows compiled, UrgencyPolicy urgency, SlaPolicy sla, WideningPolicy widening, VacancySchemePolicy vacancyScheme, WorkingCalendar calendar, string version)
    {
        Widening = widening;
        VacancyScheme = vacancyScheme;
        Calendar = calendar;
        Engine = engine;
        Metadata = metadata;
        EligibilityRules = compiled.Eligibility;
        ScoringRules = compiled.Scoring;
        Urgency = urgency;
        Sla = sla;
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
    public WorkingCalendar Calendar { get; }

    /// <summary>First 16 hex digits of a SHA-256 over every rule file, recorded on each matching run.</summary>
    public string Version { get; }

    public static RuleSet Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new RuleFileException(directory, null, "the rules folder does not exist");
        }

        var texts = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { EligibilityFile, ScoringFile, UrgencyFile, SlaFile, WideningFile, VacancySchemePolicy.File })
        {
            var path = Path.Combine(directory, name);
            if (!File.Exists(path))
            {
                throw new RuleFileException(name, null, "the file is missing");
            }

            texts[name] = File.ReadAllText(path);
        }

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
        var engine = new RulesEngine.RulesEngine([eligibility, scoring], settings);
        CompileAndCheck(engine, eligibility, scoring);
        var compiled = Compile(settings, eligibility, scoring, metadata);

        var calendarDirectory = Path.Combine(directory, CalendarFolder);
        var calendar = WorkingCalendar.Load(calendarDirectory);
        foreach (var file in Directory.GetFiles(calendarDirectory, "*.json"))
        {
            texts[CalendarFolder + "/" + Path.GetFileName(file)] = File.ReadAllText(file);
        }

        var version = HashFiles(texts);
        return new RuleSet(engine, metadata, compiled, ReadUrgency(texts[UrgencyFile]), ReadSla(texts[SlaFile], calendar), ReadWidening(texts[WideningFile]), VacancySchemePolicy.Read(texts[VacancySchemePolicy.File]), calendar, version);
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

    private static UrgencyPolicy ReadUrgency(string text)
    {
        var bands = new List<UrgencyBand>();
        try
        {
            var node = JsonNode.Parse(text)?["bands"]?.AsArray()
                ?? throw new RuleFileException(UrgencyFile, null, "a \"bands\" array is required");
            foreach (var band in node)
            {
                var name = band?["urgency"]?.GetValue<string>();
                if (!Enum.TryParse<Urgency>(name, out var urgency))
                {
                    throw new RuleFileException(UrgencyFile, name, $"\"{name}\" is not an urgency ({string.Join(", ", Enum.GetNames<Urgency>())})");
                }

                var max = band?["maxNoticeDays"];
                bands.Add(new UrgencyBand(urgency, max is null ? null : max.GetValue<int>()));
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new RuleFileException(UrgencyFile, null, "not valid: " + ex.Message);
        }

        if (bands.Count == 0 || bands[^1].MaxNoticeDays is not null)
        {
            throw new RuleFileException(UrgencyFile, null, "the last band must have no maxNoticeDays so that every notice period has an urgency");
        }

        for (var i = 0; i < bands.Count; i++)
        {
            if (bands[i].MaxNoticeDays is < 0)
            {
                throw new RuleFileException(UrgencyFile, bands[i].Urgency.ToString(), "maxNoticeDays cannot be negative");
            }

            if (i > 0 && bands[i].MaxNoticeDays is { } max && max <= bands[i - 1].MaxNoticeDays)
            {
                throw new RuleFileException(UrgencyFile, bands[i].Urgency.ToString(), "bands must be in increasing order of maxNoticeDays");
            }

            if (i < bands.Count - 1 && bands[i].MaxNoticeDays is null)
            {
                throw new RuleFileException(UrgencyFile, bands[i].Urgency.ToString(), "only the last band may be open-ended");
            }
        }

        return new UrgencyPolicy(bands);
    }

    private static SlaPolicy ReadSla(string text, WorkingCalendar calendar)
    {
        var result = new Dictionary<Urgency, UrgencySla>();
        int holdDays, warningDays;
        UnregulatedReviewPolicy reviews;
        try
        {
            var root = JsonNode.Parse(text) ?? throw new RuleFileException(SlaFile, null, "the file is empty");
            holdDays = root["holdWorkingDays"]?.GetValue<int>() ?? throw new RuleFileException(SlaFile, "holdWorkingDays", "holdWorkingDays is missing");
            warningDays = root["holdWarningWorkingDays"]?.GetValue<int>() ?? throw new RuleFileException(SlaFile, "holdWarningWorkingDays", "holdWarningWorkingDays is missing");
            if (holdDays < 1 || warningDays < 1 || warningDays >= holdDays)
            {
                throw new RuleFileException(SlaFile, "holdWarningWorkingDays", "the hold must be at least 1 working day and the warning must come before it lapses");
            }

            var review = root["unregulatedReview"]?.AsObject()
                ?? throw new RuleFileException(SlaFile, "unregulatedReview", "an \"unregulatedReview\" object is required");
            reviews = new UnregulatedReviewPolicy(
                review["maxIntervalDays"]?.GetValue<int>() ?? throw new RuleFileException(SlaFile, "unregulatedReview", "maxIntervalDays is missing"),
                review["reminderWorkingDays"]?.GetValue<int>() ?? throw new RuleFileException(SlaFile, "unregulatedReview", "reminderWorkingDays is missing"));
            if (reviews.MaxIntervalDays < 1 || reviews.ReminderWorkingDays < 1)
            {
                throw new RuleFileException(SlaFile, "unregulatedReview", "maxIntervalDays and reminderWorkingDays must be at least 1");
            }

            var node = root["urgencies"]?.AsObject()
                ?? throw new RuleFileException(SlaFile, null, "an \"urgencies\" object is required");
            foreach (var urgency in Enum.GetValues<Urgency>())
            {
                var name = urgency.ToString();
                var entry = node[name] ?? throw new RuleFileException(SlaFile, name, "response windows for this urgency are missing");
                double Hours(string property) => entry[property]?.GetValue<double>()
                    ?? throw new RuleFileException(SlaFile, name, property + " is missing");
                var clockText = entry["clock"]?.GetValue<string>();
                if (!Enum.TryParse<SlaClock>(clockText, out var clock))
                {
                    throw new RuleFileException(SlaFile, name, $"clock \"{clockText}\" must be Clock or Working");
                }

                var sla = new UrgencySla(clock, Hours("respondWithinHours"), Hours("firstChaseAfterHours"), Hours("secondChaseAfterHours"), Hours("escalateAfterHours"));
                if (!(sla.FirstChaseAfterHours > 0 && sla.FirstChaseAfterHours < sla.SecondChaseAfterHours && sla.SecondChaseAfterHours < sla.RespondWithinHours && sla.RespondWithinHours <= sla.EscalateAfterHours))
                {
                    throw new RuleFileException(SlaFile, name, "the windows must run first chase < second chase < respond within <= escalate, all more than 0");
                }

                result[urgency] = sla;
            }
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new RuleFileException(SlaFile, null, "not valid: " + ex.Message);
        }

        return new SlaPolicy(result, holdDays, warningDays, reviews, calendar);
    }

    private static WideningPolicy ReadWidening(string text)
    {
        try
        {
            var root = JsonNode.Parse(text) ?? throw new RuleFileException(WideningFile, null, "the file is empty");
            var perStage = root["referralsPerStage"]?.GetValue<int>() ?? throw new RuleFileException(WideningFile, "referralsPerStage", "referralsPerStage is missing");
            if (perStage is < 1 or > 20)
            {
                throw new RuleFileException(WideningFile, "referralsPerStage", "referralsPerStage must be between 1 and 20");
            }

            var stages = new List<WideningStage>();
            foreach (var stage in root["stages"]?.AsArray() ?? throw new RuleFileException(WideningFile, null, "a \"stages\" array is required"))
            {
                var name = stage?["name"]?.GetValue<string>() ?? throw new RuleFileException(WideningFile, null, "every stage needs a name");
                var contracts = new HashSet<ContractArrangement>();
                foreach (var contract in stage["contracts"]?.AsArray() ?? [])
                {
                    var text2 = contract?.GetValue<string>();
                    if (!Enum.TryParse<ContractArrangement>(text2, out var parsed))
                    {
                        throw new RuleFileException(WideningFile, name, $"\"{text2}\" is not a contract arrangement ({string.Join(", ", Enum.GetNames<ContractArrangement>())})");
                    }

                    contracts.Add(parsed);
                }

                if (contracts.Count == 0)
                {
                    throw new RuleFileException(WideningFile, name, "a stage must include at least one contract arrangement");
                }

                var max = stage["maxDistanceMiles"];
                stages.Add(new WideningStage(name, contracts, max is null ? null : max.GetValue<int>()));
            }

            if (stages.Count == 0)
            {
                throw new RuleFileException(WideningFile, null, "at least one stage is required");
            }

            return new WideningPolicy(perStage, stages);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
        {
            throw new RuleFileException(WideningFile, null, "not valid: " + ex.Message);
        }
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
