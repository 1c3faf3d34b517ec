using System.Reflection;
using PolicyRegister.Domain.Dates;

namespace PolicyRegister.Domain.Jurisdictions;

public enum DivisionLevel { Province, City, County }

/// <summary>An administrative division: its GB/T 2260 code, name, parent and level.</summary>
public sealed record Division(string Code, string Name, string? ParentCode, DivisionLevel Level);

/// <summary>
/// The national list of administrative divisions (province, city and county level), shipped with the register.
/// A jurisdiction is one of them, stored as its code; names, codes and short forms are resolved here, once, at the
/// edge. Pure: the table is embedded in this assembly.
/// </summary>
public static class Divisions
{
    private static readonly Lazy<Table> Data = new(Load);

    public static IReadOnlyList<Division> All => Data.Value.All;

    public static Division? ByCode(string code) => Data.Value.ByCode.GetValueOrDefault(code);

    /// <summary>
    /// The stored form of a jurisdiction: its code. Events written before jurisdictions were divisions carry a name;
    /// folding them reads the name as its division's code when exactly one division has it (an upcast that needs no
    /// I/O), and keeps an unresolvable name as written, for a person to correct with a correction event.
    /// </summary>
    public static string Canonical(string written) => Resolve(written).Division?.Code ?? written;

    /// <summary>The division's name for a stored jurisdiction (a code); a value that is no code is shown as it is.</summary>
    public static string NameOf(string jurisdiction) => ByCode(jurisdiction)?.Name ?? jurisdiction;

    /// <summary>The name with its parents, as a person writes it in full: 宁夏回族自治区中卫市中宁县.</summary>
    public static string FullName(Division d) => string.Concat(SelfAndAncestors(d.Code).Reverse().Select(x => x.Name));

    public static Division? Parent(Division d) => d.ParentCode is null ? null : ByCode(d.ParentCode);

    /// <summary>The division and every division above it, nearest first.</summary>
    public static IEnumerable<Division> SelfAndAncestors(string code)
    {
        for (var d = ByCode(code); d is not null; d = Parent(d)) yield return d;
    }

    public static IReadOnlyList<Division> Children(string code) => Data.Value.Children.GetValueOrDefault(code) ?? [];

    /// <summary>The division and every division below it.</summary>
    public static IEnumerable<Division> SelfAndDescendants(string code)
    {
        if (ByCode(code) is not { } d) yield break;
        var queue = new Queue<Division>([d]);
        while (queue.TryDequeue(out var next))
        {
            yield return next;
            foreach (var c in Children(next.Code)) queue.Enqueue(c);
        }
    }

    /// <summary>Divisions whose name or code contains the query, best first (exact, then starts with, then contains).</summary>
    public static IReadOnlyList<Division> Search(string query, int limit = 20)
    {
        var q = Normalise(query);
        if (q.Length == 0) return [];
        return [.. All.Select(d => (d, Rank: d.Code == q || d.Name == q ? 0 : d.Name.StartsWith(q, StringComparison.Ordinal) || d.Code.StartsWith(q, StringComparison.Ordinal) ? 1
                : d.Name.Contains(q, StringComparison.Ordinal) || Data.Value.Short[d.Code] == q ? 2 : 9))
            .Where(x => x.Rank < 9).OrderBy(x => x.Rank).ThenBy(x => x.d.Level).ThenBy(x => x.d.Code, StringComparer.Ordinal)
            .Take(limit).Select(x => x.d)];
    }

    /// <summary>The divisions whose names are most like the text: what a person probably meant.</summary>
    public static IReadOnlyList<Division> Closest(string text, int count = 5)
    {
        var q = Normalise(text);
        if (q.Length == 0) return [];
        var grams = Bigrams(q);
        // Shared bigrams find a name written in part; the edit distance finds one character mistyped (中为市 → 中卫市).
        return [.. All.Select(d => (d, Score: Math.Max(Dice(grams, Bigrams(d.Name)), Likeness(q, d.Name))
                + (d.Name.Contains(q, StringComparison.Ordinal) ? 1 : 0)))
            .Where(x => x.Score > 0.3).OrderByDescending(x => x.Score).ThenBy(x => x.d.Level).Take(count).Select(x => x.d)];
    }

