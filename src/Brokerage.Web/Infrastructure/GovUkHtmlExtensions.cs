using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.Rendering;

namespace Brokerage.Web.Infrastructure;

/// <summary>
/// GOV.UK Design System error markup for Razor Pages, driven by ModelState.
/// <paramref name="key"/> arguments are ModelState keys, for example
/// "Input.ChildReference" or "Input.Needs[0].Code".
/// </summary>
public static class GovUkHtmlExtensions
{
    // Shown when a model-binding error carries only an exception.
    private const string FallbackMessage = "Enter a valid value";

    /// <summary>
    /// The element id ASP.NET Core generates for a ModelState key
    /// ('.', '[' and ']' become '_'): "Input.Needs[0].Code" → "Input_Needs_0__Code".
    /// The error summary links to it and <see cref="GovUkErrorMessage"/> uses it
    /// with an "-error" suffix, for the input's aria-describedby.
    /// </summary>
    public static string FieldId(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return key.Replace('.', '_').Replace('[', '_').Replace(']', '_');
    }

    /// <summary>The first error message recorded for <paramref name="key"/>, or null.</summary>
    public static string? FirstErrorMessage(ModelStateDictionary modelState, string key)
    {
        ArgumentNullException.ThrowIfNull(modelState);
        ArgumentNullException.ThrowIfNull(key);

        if (!modelState.TryGetValue(key, out var entry) || entry.Errors.Count == 0)
        {
            return null;
        }

        return ErrorText(entry.Errors[0]);
    }

    /// <summary>The text to show for one error.</summary>
    public static string ErrorText(ModelError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        return string.IsNullOrWhiteSpace(error.ErrorMessage) ? FallbackMessage : error.ErrorMessage;
    }

    public static bool HasError(this IHtmlHelper html, string key)
    {
        ArgumentNullException.ThrowIfNull(html);
        return FirstErrorMessage(html.ViewData.ModelState, key) is not null;
    }

    /// <summary>"govuk-form-group", plus "govuk-form-group--error" when <paramref name="key"/> has an error.</summary>
    public static string GovUkFormGroupClass(this IHtmlHelper html, string key) =>
        html.HasError(key) ? "govuk-form-group govuk-form-group--error" : "govuk-form-group";

    /// <summary>
    /// <c>&lt;p id="{id}-error" class="govuk-error-message"&gt;</c> with the first error for
    /// <paramref name="key"/>, HTML-encoded; empty content when there is none.
    /// </summary>
    public static IHtmlContent GovUkErrorMessage(this IHtmlHelper html, string key)
    {
        ArgumentNullException.ThrowIfNull(html);
        var message = FirstErrorMessage(html.ViewData.ModelState, key);
        if (message is null)
        {
            return HtmlString.Empty;
        }

        // Append encodes; AppendHtml writes markup as is.
        return new HtmlContentBuilder()
            .AppendHtml("<p id=\"")
            .Append(FieldId(key) + "-error")
            .AppendHtml("\" class=\"govuk-error-message\"><span class=\"govuk-visually-hidden\">Error:</span> ")
            .Append(message)
            .AppendHtml("</p>");
    }
}
