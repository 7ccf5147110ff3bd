using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;

namespace Brokerage.Core.Rules;

/// <summary>
/// Reads a policy file into its typed record, strictly: a property the record does not have is
/// refused (a misspelt setting would otherwise be ignored and its default used), every
/// constructor parameter without a default must be present, null is taken only where the record
/// allows it, and an enum only by its exact name. A file that does not fit becomes a
/// <see cref="RuleFileException"/> naming the file, the place in it and the reason.
/// </summary>
public static partial class RuleFileJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        Converters = { new ExactEnumConverter() },
    };

    public static T Read<T>(string file, string text)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, Options) ?? throw new RuleFileException(file, null, "the file is empty");
        }
        catch (JsonException ex)
        {
            throw new RuleFileException(file, Place(ex.Path), Reason(ex));
        }
    }

    /// <summary>"$.urgencies.Crisis.clock" as "urgencies.Crisis.clock"; nothing for the top of the file.</summary>
    private static string? Place(string? path) =>
        path is null or "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path;

    /// <summary>The serializer's message in the words of someone editing the file, without the .NET type names it adds for programmers.</summary>
    private static string Reason(JsonException ex)
    {
        var message = ex.Message;
        var line = ex.LineNumber is { } number ? $" (line {number + 1})" : "";
        if (MissingProperties().Match(message) is { Success: true } missing)
        {
            return $"{missing.Groups[1].Value.Replace("'", "", StringComparison.Ordinal)} is missing";
        }

        if (UnmappedProperty().Match(message) is { Success: true } unmapped)
        {
            return $"\"{unmapped.Groups[1].Value}\" is not a setting this file can have (misspelt?)" + line;
        }

        if (message.Contains("null values", StringComparison.Ordinal))
        {
            return "the value cannot be null" + line;
        }

        if (message.StartsWith("The JSON value could not be converted", StringComparison.Ordinal))
        {
            return "the value is not of the kind this setting takes" + line;
        }

        var position = message.IndexOf(" Path: ", StringComparison.Ordinal);
        return (position < 0 ? message : message[..position]) + line;
    }

    [GeneratedRegex("^The JSON property '(.+?)' could not be mapped")]
    private static partial Regex UnmappedProperty();

    [GeneratedRegex("was missing required properties including: (.+?)\\.( Path:|$)")]
    private static partial Regex MissingProperties();

    /// <summary>
    /// Only the enum's exact names, written as strings: the built-in converter would also take a
    /// number, a different case or "Crisis, Planned" as flags.
    /// </summary>
    private sealed class ExactEnumConverter : JsonConverterFactory
    {
        public override bool CanConvert(Type typeToConvert) => typeToConvert.IsEnum;

        public override JsonConverter CreateConverter(Type typeToConvert, JsonSerializerOptions options) =>
            (JsonConverter)Activator.CreateInstance(typeof(Exact<>).MakeGenericType(typeToConvert))!;

        private sealed class Exact<TEnum> : JsonConverter<TEnum>
            where TEnum : struct, Enum
        {
            public override TEnum Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
                reader.TokenType == JsonTokenType.String && reader.GetString() is { } text && Enum.GetNames<TEnum>().Contains(text, StringComparer.Ordinal)
                    ? Enum.Parse<TEnum>(text)
                    : throw new JsonException($"{Shown(ref reader)} is not one of {string.Join(", ", Enum.GetNames<TEnum>())}");

            public override void Write(Utf8JsonWriter writer, TEnum value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());

            private static string Shown(ref Utf8JsonReader reader) => reader.TokenType switch
            {
                JsonTokenType.String => $"\"{reader.GetString()}\"",
                JsonTokenType.Null => "null",
                _ => "a " + reader.TokenType.ToString().ToLowerInvariant(),
            };
        }
    }
}
