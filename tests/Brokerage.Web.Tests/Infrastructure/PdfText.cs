using System.Text;
using System.Text.RegularExpressions;
using UglyToad.PdfPig;

namespace Brokerage.Web.Tests.Infrastructure;

/// <summary>
/// A PDF's text in the order it was drawn. PdfPig's word extraction reads across a page line by
/// line, which interleaves the cells of a table row; the drawing order keeps each cell together.
/// </summary>
public static partial class PdfText
{
    public static string Read(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var text = new StringBuilder();
        foreach (var page in document.GetPages())
        {
            UglyToad.PdfPig.Content.Letter? previous = null;
            foreach (var letter in page.Letters)
            {
                var newLine = previous is not null && Math.Abs(letter.StartBaseLine.Y - previous.StartBaseLine.Y) > 1;
                var gap = previous is not null && letter.StartBaseLine.X - previous.EndBaseLine.X > letter.FontSize * 0.15;
                if (previous is null || newLine || gap)
                {
                    text.Append(' ');
                }

                text.Append(letter.Value);
                previous = letter;
            }
        }

        return Spaces().Replace(text.ToString(), " ").Trim();
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
