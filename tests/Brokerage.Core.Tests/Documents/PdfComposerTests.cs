using Brokerage.Core.Documents;
using SkiaSharp;
using UglyToad.PdfPig;

namespace Brokerage.Core.Tests.Documents;

public class PdfComposerTests
{
    private static readonly PdfDocumentInfo Info = new(
        Title: "Placement record",
        Reference: "PR-2026-0001",
        ProtectiveMarking: "OFFICIAL-SENSITIVE",
        Created: new DateTimeOffset(2026, 11, 23, 14, 5, 0, TimeSpan.FromHours(1)));

    [Fact]
    public void KeyValueTable_WritesKeysAndValuesAsExtractableText()
    {
        var pages = ExtractPages(Render(pdf => pdf.KeyValueTable([("Child reference", "CH-1234"), ("Setting", "Oak House")])));

        var text = Assert.Single(pages);
        Assert.Contains("Child reference CH-1234", text, StringComparison.Ordinal);
        Assert.Contains("Setting Oak House", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Paragraph_WritesWrappedTextAsExtractableWordsInOrder()
    {
        var sentence = string.Join(' ', Enumerable.Repeat("The child settled well and attends school daily.", 8));

        var text = Assert.Single(ExtractPages(Render(pdf =>
        {
            pdf.Title("Placement record");
            pdf.Heading("Child");
            pdf.Paragraph(sentence);
        })));

        Assert.Contains("Placement record", text, StringComparison.Ordinal);
        Assert.Contains("Child", text, StringComparison.Ordinal);
        Assert.Contains(sentence, text, StringComparison.Ordinal);
    }

    [Fact]
    public void MissingValues_RenderAsNotRecorded()
    {
        var text = Assert.Single(ExtractPages(Render(pdf =>
        {
            pdf.KeyValueTable([("Allergies", null), ("Diet", "  ")]);
            pdf.Table(["Rule", "Points"], [["Distance", null]]);
            pdf.SignatureBlock("Decided by", null, "");
        })));

        Assert.Contains("Allergies Not recorded", text, StringComparison.Ordinal);
        Assert.Contains("Diet Not recorded", text, StringComparison.Ordinal);
        Assert.Contains("Distance Not recorded", text, StringComparison.Ordinal);
        Assert.Contains("Decided by Not recorded Not recorded", text, StringComparison.Ordinal);
    }

    [Fact]
    public void LongContent_SpansSeveralPagesEachWithMarkingReferenceAndPageNumber()
    {
        var pages = ExtractPages(Render(pdf =>
        {
            for (var i = 1; i <= 40; i++)
            {
                pdf.Heading($"Section {i}");
                pdf.Paragraph(string.Join(' ', Enumerable.Repeat($"Entry {i} records a review of the placement.", 6)));
            }
        }));

        Assert.True(pages.Count >= 3, $"Expected several pages but got {pages.Count}.");
        for (var i = 0; i < pages.Count; i++)
        {
            Assert.Contains("OFFICIAL-SENSITIVE", pages[i], StringComparison.Ordinal);
            Assert.Contains("PR-2026-0001", pages[i], StringComparison.Ordinal);
            Assert.Contains($"Page {i + 1}", pages[i], StringComparison.Ordinal);
        }
        Assert.Contains("Section 40", pages[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Table_RepeatsBoldHeaderRowOnEveryPageItSpans()
    {
        var rows = Enumerable.Range(1, 120).Select(i => (IReadOnlyList<string?>)[$"Rule {i}", "Proximity", $"{i}"]).ToList();

        var pages = ExtractPages(Render(pdf => pdf.Table(["Rule", "Dimension", "Points"], rows)));

        Assert.True(pages.Count >= 2, $"Expected the table to span pages but got {pages.Count}.");
        Assert.All(pages, page => Assert.Contains("Rule Dimension Points", page, StringComparison.Ordinal));
        Assert.Contains("Rule 120 Proximity 120", pages[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void OverlongWordWithoutSpaces_IsBrokenAcrossLinesWithoutLosingCharacters()
    {
        var longWord = string.Concat(Enumerable.Range(0, 40).Select(i => $"Seg{i:D2}x"));

        using var stream = new MemoryStream();
        using (var pdf = new PdfComposer(stream, Info))
        {
            pdf.Paragraph(longWord);
        }
        using var document = PdfDocument.Open(stream.ToArray());
        // Pieces of a broken word can start mid-segment, so drop the known header and footer words instead of matching a prefix.
        string[] furniture = ["OFFICIAL-SENSITIVE", "PR-2026-0001", "Page", "1"];
        var bodyWords = document.GetPage(1).GetWords().Select(w => w.Text).Where(w => !furniture.Contains(w)).ToList();

        Assert.True(bodyWords.Count > 1, "The long word should have been wrapped onto several lines.");
        Assert.Equal(longWord, string.Concat(bodyWords));
    }

    [Fact]
    public void TextWrapper_KeepsEveryLineWithinTheWidth()
    {
        using var font = new SKFont(PdfFonts.Regular, 10);
        var text = "Short words then " + new string('W', 200) + " and more short words after it.";

        var lines = TextWrapper.Wrap(text, font, 120);

        Assert.All(lines, line => Assert.True(font.MeasureText(line) <= 120, $"'{line}' is too wide."));
        Assert.Equal(text.Replace(" ", "", StringComparison.Ordinal), string.Concat(lines).Replace(" ", "", StringComparison.Ordinal));
    }

    [Fact]
    public void PageBreak_StartsANewPageButATrailingBreakAddsNoBlankPage()
    {
        var pages = ExtractPages(Render(pdf =>
        {
            pdf.Paragraph("First");
            pdf.PageBreak();
            pdf.Paragraph("Second");
            pdf.PageBreak();
        }));

        Assert.Equal(2, pages.Count);
        Assert.Contains("Second", pages[1], StringComparison.Ordinal);
    }

    [Fact]
    public void EmptyComposition_StillProducesAValidOnePageDocument()
    {
        var text = Assert.Single(ExtractPages(Render(_ => { })));

        Assert.Contains("OFFICIAL-SENSITIVE", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Document_IsA4WithMetadataAndEmbeddedLiberationFont()
    {
        using var document = PdfDocument.Open(Render(pdf => pdf.Paragraph("Hello")));

        var page = document.GetPage(1);
        Assert.Equal(595, page.Width, 0.5);
        Assert.Equal(842, page.Height, 0.5);
        Assert.Equal("Placement record", document.Information.Title);
        Assert.Equal("Brokerage", document.Information.Creator);
        Assert.Equal(Info.Created, document.Information.GetCreatedDateTimeOffset());
        Assert.All(page.Letters, letter => Assert.Contains("Liberation", letter.FontName, StringComparison.Ordinal));
    }

    [Fact]
    public void UsingAfterClose_Throws()
    {
        using var stream = new MemoryStream();
        using var pdf = new PdfComposer(stream, Info);
        pdf.Close();

        Assert.Throws<ObjectDisposedException>(() => pdf.Paragraph("Too late"));
    }

    private static byte[] Render(Action<PdfComposer> compose)
    {
        using var stream = new MemoryStream();
        // Dispose, not Close, finishes the document here so that path is covered by every test.
        using (var pdf = new PdfComposer(stream, Info))
        {
            compose(pdf);
        }
        return stream.ToArray();
    }

    private static List<string> ExtractPages(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        return document.GetPages().Select(page => string.Join(' ', page.GetWords().Select(w => w.Text))).ToList();
    }
}
