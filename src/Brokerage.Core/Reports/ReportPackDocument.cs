using Brokerage.Core.Council;
using Brokerage.Core.Documents;

namespace Brokerage.Core.Reports;

/// <summary>Every sufficiency report for a period in one PDF: each table with its chart.</summary>
public static class ReportPackDocument
{
    public static byte[] Render(IReadOnlyList<ReportTable> reports, ReportPeriod period, DateTime generatedAtUtc, CouncilOptions council)
    {
        using var stream = new MemoryStream();
        using (var pdf = new PdfComposer(stream, new PdfDocumentInfo("Sufficiency report pack", null, "OFFICIAL", new DateTimeOffset(generatedAtUtc, TimeSpan.Zero))))
        {
            pdf.Title("Sufficiency report pack");
            pdf.Paragraph($"{council.Name} {council.TeamName}. Period: {period}. Generated {UkTime.Format(generatedAtUtc)} from live data.");
            foreach (var report in reports)
            {
                pdf.Heading(report.Title);
                pdf.Paragraph(report.Summary);
                pdf.Table(report.Columns, report.Rows.Select(r => (IReadOnlyList<string?>)[.. r]));
                pdf.BarChart(report.ChartTitle, report.ChartUnit, report.Chart.Select(b => (b.Label, b.Value)).ToList());
            }
        }

        return stream.ToArray();
    }
}
