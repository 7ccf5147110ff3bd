using SkiaSharp;

namespace Brokerage.Core.Documents;

/// <param name="Created">Passed in rather than read from the clock so output is reproducible and testable.</param>
public sealed record PdfDocumentInfo(string Title, string? Reference = null, string? ProtectiveMarking = null, DateTimeOffset? Created = null);

/// <summary>
/// Flows simple blocks (headings, paragraphs, tables) top to bottom onto A4 pages, breaking pages as needed.
/// Text is drawn as real glyphs with an embedded font, so the PDF stays searchable and accessible to text extraction.
/// </summary>
public sealed class PdfComposer : IDisposable
{
    public const string NotRecorded = "Not recorded";

    private const float PageWidth = 595, PageHeight = 842, Margin = 50;
    private const float ContentLeft = Margin, ContentWidth = PageWidth - (2 * Margin);
    // The header and footer sit inside the margin box; body content flows between them.
    private const float ContentTop = Margin + 24, ContentBottom = PageHeight - Margin - 24;
    private const float CellPadding = 4;

    private readonly SKDocument _document;
    private readonly PdfDocumentInfo _info;
    private readonly SKFont _body = new(PdfFonts.Regular, 10);
    private readonly SKFont _bold = new(PdfFonts.Bold, 10);
    private readonly SKFont _heading = new(PdfFonts.Bold, 13);
    private readonly SKFont _title = new(PdfFonts.Bold, 18);
    private readonly SKFont _small = new(PdfFonts.Regular, 8);
    private readonly SKPaint _ink = new() { Color = SKColors.Black, IsAntialias = true };
    private readonly SKPaint _rule = new() { Color = new SKColor(0x99, 0x99, 0x99), StrokeWidth = 0.5f, IsAntialias = true };
    private readonly SKPaint _bar = new() { Color = new SKColor(0x1d, 0x70, 0xb8), IsAntialias = true, Style = SKPaintStyle.Fill };

    private SKCanvas? _canvas;
    private float _y;
    private int _pageNumber;
    private bool _closed;

