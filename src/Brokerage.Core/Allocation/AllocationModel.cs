using System.Text.Json;
using System.Text.Json.Serialization;
using Brokerage.Core.Rules;

namespace Brokerage.Core.Allocation;

public enum FactorDirection
{
    /// <summary>More of it means a larger share (child population).</summary>
    Share,

    /// <summary>More of it means a smaller share: the area is already under pressure.</summary>
    Pressure,
}

public sealed record AllocationFactor(string Column, string Label, double Weight, FactorDirection Direction);

/// <summary>An area is flagged when numerator ÷ denominator is at or above the ratio.</summary>
public sealed record AllocationThreshold(string Label, string Numerator, string Denominator, double Ratio);

/// <summary>A weighted allocation model from rules/allocation/*.json.</summary>
public sealed record AllocationModel(
    string Name,
    string Description,
    int AnnualTotal,
    string Unit,
    int Cycles,
    string CurrentColumn,
    IReadOnlyList<AllocationFactor> Factors,
    IReadOnlyList<AllocationThreshold> Thresholds)
{
    /// <summary>The file name without .json, used in addresses.</summary>
    [JsonIgnore]
    public string Key { get; init; } = "";

    /// <summary>Every column an area data file must have, after "area".</summary>
    public IReadOnlyList<string> Columns =>
        [.. Factors.Select(f => f.Column).Concat(Thresholds.SelectMany(t => new[] { t.Numerator, t.Denominator })).Append(CurrentColumn).Distinct(StringComparer.Ordinal)];

    private static readonly JsonSerializerOptions Strict = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
        Converters = { new DirectionConverter() },
    };

    /// <summary>Exactly "Share" or "Pressure": the built-in enum reader would also take "Share, Pressure" or a number.</summary>
    private sealed class DirectionConverter : JsonConverter<FactorDirection>
    {
        public override FactorDirection Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            reader.TokenType == JsonTokenType.String && reader.GetString() is { } text && Enum.GetNames<FactorDirection>().Contains(text, StringComparer.Ordinal)
                ? Enum.Parse<FactorDirection>(text)
                : throw new JsonException("direction must be \"Share\" or \"Pressure\"");

        public override void Write(Utf8JsonWriter writer, FactorDirection value, JsonSerializerOptions options) => writer.WriteStringValue(value.ToString());
    }

    public static IReadOnlyList<AllocationModel> LoadAll(string rulesDirectory)
    {
        var folder = Path.Combine(rulesDirectory, "allocation");
        return Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal).Select(path => Read(Path.GetFileName(path), File.ReadAllText(path))).ToList()
            : [];
    }

    public static AllocationModel Read(string fileName, string text)
    {
        var file = "allocation/" + fileName;
        AllocationModel? model;
        try
        {
            model = JsonSerializer.Deserialize<AllocationModel>(text, Strict);
        }
        catch (JsonException ex)
        {
            throw new RuleFileException(file, null, "not valid: " + ex.Message);
        }

        if (model is null)
        {
            throw new RuleFileException(file, null, "the file is empty");
        }

        void Require(bool ok, string? setting, string reason)
        {
            if (!ok)
            {
                throw new RuleFileException(file, setting, reason);
            }
        }

        Require(model.AnnualTotal > 0, "annualTotal", "must be more than 0");
        Require(model.Cycles >= 1, "cycles", "must be at least 1");
        Require(model.Factors.Count > 0, "factors", "at least one factor is needed");
        Require(model.Factors.All(f => f.Weight > 0), "factors", "every weight must be more than 0");
        Require(Math.Abs(model.Factors.Sum(f => f.Weight) - 100) < 0.001, "factors", $"the weights add up to {model.Factors.Sum(f => f.Weight)}, not 100");
        Require(model.Factors.Select(f => f.Column).Distinct(StringComparer.Ordinal).Count() == model.Factors.Count, "factors", "a column is used by two factors");
        Require(model.Thresholds.All(t => t.Ratio > 0), "thresholds", "every ratio must be more than 0");
        Require(model.Columns.All(c => c.Length > 0 && c != "area"), "factors", "column names must not be empty or \"area\"");
        return model with { Key = Path.GetFileNameWithoutExtension(fileName) };
    }
}
