namespace PolicyRegister.Domain.Texts;

/// <summary>
/// The keys a Chinese-capable index holds for a text: every character and every pair of adjacent characters (bigram),
/// folded to lower case, packed in one int (a character alone is paired with U+0000, which no recorded text holds),
/// sorted and distinct. Chinese has no spaces between words and most words are one or two characters, so the index
/// alone decides a word of one or two characters; a longer word's bigrams narrow to candidates that the text confirms.
/// One home for both sides: what is stored and what is asked.
/// </summary>
public static class SearchKeys
{
    /// <summary>The keys of a stored text (a title, a document's text).</summary>
    public static int[] Of(string text)
    {
        var keys = new HashSet<int>();
        for (var i = 0; i < text.Length; i++)
        {
            var a = text[i];
            if (char.IsWhiteSpace(a)) continue;
            a = char.ToLowerInvariant(a);
            keys.Add(Pack(a, '\0'));
            if (i + 1 < text.Length && !char.IsWhiteSpace(text[i + 1])) keys.Add(Pack(a, char.ToLowerInvariant(text[i + 1])));
        }
        var sorted = keys.ToArray();
        Array.Sort(sorted);
        return sorted;
    }

    /// <summary>
    /// The keys every text holding <paramref name="word"/> holds: its character when it has one, else its bigrams
    /// (fewer and rarer than its characters, so the index intersects shorter lists).
    /// </summary>
    public static int[] OfWord(string word) => word.Length == 1 ? [Pack(char.ToLowerInvariant(word[0]), '\0')] : Bigrams(word);

    /// <summary>The keys every text holding all of <paramref name="words"/> holds, distinct and sorted: what a search asks the index for.</summary>
    public static int[] OfWords(IEnumerable<string> words) => [.. words.SelectMany(OfWord).Distinct().Order()];

    /// <summary>Whether the index alone decides the word (one or two characters): no text needs reading to confirm it.</summary>
    public static bool Decides(string word) => word.Length <= 2 && !word.Any(char.IsWhiteSpace);

    /// <summary>Whether the text holds the word as the index sees it (case folded), the check that confirms a candidate.</summary>
    public static bool Holds(string text, string word) => text.Contains(word, StringComparison.OrdinalIgnoreCase);

    private static int[] Bigrams(string word)
    {
        var keys = new SortedSet<int>();
        for (var i = 0; i + 1 < word.Length; i++)
            if (!char.IsWhiteSpace(word[i]) && !char.IsWhiteSpace(word[i + 1])) keys.Add(Pack(char.ToLowerInvariant(word[i]), char.ToLowerInvariant(word[i + 1])));
        return [.. keys];
    }

    private static int Pack(char a, char b) => (a << 16) | b;
}