    public PdfComposer(Stream output, PdfDocumentInfo info)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(info);
        _info = info;
        var metadata = SKDocumentPdfMetadata.Default;
        metadata.Title = info.Title;
        metadata.Creator = "Brokerage";
        // Skia writes the date as UTC; the instant is kept but the original offset is not.
        metadata.Creation = info.Created?.UtcDateTime;
        metadata.Modified = info.Created?.UtcDateTime;
        _document = SKDocument.CreatePdf(output, metadata)
            ?? throw new InvalidOperationException("SkiaSharp could not create a PDF document on the given stream.");
    }

    public int PageCount => _pageNumber;

    public void Title(string text) => WriteLines(text, _title, spaceAfter: 10);

    public void Heading(string text)
    {
        // Keep a heading with at least two lines of what follows rather than stranding it at the foot of a page.
        EnsureSpace(_heading.Spacing + 6 + (2 * _body.Spacing));
        _y += 6;
        WriteLines(text, _heading, spaceAfter: 4);
    }

    public void Paragraph(string? text) => WriteLines(OrNotRecorded(text), _body, spaceAfter: 6);

    public void KeyValueTable(IEnumerable<(string Key, string? Value)> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        float[] widths = [ContentWidth * 0.35f, ContentWidth * 0.65f];
        foreach (var (key, value) in rows)
        {
            DrawRow([key, OrNotRecorded(value)], widths, [_bold, _body], repeatHeader: null);
        }
        _y += 6;
    }

    public void Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        if (headers.Count == 0)
        {
            throw new ArgumentException("A table needs at least one column.", nameof(headers));
        }

        var widths = Enumerable.Repeat(ContentWidth / headers.Count, headers.Count).ToArray();
        var bodyFonts = Enumerable.Repeat(_body, headers.Count).ToArray();
        var headerFonts = Enumerable.Repeat(_bold, headers.Count).ToArray();
        void DrawHeader() => DrawRow(headers, widths, headerFonts, repeatHeader: null);

        // Don't leave a header row alone at the foot of a page.
        EnsureSpace(2 * (_bold.Spacing + (2 * CellPadding)));
        DrawHeader();
        foreach (var row in rows)
        {
            if (row.Count != headers.Count)
            {
                throw new ArgumentException($"Each row must have {headers.Count} cells; found one with {row.Count}.", nameof(rows));
            }
            DrawRow(row.Select(OrNotRecorded).ToArray(), widths, bodyFonts, DrawHeader);
        }
        _y += 6;
    }

    public void SignatureBlock(string label, string? name, string? date)
    {
        // Drawn as one unit so a signature is never separated from the name and date it attests.
        EnsureSpace(20 + (3 * _body.Spacing));
        _y += 12;
        _canvas!.DrawLine(ContentLeft, _y, ContentLeft + (ContentWidth / 2), _y, _rule);
        _y += 4;
        WriteLines(label, _bold, spaceAfter: 0);
        WriteLines(OrNotRecorded(name), _body, spaceAfter: 0);
        WriteLines(OrNotRecorded(date), _body, spaceAfter: 6);
    }

    /// <summary>
    /// A horizontal bar chart: one labelled bar per value, scaled to the largest, with the value
    /// written after it. The figures are also in a table beside it, so the chart adds nothing a
    /// reader of the text would miss.
    /// </summary>
    public void BarChart(string title, string unit, IReadOnlyList<(string Label, double Value)> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        WriteLines(title, _bold, spaceAfter: 4);
        var labelWidth = ContentWidth * 0.35f;
        var valueWidth = 60f;
        var barSpace = ContentWidth - labelWidth - valueWidth - 8;
        var max = bars.Count == 0 ? 0 : bars.Max(b => b.Value);
        var rowHeight = _body.Spacing + 4;
        foreach (var (label, value) in bars)
        {
            EnsureSpace(rowHeight);
            var text = TextWrapper.Wrap(label, _body, labelWidth - 4).FirstOrDefault() ?? "";
            DrawLine(text, ContentLeft, _y + 2, _body);
            var width = max <= 0 ? 0 : (float)(barSpace * value / max);
            _canvas!.DrawRect(ContentLeft + labelWidth, _y + 3, Math.Max(width, 0.5f), _body.Spacing - 2, _bar);
            DrawLine($"{value.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture)}{(unit == "%" ? "%" : " " + unit)}", ContentLeft + labelWidth + width + 4, _y + 2, _body);
            _y += rowHeight;
        }

        _y += 8;
    }

    /// <summary>Ends the current page; the next block starts a fresh one (so a trailing break adds no blank page).</summary>
    public void PageBreak()
    {
        ThrowIfClosed();
        EndPage();
    }

    public void Close()
    {
        if (_closed)
        {
            return;
        }
        // A PDF with no pages is not a valid document, so an empty composition still yields one page.
        if (_pageNumber == 0)
        {
            StartPage();
        }
        EndPage();
        _document.Close();
        _closed = true;
    }

    public void Dispose()
    {
        try
        {
            Close();
        }
        finally
        {
            _document.Dispose();
            foreach (var font in new[] { _body, _bold, _heading, _title, _small })
            {
                font.Dispose();
            }
            _ink.Dispose();
            _rule.Dispose();
            _bar.Dispose();
        }
    }

    private void WriteLines(string text, SKFont font, float spaceAfter)
    {
        foreach (var line in TextWrapper.Wrap(text, font, ContentWidth))
        {
            EnsureSpace(font.Spacing);
            DrawLine(line, ContentLeft, _y, font);
            _y += font.Spacing;
        }
        _y += spaceAfter;
    }

    private void DrawRow(IReadOnlyList<string> cells, float[] widths, SKFont[] fonts, Action? repeatHeader)
    {
        var lines = cells.Select((cell, i) => TextWrapper.Wrap(cell, fonts[i], widths[i] - (2 * CellPadding))).ToArray();
        var lineCount = lines.Max(l => l.Count);
        var lineHeight = fonts.Max(f => f.Spacing);

        // Move a row that would fit on a page to the next one whole; only rows taller than a page get split.
        var rowHeight = (lineCount * lineHeight) + (2 * CellPadding);
        if (rowHeight <= ContentBottom - ContentTop)
        {
            EnsureSpace(rowHeight, repeatHeader);
            // Cell by cell, so that text copied or read out of the PDF keeps each cell together.
            var left = ContentLeft;
            for (var column = 0; column < cells.Count; column++)
            {
                for (var lineIndex = 0; lineIndex < lines[column].Count; lineIndex++)
                {
                    DrawLine(lines[column][lineIndex], left + CellPadding, _y + CellPadding + (lineIndex * lineHeight), fonts[column]);
                }

                left += widths[column];
            }

            _y += rowHeight;
            _canvas!.DrawLine(ContentLeft, _y, ContentLeft + ContentWidth, _y, _rule);
            return;
        }

        _y += CellPadding;
        for (var lineIndex = 0; lineIndex < lineCount; lineIndex++)
        {
            if (EnsureSpace(lineHeight + CellPadding, repeatHeader))
            {
                _y += CellPadding;
            }
            var x = ContentLeft;
            for (var column = 0; column < cells.Count; column++)
            {
                if (lineIndex < lines[column].Count)
                {
                    DrawLine(lines[column][lineIndex], x + CellPadding, _y, fonts[column]);
                }
                x += widths[column];
            }
            _y += lineHeight;
        }
        _y += CellPadding;
        _canvas!.DrawLine(ContentLeft, _y, ContentLeft + ContentWidth, _y, _rule);
    }

    /// <returns>True when a new page had to be started.</returns>
    private bool EnsureSpace(float height, Action? onNewPage = null)
    {
        ThrowIfClosed();
        if (_canvas is not null && _y + height <= ContentBottom)
        {
            return false;
        }
        EndPage();
        StartPage();
        onNewPage?.Invoke();
        return true;
    }

    private void StartPage()
    {
        _pageNumber++;
        _canvas = _document.BeginPage(PageWidth, PageHeight);
        _y = ContentTop;

        // The marking goes top and bottom of every page, following the Government Security Classifications convention.
        var marking = _info.ProtectiveMarking;
        var headerBaseline = Margin + 8;
        if (!string.IsNullOrWhiteSpace(marking))
        {
            _canvas.DrawText(marking, ContentLeft, headerBaseline, SKTextAlign.Left, _bold, _ink);
        }
        if (!string.IsNullOrWhiteSpace(_info.Reference))
        {
            _canvas.DrawText(_info.Reference, ContentLeft + ContentWidth, headerBaseline, SKTextAlign.Right, _small, _ink);
        }
        _canvas.DrawLine(ContentLeft, headerBaseline + 6, ContentLeft + ContentWidth, headerBaseline + 6, _rule);

        var footerBaseline = PageHeight - Margin;
        _canvas.DrawLine(ContentLeft, footerBaseline - 14, ContentLeft + ContentWidth, footerBaseline - 14, _rule);
        if (!string.IsNullOrWhiteSpace(marking))
        {
            _canvas.DrawText(marking, ContentLeft, footerBaseline, SKTextAlign.Left, _bold, _ink);
        }
        _canvas.DrawText($"Page {_pageNumber}", ContentLeft + ContentWidth, footerBaseline, SKTextAlign.Right, _small, _ink);
    }

    private void EndPage()
    {
        if (_canvas is null)
        {
            return;
        }
        _document.EndPage();
        _canvas = null;
    }

    // _y is the top of the line box; Skia draws at the baseline, which sits one ascent (negative in Skia) lower.
    private void DrawLine(string text, float x, float top, SKFont font) =>
        _canvas!.DrawText(text, x, top - font.Metrics.Ascent, SKTextAlign.Left, font, _ink);

    private static string OrNotRecorded(string? value) => string.IsNullOrWhiteSpace(value) ? NotRecorded : value;

    private void ThrowIfClosed() => ObjectDisposedException.ThrowIf(_closed, this);
}

