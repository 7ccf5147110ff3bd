using System.Text.RegularExpressions;
using Deque.AxeCore.Commons;
using Deque.AxeCore.Playwright;
using Microsoft.Playwright;
using Xunit.Sdk;

namespace Brokerage.EndToEndTests.Infrastructure;

public static partial class AccessibilityExtensions
{
    // Only violations are read, so axe is spared collecting the passes and incomplete results.
    private static readonly AxeRunOptions RunOptions = new() { ResultTypes = [ResultType.Violations] };

    private static readonly HashSet<string> FailingImpacts = new(StringComparer.OrdinalIgnoreCase) { "serious", "critical" };

    /// <summary>
    /// Runs axe-core on the page as it is now and fails on every serious or critical violation,
    /// naming the rule, its impact, what it asks for and each element it found. Moderate and minor
    /// findings are left to review rather than failing the build.
    /// </summary>
    public static async Task AssertAccessibleAsync(this IPage page)
    {
        var result = await page.RunAxe(RunOptions);
        var failures = result.Violations
            .Where(v => v.Impact is not null && FailingImpacts.Contains(v.Impact))
            .Select(v => (Violation: v, Nodes: v.Nodes.Where(n => !IsKnownGovUkFrontendIssue(v, n)).ToList()))
            .Where(f => f.Nodes.Count > 0)
            .ToList();
        if (failures.Count == 0)
        {
            return;
        }

        var lines = new List<string> { $"{failures.Count} serious or critical accessibility violation(s) on {page.Url}:" };
        foreach (var (violation, nodes) in failures)
        {
            lines.Add($"- {violation.Id} ({violation.Impact}): {violation.Help} <{violation.HelpUrl}>");
            lines.AddRange(nodes.Select(node => $"    at {node.Target}: {node.Html}"));
        }

        throw new XunitException(string.Join(Environment.NewLine, lines));
    }

    /// <summary>
    /// GOV.UK Frontend puts aria-expanded on radios and checkboxes that reveal a conditional
    /// question. ARIA does not allow it on those roles, but the Design System keeps it on purpose
    /// because screen readers announce it (alphagov/govuk-frontend#979, a documented known issue).
    /// Only that attribute on those inputs is let through; any other disallowed attribute still fails.
    /// </summary>
    private static bool IsKnownGovUkFrontendIssue(AxeResultItem violation, AxeResultNode node)
    {
        if (violation.Id != "aria-allowed-attr" || !GovUkChoiceInput().IsMatch(node.Html ?? ""))
        {
            return false;
        }

        var checks = (node.Any ?? []).Concat(node.All ?? []).Concat(node.None ?? []);
        var attributes = checks.SelectMany(c => AriaAttribute().Matches(c.Message ?? "").Select(m => m.Value)).ToHashSet();
        return attributes.SetEquals(["aria-expanded"]);
    }

    [GeneratedRegex(@"^<input[^>]*class=""[^""]*govuk-(radios|checkboxes)__input")]
    private static partial Regex GovUkChoiceInput();

    [GeneratedRegex(@"aria-[a-z]+")]
    private static partial Regex AriaAttribute();
}