    /// <summary>
    /// Resolves what a person or a gazette wrote: a code (640500, or 64 / 6405 for short), a name (中卫市), a name with
    /// its parents (宁夏回族自治区中卫市), a short form (宁夏, 中卫), an organ (中卫市人民政府), or a word that only means
    /// something in context (自治区, 省, 市, 县, 本市), resolved against <paramref name="context"/>. Never guesses: an
    /// unknown or ambiguous text gives no division, with the candidates a person should choose from.
    /// </summary>
    public static JurisdictionResolution Resolve(string? text, string? context = null)
    {
        var q = Normalise(text ?? "");
        if (q.Length == 0) return JurisdictionResolution.Fail(JurisdictionProblem.Missing, "", []);
        if (q.All(char.IsAsciiDigit))
        {
            var code = q.Length is 2 or 4 ? q.PadRight(6, '0') : q;
            return ByCode(code) is { } byCode ? JurisdictionResolution.Of(byCode)
                : JurisdictionResolution.Fail(JurisdictionProblem.Unknown, q, []);
        }
        q = StripOrgan(q);
        if (ContextWord(q, context) is { } inContext) return inContext;

        var exact = Data.Value.ByName.GetValueOrDefault(q) ?? [];
        if (exact.Count == 1) return JurisdictionResolution.Of(exact[0]);
        if (exact.Count > 1) return Choose(q, exact, context);

        var qualified = Qualified(q);
        if (qualified.Count == 1) return JurisdictionResolution.Of(qualified[0]);
        if (qualified.Count > 1) return Choose(q, qualified, context);

        var byShort = Data.Value.ByShort.GetValueOrDefault(q) ?? [];
        if (byShort.Count == 1) return JurisdictionResolution.Of(byShort[0]);
        if (byShort.Count > 1) return Choose(q, byShort, context);

        return JurisdictionResolution.Fail(JurisdictionProblem.Unknown, q, Closest(q));
    }

    /// <summary>Several divisions share the name: the one inside (or above) the context, else ambiguous.</summary>
    private static JurisdictionResolution Choose(string q, IReadOnlyList<Division> candidates, string? context)
    {
        if (context is not null && ByCode(context) is not null)
        {
            var related = candidates.Where(c => SelfAndAncestors(c.Code).Any(a => a.Code == context)
                || SelfAndAncestors(context).Any(a => a.Code == c.Code)).ToList();
            if (related.Count == 1) return JurisdictionResolution.Of(related[0]);
        }
        return JurisdictionResolution.Fail(JurisdictionProblem.Ambiguous, q, candidates);
    }

    /// <summary>自治区 / 省 / 全区 mean the province of the context; 市 / 本市 / 全市 its city; 县 / 本县 its county.</summary>
    private static JurisdictionResolution? ContextWord(string q, string? context)
    {
        DivisionLevel? level = q switch
        {
            "省" or "自治区" or "全省" or "全区" or "本省" or "本自治区" => DivisionLevel.Province,
            "市" or "本市" or "全市" => DivisionLevel.City,
            "县" or "本县" or "全县" or "区" or "本区" => DivisionLevel.County,
            _ => null,
        };
        if (level is null) return null;
        var found = context is null ? null : SelfAndAncestors(context).FirstOrDefault(d => d.Level == level
            || (level == DivisionLevel.City && d.Level == DivisionLevel.Province && IsMunicipality(d)));
        return found is null
            ? JurisdictionResolution.Fail(JurisdictionProblem.NeedsContext, q, [])
            : JurisdictionResolution.Of(found);
    }

    /// <summary>北京市, 天津市, 上海市, 重庆市: provinces that are cities.</summary>
    public static bool IsMunicipality(Division d) => d.Level == DivisionLevel.Province && d.Name.EndsWith('市');

    /// <summary>A name written with its parents' names before it: 宁夏回族自治区中卫市, 宁夏中卫市, 北京市朝阳区.</summary>
    private static List<Division> Qualified(string q)
    {
        var found = new List<Division>();
        foreach (var d in All)
        {
            foreach (var own in new[] { d.Name, Data.Value.Short[d.Code] })
            {
                if (own.Length < 2 || own.Length >= q.Length || !q.EndsWith(own, StringComparison.Ordinal)) continue;
                var prefix = q[..^own.Length];
                if (PrefixNamesAncestors(prefix, d)) { found.Add(d); break; }
            }
        }
        return found;
    }

    private static bool PrefixNamesAncestors(string prefix, Division d)
    {
        var rest = prefix;
        foreach (var a in SelfAndAncestors(d.Code).Skip(1))
        {
            if (rest.EndsWith(a.Name, StringComparison.Ordinal)) rest = rest[..^a.Name.Length];
            else if (Data.Value.Short[a.Code] is { Length: >= 2 } s && rest.EndsWith(s, StringComparison.Ordinal)) rest = rest[..^s.Length];
            if (rest.Length == 0) return true;
        }
        return false;
    }

    private static readonly string[] Organs =
        ["人民政府办公厅", "人民政府办公室", "人民政府", "政府办公厅", "政府办公室", "政府"];