internal static class TextWrapper
{
    /// <summary>Greedy word wrap; a word wider than the line is cut at character boundaries rather than overflowing the page.</summary>
    public static List<string> Wrap(string text, SKFont font, float maxWidth)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.ReplaceLineEndings("\n").Split('\n'))
        {
            var current = "";
            foreach (var word in paragraph.Split([' ', '\t'], StringSplitOptions.RemoveEmptyEntries))
            {
                var candidate = current.Length == 0 ? word : $"{current} {word}";
                if (font.MeasureText(candidate) <= maxWidth)
                {
                    current = candidate;
                    continue;
                }
                if (current.Length > 0)
                {
                    lines.Add(current);
                }
                current = word;
                while (font.MeasureText(current) > maxWidth)
                {
                    var fit = FittingLength(current, font, maxWidth);
                    lines.Add(current[..fit]);
                    current = current[fit..];
                }
            }
            // Blank source lines are kept so deliberate spacing in free text survives.
            lines.Add(current);
        }
        return lines;
    }

    private static int FittingLength(string text, SKFont font, float maxWidth)
    {
        var fit = (int)font.BreakText(text, maxWidth);
        // Never split a surrogate pair, and always make progress even if a single glyph is wider than the line.
        if (fit > 0 && fit < text.Length && char.IsHighSurrogate(text[fit - 1]))
        {
            fit--;
        }
        return Math.Max(fit, char.IsHighSurrogate(text[0]) && text.Length > 1 ? 2 : 1);
    }
}

/// <summary>Liberation Sans is embedded so output is identical on every host, including containers with no fonts installed.</summary>
internal static class PdfFonts
{
    private static readonly Lazy<SKTypeface> s_regular = new(() => Load("LiberationSans-Regular.ttf"));
    private static readonly Lazy<SKTypeface> s_bold = new(() => Load("LiberationSans-Bold.ttf"));

    public static SKTypeface Regular => s_regular.Value;
    public static SKTypeface Bold => s_bold.Value;

    private static SKTypeface Load(string fileName)
    {
        var assembly = typeof(PdfFonts).Assembly;
        // Matched by suffix because MSBuild derives the resource name from the root namespace and folder path.
        var resourceName = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith("." + fileName, StringComparison.Ordinal))
            ?? throw new InvalidOperationException($"Embedded font {fileName} is missing from {assembly.GetName().Name}.");
        using var stream = assembly.GetManifestResourceStream(resourceName)!;
        // SKData copies the bytes into native memory, so the typeface does not depend on the resource stream staying open.
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data)
            ?? throw new InvalidOperationException($"Embedded font {resourceName} could not be read by SkiaSharp.");
    }
}
