using Brokerage.Core.Common;
using Brokerage.Core.Domain;

namespace Brokerage.Web.Api;

/// <summary>
/// Reads the API's named values (enums by name, needs as a list of names), adding a problem for
/// each one it cannot read to the errors, keyed by the JSON field, so every bad value is named at once.
/// </summary>
internal static class ApiFields
{
    public static T? Enum<T>(string? text, string field, Dictionary<string, string[]> errors, bool required = false)
        where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (required)
            {
                errors[field] = [$"{field} is required: one of {string.Join(", ", System.Enum.GetNames<T>())}"];
            }

            return null;
        }

        if (EnumNames.TryParse<T>(text, out var value))
        {
            return value;
        }

        errors[field] = [$"{field} must be one of {string.Join(", ", System.Enum.GetNames<T>())}"];
        return null;
    }

    /// <summary>An email address a notice can be sent to (MimeKit reads more than that, such as a bare name).</summary>
    public static bool IsMailbox(string? text) =>
        !string.IsNullOrWhiteSpace(text) && MimeKit.MailboxAddress.TryParse(text, out var mailbox) && mailbox.Address.Contains('@', StringComparison.Ordinal);

    public static Needs Needs(IEnumerable<string>? texts, string field, Dictionary<string, string[]> errors)
    {
        var needs = Core.Domain.Needs.None;
        foreach (var text in texts ?? [])
        {
            if (EnumNames.TryParse<Needs>(text, out var need) && need != Core.Domain.Needs.None)
            {
                needs |= need;
            }
            else
            {
                errors[field] = [$"\"{text}\" is not a need Brokerage knows: use {string.Join(", ", System.Enum.GetNames<Needs>().Where(n => n != nameof(Core.Domain.Needs.None)))}"];
            }
        }

        return needs;
    }

    public static PlacementTypes PlacementTypes(IEnumerable<string>? texts, string field, Dictionary<string, string[]> errors)
    {
        var types = Core.Domain.PlacementTypes.None;
        var unknown = new List<string>();
        foreach (var text in texts ?? [])
        {
            if (EnumNames.TryParse<PlacementType>(text, out var type))
            {
                types |= type.AsSet();
            }
            else
            {
                unknown.Add($"\"{text}\" is not a type of placement: use {string.Join(", ", System.Enum.GetNames<PlacementType>())}");
            }
        }

        if (unknown.Count > 0)
        {
            errors[field] = [.. unknown];
        }

        return types;
    }
}