    private static string StripOrgan(string q)
    {
        foreach (var organ in Organs)
            if (q.Length > organ.Length && q.EndsWith(organ, StringComparison.Ordinal)) return q[..^organ.Length];
        return q;
    }

    private static readonly string[] Suffixes =
    [
        "维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "自治县", "自治旗", "林区", "地区",
        "新区", "省", "市", "县", "区", "盟", "旗",
    ];

    /// <summary>The name a gazette uses for short: 宁夏回族自治区 → 宁夏, 中卫市 → 中卫; none when it would be one character.</summary>
    public static string ShortName(string name)
    {
        foreach (var suffix in Suffixes)
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length - suffix.Length >= 2) return name[..^suffix.Length];
        return name;
    }

    private static string Normalise(string text) =>
        new([.. TextFolding.Nfkc(text).Where(c => !char.IsWhiteSpace(c) && c != '\u3000')]);

    private static HashSet<string> Bigrams(string s) =>
        s.Length < 2 ? [s] : [.. Enumerable.Range(0, s.Length - 1).Select(i => s.Substring(i, 2))];

    /// <summary>1 − the edit distance over the longer length: 1 for equal texts, 0.67 for one character of three changed.</summary>
    private static double Likeness(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++) previous[j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1));
            (previous, current) = (current, previous);
        }
        return 1 - (double)previous[b.Length] / Math.Max(a.Length, b.Length);
    }

    private static double Dice(HashSet<string> a, HashSet<string> b) => a.Count + b.Count == 0 ? 0 : 2.0 * a.Count(b.Contains) / (a.Count + b.Count);

    private sealed record Table(
        IReadOnlyList<Division> All, Dictionary<string, Division> ByCode, Dictionary<string, List<Division>> ByName,
        Dictionary<string, List<Division>> ByShort, Dictionary<string, string> Short, Dictionary<string, List<Division>> Children);

    private static Table Load()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("divisions.csv")
            ?? throw new InvalidOperationException("divisions.csv is not embedded in PolicyRegister.Domain");
        using var reader = new StreamReader(stream);
        var all = new List<Division>();
        reader.ReadLine(); // header: code,name,parent,level
        while (reader.ReadLine() is { } line)
        {
            var f = line.Split(',');
            if (f.Length < 4) continue;
            all.Add(new Division(f[0], f[1], f[2].Length == 0 ? null : f[2], Enum.Parse<DivisionLevel>(f[3], ignoreCase: true)));
        }
        var shorts = all.ToDictionary(d => d.Code, d => ShortName(d.Name));
        return new Table(all, all.ToDictionary(d => d.Code),
            all.GroupBy(d => d.Name).ToDictionary(g => g.Key, g => g.ToList()),
            all.Where(d => shorts[d.Code] != d.Name).GroupBy(d => shorts[d.Code]).ToDictionary(g => g.Key, g => g.ToList()),
            shorts,
            all.Where(d => d.ParentCode is not null).GroupBy(d => d.ParentCode!).ToDictionary(g => g.Key, g => g.ToList()));
    }
}

public enum JurisdictionProblem { None, Missing, Unknown, Ambiguous, NeedsContext }

/// <summary>A resolved division, or why there is none and which divisions a person should choose from.</summary>
public sealed record JurisdictionResolution(Division? Division, JurisdictionProblem Problem, string Text, IReadOnlyList<Division> Candidates)
{
    public static JurisdictionResolution Of(Division d) => new(d, JurisdictionProblem.None, d.Name, []);

    public static JurisdictionResolution Fail(JurisdictionProblem problem, string text, IReadOnlyList<Division> candidates) =>
        new(null, problem, text, candidates);

    /// <summary>One sentence for a person, in Chinese and English, naming the candidates.</summary>
    public string Message
    {
        get
        {
            var options = Candidates.Count == 0 ? "" :
                $"；可能是 (did you mean): {string.Join("、", Candidates.Take(5).Select(c => $"{Divisions.FullName(c)}（{c.Code}）"))}";
            return Problem switch
            {
                JurisdictionProblem.Missing => "请填写管辖区（行政区划名称或代码） (name the jurisdiction: a division name or code)",
                JurisdictionProblem.Ambiguous => $"“{Text}”对应多个行政区划，请写全称或代码 (several divisions have this name: write it in full or give the code){options}",
                JurisdictionProblem.NeedsContext => $"“{Text}”须结合上下文才能确定，请写明行政区划 (this word needs context: name the division)",
                JurisdictionProblem.Unknown => $"“{Text}”不是已知的行政区划 (not a known administrative division){options}",
                _ => "",
            };
        }
    }
}
