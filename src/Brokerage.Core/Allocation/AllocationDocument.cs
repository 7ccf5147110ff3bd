using Brokerage.Core.Common;
using System.Globalization;
using System.Text;
using Brokerage.Core.Council;
using Brokerage.Core.Documents;

namespace Brokerage.Core.Allocation;

/// <summary>Allocation results as CSV and as a PDF, with the method and weights, so a partner can check them.</summary>
public static class AllocationDocument
{
    public static string Csv(AllocationResult result)
    {
        var model = result.Model;
        var csv = new StringBuilder();
        csv.AppendLine(string.Join(",", new[] { "area" }.Concat(model.Factors.Select(f => f.Column + "_share")).Concat(["share", "annual_" + model.Unit, "current_share"]).Concat(Enumerable.Range(1, model.Cycles).Select(c => $"cycle_{c}")).Append("flags")));
        foreach (var area in result.Areas)
        {
            csv.AppendLine(string.Join(",", new[] { CsvField.Of(area.Area) }
                .Concat(area.FactorShares.Select(Number))
                .Concat([Number(area.Share), area.Annual.ToString(CultureInfo.InvariantCulture), Number(area.CurrentShare)])
                .Concat(area.PerCycle.Select(c => c.ToString(CultureInfo.InvariantCulture)))
                .Append(CsvField.Of(string.Join("; ", area.Flags)))));
        }

        return csv.ToString();
    }

    public static byte[] Pdf(AllocationResult result, string datasetName, bool illustrative, DateTime generatedAtUtc, CouncilOptions council)
    {
        var model = result.Model;
        using var stream = new MemoryStream();
        using (var pdf = new PdfComposer(stream, new PdfDocumentInfo(model.Name, null, "OFFICIAL", new DateTimeOffset(generatedAtUtc, TimeSpan.Zero))))
        {
            pdf.Title(model.Name);
            pdf.Paragraph($"{council.Name}. Area data: {datasetName}{(illustrative ? " (illustrative figures, not real data)" : "")}. Generated {UkTime.Format(generatedAtUtc)}.");
            pdf.Heading("Method");
            foreach (var line in Method(model))
            {
                pdf.Paragraph(line);
            }

            pdf.Table(["Factor", "Weight", "Direction"], model.Factors.Select(f => (IReadOnlyList<string?>)[f.Label, $"{f.Weight.ToString("0.##", CultureInfo.InvariantCulture)}%", f.Direction == FactorDirection.Share ? "Share: more means a larger share" : "Pressure: more means a smaller share"]));
            pdf.Heading("Shares");
            pdf.Table(["Area", "Share", $"Illustrative {model.Unit} a year", "Flags"],
                result.Areas.Select(a => (IReadOnlyList<string?>)[a.Area, Percent(a.Share), a.Annual.ToString(CultureInfo.InvariantCulture), a.Flags.Count == 0 ? "None" : string.Join("; ", a.Flags)]));
            pdf.BarChart($"Share of the {model.AnnualTotal} {model.Unit} a year", "%", result.Areas.Select(a => (a.Area, Math.Round(a.Share * 100, 1))).ToList());
            pdf.Heading("Change plan");
            pdf.Table(["Area", "Today", .. Enumerable.Range(1, model.Cycles).Select(c => $"Cycle {c}")],
                result.Areas.Select(a => (IReadOnlyList<string?>)[a.Area, Percent(a.CurrentShare), .. a.PerCycle.Select(c => c.ToString(CultureInfo.InvariantCulture))]));
        }

        return stream.ToArray();
    }

    /// <summary>The method in plain English, the same words on the page and in the PDF.</summary>
    public static IReadOnlyList<string> Method(AllocationModel model) =>
    [
        $"Each factor gives every area a share of 100%. For a share factor, an area's share is its figure divided by the total of all areas' figures. For a pressure factor, each area's figure becomes 1 ÷ (1 + figure), and its share is that divided by the total of those: so an area under twice the pressure gets about half the share.",
        $"An area's overall share adds up each factor's share times the factor's weight (the weights add up to 100%).",
        $"The illustrative annual number is {model.AnnualTotal} × the area's share. Each area first gets the whole number below its figure; the {model.Unit} left over go one each to the areas with the largest fractions, so the numbers add up to exactly {model.AnnualTotal}.",
        $"The change plan splits the year into {model.Cycles} cycles ({model.AnnualTotal} ÷ {model.Cycles}, rounded the same way). In cycle k each area's share moves k/{model.Cycles} of the way from its share today (its {model.CurrentColumn} divided by the total) to its target share, so by the last cycle every area is at its target.",
        .. model.Thresholds.Select(t => $"Flag \"{t.Label}\": {t.Numerator} ÷ {t.Denominator} is {t.Ratio.ToString("0.#####", CultureInfo.InvariantCulture)} or more."),
    ];

    private static string Number(double value) => value.ToString("0.######", CultureInfo.InvariantCulture);

    private static string Percent(double share) => (share * 100).ToString("0.0", CultureInfo.InvariantCulture) + "%";

}
