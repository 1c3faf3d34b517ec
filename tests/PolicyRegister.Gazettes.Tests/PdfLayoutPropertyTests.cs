using System.Text;

namespace PolicyRegister.Gazettes.Tests;

/// <summary>
/// Text extracted from a PDF: every line hard-wrapped at the page width, a running header (the gazette's name and
/// issue) and a page number at every page break. Whatever the width and the page length, the plan must find the same
/// documents with the same numbers as from the clean text: nothing added, nothing lost, no number changed.
/// </summary>
public class PdfLayoutPropertyTests
{
    /// <summary>Wraps every line at <paramref name="width"/> characters and breaks pages every <paramref name="pageLines"/> lines.</summary>
    public static string AsExtractedFromPdf(string text, int width, int pageLines, string runningHeader, int pageStyle)
    {
        var output = new StringBuilder();
        var onPage = 0;
        var page = 1;
        foreach (var raw in text.Replace("\r\n", "\n").Split('\n'))
        {
            var line = raw.TrimEnd();
            var pieces = new List<string>();
            for (var at = 0; at < line.Length; at += width) pieces.Add(line.Substring(at, Math.Min(width, line.Length - at)));
            if (pieces.Count == 0) pieces.Add("");
            foreach (var piece in pieces)
            {
                output.Append(piece).Append('\n');
                if (++onPage < pageLines) continue;
                // The page's footer, then the next page's running header.
                output.Append(pageStyle switch { 0 => $"— {page} —", 1 => $"-{page}-", 2 => $"第{page}页", _ => $"·{page}·" }).Append('\n');
                output.Append(runningHeader).Append('\n');
                onPage = 0;
                page++;
            }
        }
        return output.ToString();
    }

    private static IReadOnlyList<string> Numbers(ImportPlan plan) => [.. plan.Documents.Select(d => d.Number)];

    public static IEnumerable<(int Width, int PageLines, int Style)> Variants(int count)
    {
        var random = new Random(20261122);
        for (var i = 0; i < count; i++) yield return (20 + i % 21, random.Next(25, 80), random.Next(4));
    }

    [GazetteFact]
    public void when_the_shared_gazettes_are_wrapped_and_paged_like_pdf_text_every_document_and_number_should_stay()
    {
        foreach (var file in Directory.GetFiles(GazetteFiles.Folder!, "*.txt").Order())
        {
            var text = File.ReadAllText(file);
            var clean = GazetteParser.Parse(text);
            var header = $"{clean.Gazette.Name}　{clean.Gazette.IssueLabel}";
            foreach (var (width, pageLines, style) in Variants(200))
            {
                var variant = GazetteParser.Parse(AsExtractedFromPdf(text, width, pageLines, header, style));
                Numbers(variant).Should().Equal(Numbers(clean), $"{Path.GetFileName(file)} wrapped at {width}, {pageLines} lines a page, page style {style}");
                variant.Gazette.Jurisdiction.Should().Be(clean.Gazette.Jurisdiction);
            }
        }
    }

    [Fact]
    public void when_the_regional_gazette_is_wrapped_and_paged_like_pdf_text_every_document_and_number_should_stay()
    {
        var clean = GazetteParser.Parse(GeneralLayoutTests.Regional);
        clean.Documents.Should().NotBeEmpty();
        foreach (var (width, pageLines, style) in Variants(200))
        {
            var variant = GazetteParser.Parse(AsExtractedFromPdf(GeneralLayoutTests.Regional, width, pageLines, "宁夏回族自治区人民政府公报 2023年第5期", style));
            Numbers(variant).Should().Equal(Numbers(clean), $"wrapped at {width}, {pageLines} lines a page, page style {style}");
        }
    }
}
