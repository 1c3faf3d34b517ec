using Marten;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Texts;

namespace PolicyRegister.Web.Documents;

/// <summary>Where the words stand in a document's text: a snippet around the first, its place in the snippet, and the article it is in.</summary>
public sealed record TextMatch(string Snippet, int Start, int Length, string? Part, string? PartLabel, int Hits);

/// <summary>
/// Search inside the texts: every word must occur in the version of the text that matched; ranked by how often the
/// words occur, then by date. One home for the API (`in=text`) and the public search's 全文 switch.
/// </summary>
public static class TextSearch
{
    private const int Before = 24, After = 60;

    public static string[] Words(string q) => [.. q.Split([' ', '　'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Take(5)];

    public static async Task<IReadOnlyList<(Document Document, TextMatch Match)>> Find(IQuerySession session, string q, IReadOnlyList<string>? jurisdictions, int take,
        CancellationToken token)
    {
        var words = Words(q);
        if (words.Length == 0) return [];
        var query = session.Query<DocumentText>().AsQueryable();
        foreach (var word in words) query = query.Where(t => t.Text.Contains(word));
        // The newest matching version of each document.
        var texts = (await query.OrderByDescending(t => t.RecordedAt).Take(1000).ToListAsync(token)).GroupBy(t => t.DocumentId).Select(g => g.First()).ToList();
        var documents = (await session.LoadManyAsync<Document>(token, texts.Select(t => t.DocumentId))).ToDictionary(d => d.Id);
        return [.. texts.Where(t => documents.TryGetValue(t.DocumentId, out var d) && (jurisdictions is null || jurisdictions.Contains(d.Jurisdiction)))
            .Select(t => (Document: documents[t.DocumentId], Match: Match(t.Text, words)))
            .OrderByDescending(x => x.Match.Hits).ThenByDescending(x => x.Document.SignedOn).Take(take)];
    }

    public static TextMatch Match(string text, string[] words)
    {
        var first = text.IndexOf(words[0], StringComparison.Ordinal);
        var hits = words.Sum(w => Count(text, w));
        var from = Math.Max(0, first - Before);
        var to = Math.Min(text.Length, first + words[0].Length + After);
        var snippet = (from > 0 ? "…" : "") + text[from..to].Replace('\n', ' ') + (to < text.Length ? "…" : "");
        var article = TextStructure.Parse(text).All().Where(p => p.Kind == PartKind.Article)
            .FirstOrDefault(a => Flatten(a).Contains(words[0], StringComparison.Ordinal));
        return new TextMatch(snippet, first - from + (from > 0 ? 1 : 0), words[0].Length, article?.Id, article is null ? null : $"{article.Number}{(article.Heading.Length > 0 ? " " + article.Heading : "")}", hits);
    }

    private static string Flatten(TextPart part) => part.Heading + part.Text + string.Concat(part.Children.Select(Flatten));

    private static int Count(string text, string word)
    {
        var n = 0;
        for (var i = text.IndexOf(word, StringComparison.Ordinal); i >= 0; i = text.IndexOf(word, i + word.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
