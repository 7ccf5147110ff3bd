namespace Brokerage.Web.Infrastructure;

/// <summary>Model for the shared GOV.UK date input partial.</summary>
public sealed record DateInputModel(string Key, string Legend, string? Hint, DateParts Value, bool LegendIsHeading = false);

/// <summary>Model for the shared GOV.UK textarea partial.</summary>
public sealed record TextareaModel(string Key, string Label, string? Hint, string? Value, int Rows = 4, string LabelClass = "govuk-label--s");

/// <summary>A GOV.UK text input (Pages/Shared/_TextInput.cshtml): its label, optional hint and width, and what was typed.</summary>
public sealed record TextInputModel(string Key, string Label, string? Hint, string? Value, string Width = "govuk-!-width-two-thirds", string? InputMode = null, string? Prefix = null, string Type = "text");

/// <summary>A GOV.UK select (Pages/Shared/_Select.cshtml) from a list of values and their words; <paramref name="Empty"/> is the first option's text, with no value.</summary>
public sealed record SelectModel(string Key, string Label, string? Hint, IReadOnlyList<(string Value, string Text)> Options, string? Selected, string? Empty = null)
{
    public static SelectModel Of<T>(string key, string label, string? hint, IEnumerable<T> values, Func<T, string> text, T? selected, string? empty = null)
        where T : struct, Enum =>
        new(key, label, hint, values.Select(v => (v.ToString(), text(v))).ToList(), selected?.ToString(), empty);
}

/// <summary>The roles someone may be given (Pages/Shared/_RoleCheckboxes.cshtml), with what each lets them do.</summary>
public sealed record RoleCheckboxesModel(IReadOnlyList<string> Roles, IReadOnlyList<string> Selected, string Legend = "Roles")
{
    public static string Describe(string role) => role switch
    {
        Core.Identity.Roles.Broker => "Broker: makes requests, runs matching, sends referrals and confirms placements",
        Core.Identity.Roles.AssistantDirector => "Assistant director: approves unregulated and unregistered placements",
        Core.Identity.Roles.Commissioner => "Commissioner: keeps the directory of providers and runs the reports",
        Core.Identity.Roles.Admin => "Admin: people, API keys, rule files and jobs",
        Core.Identity.Roles.Provider => "Provider staff: answers referrals and notifies vacancies for their organisation",
        Core.Identity.Roles.ProviderAdmin => "Provider's admin: also invites and removes colleagues",
        _ => role,
    };
}

/// <summary>GOV.UK radios (Pages/Shared/_Radios.cshtml) from a list of values and their words, one of which may be chosen.</summary>
public sealed record RadiosModel(string Key, string Legend, string? Hint, IReadOnlyList<(string Value, string Text)> Options, string? Selected, bool Inline = false)
{
    public static RadiosModel Of<T>(string key, string legend, string? hint, IEnumerable<T> values, Func<T, string> text, T? selected)
        where T : struct, Enum =>
        new(key, legend, hint, values.Select(v => (v.ToString(), text(v))).ToList(), selected?.ToString());

    /// <summary>A yes-or-no question, posted as true or false.</summary>
    public static RadiosModel YesNo(string key, string legend, string? hint, bool? selected) =>
        new(key, legend, hint, [("true", "Yes"), ("false", "No")], selected?.ToString().ToLowerInvariant(), Inline: true);
}
