using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;

namespace PolicyRegister.Domain.Decisions;

/// <summary>A document of the decision's jurisdiction that an item may name.</summary>
public sealed record Candidate(Guid Id, string? Number, string? NumberKey, string Title, IReadOnlyList<string> AlternativeTitles)
{
    /// <summary>Its titles' keys, computed once however many rows it is compared with.</summary>
    public IReadOnlyList<TitleKey> TitleKeys => field ??= [.. AlternativeTitles.Append(Title).Where(t => t.Length > 0).Select(TitleKey.Of)];
}

/// <summary>A person's answer to an item of the preview: this document, or create a new one.</summary>
public sealed record ItemResolution(int Seq, DecisionAction Action, Guid? DocumentId, bool CreateNew);

public enum ItemMatch { Number, Title, Resolved, Ambiguous, New }

/// <summary>How sure a row's match is, for the reviewer (the API's `match`).</summary>
public enum MatchConfidence { NumberAndTitle, NumberOnly, Title, InnerTitle, Confirmed, Ambiguous, None }

/// <summary>The register's own number and title for the row's candidate, how alike the titles are, and whether a person must confirm.</summary>
public sealed record MatchReport(
    MatchConfidence Match, string? RegisterNumber, string? RegisterTitle, double? TitleSimilarity, bool NeedsConfirmation, IReadOnlyList<string> Warnings)
{
    public static readonly MatchReport NoneFound = new(MatchConfidence.None, null, null, null, false, []);
}

public sealed record CandidateScore(Guid DocumentId, string? Number, string Title, double Score)
{
    /// <summary>The score came from the titles inside 关于印发《…》的通知, not from the whole titles.</summary>
    public bool ByInner { get; init; }
}

public sealed record PlannedItem(
    int Index,
    DecisionItem Item,
    string? CanonicalNumber,
    ItemMatch Match,
    Guid? DocumentId,
    double? Score,
    DateOnly EffectiveOn,
    IReadOnlyList<CandidateScore> Candidates,
    IReadOnlyList<RuleViolation> Problems,
    bool Duplicate)
{
    public MatchReport Report { get; init; } = MatchReport.NoneFound;
}

public sealed record DecisionPlan(IReadOnlyList<PlannedItem> Items)
{
    public IEnumerable<RuleViolation> Problems => Items.SelectMany(i => i.Problems);
    public IEnumerable<PlannedItem> Unresolved => Items.Where(i => i.Match == ItemMatch.Ambiguous);
    public IEnumerable<PlannedItem> NeedingConfirmation => Items.Where(i => i.Report.NeedsConfirmation);
    public bool CanApply => !Problems.Any() && !Unresolved.Any() && !NeedingConfirmation.Any();
}

/// <summary>
/// Matches every annex row to a register document and checks the decision's consistency rules.
/// Pure: the caller loads the jurisdiction's candidates and the matched documents.
/// </summary>
public static class DecisionPlanner
{
    public static DecisionPlan Plan(
        Guid decisionDocumentId,
        DateOnly decisionEffective,
        IReadOnlyList<DecisionItem> items,
        IReadOnlyList<ItemResolution> resolutions,
        IReadOnlyList<Candidate> candidates,
        IReadOnlyDictionary<Guid, Document> documents) =>
        Plan(decisionDocumentId, Match(decisionEffective, items, resolutions, candidates), documents);

    /// <summary>Every row matched to a candidate (by a person's choice, number or title), before the rules: the documents it names are then loaded whole.</summary>
    /// <param name="titles">The title index of these candidates or of more, when one is kept; else built here if a row needs it.</param>
    public static IReadOnlyList<PlannedItem> Match(
        DateOnly decisionEffective,
        IReadOnlyList<DecisionItem> items,
        IReadOnlyList<ItemResolution> resolutions,
        IReadOnlyList<Candidate> candidates,
        TitleIndex? titles = null)
    {
        var byKey = candidates.Where(c => c.NumberKey is not null)
            .GroupBy(c => c.NumberKey!)
            .ToDictionary(g => g.Key, g => g.First());
        var byId = candidates.ToDictionary(c => c.Id);
        // Built only when a row needs matching by title; once for the whole decision.
        var index = titles is null ? new Lazy<TitleIndex>(() => new TitleIndex(candidates)) : new Lazy<TitleIndex>(titles);
        return [.. items.Select((item, i) =>
        {
            var resolution = resolutions.FirstOrDefault(r => r.Seq == item.Seq && r.Action == item.Action);
            return Match(i, item, resolution, byKey, byId, index, decisionEffective);
        })];
    }

    /// <summary>The decision's rules over its matched rows; <paramref name="documents"/> holds at least every document a row matched.</summary>
    public static DecisionPlan Plan(Guid decisionDocumentId, IReadOnlyList<PlannedItem> matched, IReadOnlyDictionary<Guid, Document> documents)
    {
        // Conflicts inside the list: the same document (by number, else by matched id) under two actions.
        var planned = new List<PlannedItem>();
        var seen = new Dictionary<string, PlannedItem>();
        foreach (var p in matched)
        {
            var problems = new List<RuleViolation>(p.Problems);
            var warnings = new List<string>(p.Report.Warnings);
            // A row listed for reference acts on nothing, so it conflicts with nothing.
            var identity = p.Item.Reference ? null
                : p.DocumentId is { } id ? $"id:{id}" : p.CanonicalNumber is { } n ? $"no:{DocumentNumber.Parse(n).Key}" : null;
            var duplicate = false;
            if (identity is not null && seen.TryGetValue(identity, out var first))
            {
                if (first.Item.Action != p.Item.Action)
                    problems.Add(new RuleViolation(Field(p.Index, "action"),
                        $"同一文件被同时列入“{Label(first.Item.Action)}”(第{first.Item.Seq}项)和“{Label(p.Item.Action)}”(第{p.Item.Seq}项) (listed twice with conflicting actions: {first.Item.Action} #{first.Item.Seq} and {p.Item.Action} #{p.Item.Seq})"));
                else duplicate = true;
            }
            else if (identity is not null) seen[identity] = p;

            if (p.DocumentId == decisionDocumentId)
                problems.Add(new RuleViolation(Field(p.Index, "number"), "决定不能处理其自身 (a decision cannot act on itself)"));
            else if (p.Item.Reference)
            {
                if (p.DocumentId is { } listed && documents.TryGetValue(listed, out var noted) && Validity.On(noted, p.EffectiveOn).Status == ValidityStatus.InForce)
                    warnings.Add($"第{p.Item.Seq}项注明“{p.Item.Verb ?? "供参考"}{(p.Item.EndedBy is { } by ? "：" + by : "")}”，但登记簿中该文件在{p.EffectiveOn:yyyy-MM-dd}仍现行有效，请核实并另行登记其废止 (listed as already ended, but in force in the register: record its ending separately)");
            }
            else if (p.DocumentId is { } target && documents.TryGetValue(target, out var doc) && !duplicate)
            {
                var rule = p.Item.Action switch
                {
                    DecisionAction.Repeal or DecisionAction.DeclareInvalid => DocumentRules.CanEnd(doc, p.EffectiveOn, Field(p.Index, "action")),
                    DecisionAction.Retain => DocumentRules.CanRetain(doc, p.EffectiveOn, Field(p.Index, "action")),
                    _ => DocumentRules.CanAmend(doc, p.EffectiveOn, Field(p.Index, "action")),
                };
                if (rule is not null) problems.Add(rule with { Message = $"第{p.Item.Seq}项{p.Item.Title}：{rule.Message}" });
                warnings.AddRange(Warnings(p, doc));
            }
            if (duplicate) warnings.Add($"第{p.Item.Seq}项与前面一项是同一文件，重复列出 (the same document is listed twice)");
            planned.Add(p with { Problems = problems, Duplicate = duplicate, Report = p.Report with { Warnings = warnings } });
        }
        return new DecisionPlan(planned);
    }

    public static string Field(int index, string name) => $"items[{index}].{name}";

    /// <summary>What a reviewer should see before applying a row, though it breaks no rule.</summary>
    private static IEnumerable<string> Warnings(PlannedItem p, Document doc)
    {
        var on = p.EffectiveOn;
        if (p.Item.Action is DecisionAction.Retain or DecisionAction.Amend && doc.ExpiresOn is { } expires && expires < on)
            yield return $"第{p.Item.Seq}项：该文件有效期已于{expires:yyyy-MM-dd}届满，{Label(p.Item.Action)}前请核实 (its term ended on {expires:yyyy-MM-dd}, before the decision)";
        if (p.Item.Action is DecisionAction.Repeal or DecisionAction.DeclareInvalid && !doc.KnownOnlyFromDecisions
            && (doc.EffectiveOn is null || doc.EffectiveOn > on))
            yield return $"第{p.Item.Seq}项：登记簿中该文件在{on:yyyy-MM-dd}前从未生效，{Label(p.Item.Action)}前请核实 (the register has it never in force before the decision)";
        if (p.Item.Scope is { IsEmpty: false } scope && p.Item.Action is DecisionAction.Repeal or DecisionAction.DeclareInvalid)
        {
            var already = Validity.EndedScope(Validity.PartsEndedBy(doc, on));
            var again = (scope.Articles ?? []).Concat(scope.Annexes ?? []).Intersect((already?.Articles ?? []).Concat(already?.Annexes ?? [])).ToList();
            if (again.Count > 0)
                yield return $"第{p.Item.Seq}项：{string.Join("、", again)}此前已废止或失效，请核实 (these parts had already ended)";
        }
    }

    public static string Label(DecisionAction action) => action switch
    {
        DecisionAction.Retain => "保留",
        DecisionAction.Repeal => "废止",
        DecisionAction.Amend => "修改",
        _ => "宣布失效",
    };

    private static PlannedItem Match(
        int index, DecisionItem item, ItemResolution? resolution,
        Dictionary<string, Candidate> byKey, Dictionary<Guid, Candidate> byId, Lazy<TitleIndex> titles, DateOnly decisionEffective)
    {
        var effective = item.EffectiveOn ?? decisionEffective;
        var rowKey = TitleKey.Of(item.Title);
        var number = item.Number is { Length: > 0 } written && DocumentNumber.TryParse(written, out var parsed) ? parsed : null;
        PlannedItem Result(ItemMatch match, Guid? id, double? score, IReadOnlyList<CandidateScore>? candidates = null, RuleViolation? problem = null) =>
            new(index, item, number?.Canonical, match, id, score, effective, candidates ?? [], problem is null ? [] : [problem], false);

        if (resolution is { DocumentId: { } chosen })
            return byId.TryGetValue(chosen, out var confirmed)
                ? Result(ItemMatch.Resolved, chosen, null) with
                {
                    Report = new(MatchConfidence.Confirmed, confirmed.Number, confirmed.Title, Best(confirmed, rowKey).Score, false, []),
                }
                : Result(ItemMatch.Ambiguous, null, null, problem: new RuleViolation(Field(index, "documentId"), $"所选文件{chosen}不在本管辖区登记簿中 (the chosen document is not in this jurisdiction's register)"));
        if (resolution is { CreateNew: true }) return Result(ItemMatch.New, null, null);

        if (number is not null && byKey.TryGetValue(number.Key, out var byNumber))
        {
            // The number is the identity; the title only checks it. Titles that disagree need a person's confirmation.
            if (string.IsNullOrWhiteSpace(byNumber.Title))
                return Result(ItemMatch.Number, byNumber.Id, null) with { Report = new(MatchConfidence.NumberOnly, byNumber.Number, null, null, false, []) };
            var (similarity, _) = Best(byNumber, rowKey);
            var disagree = similarity < TitleMatching.DisagreementThreshold;
            return Result(ItemMatch.Number, byNumber.Id, similarity) with
            {
                Report = new(disagree ? MatchConfidence.NumberOnly : MatchConfidence.NumberAndTitle, byNumber.Number, byNumber.Title, similarity, disagree,
                    disagree ? [$"第{item.Seq}项按文号匹配，但标题不符：本行“{item.Title}”，登记簿“{byNumber.Title}”（相似度{similarity:0.00}），请确认 (matched by number, but the titles disagree: confirm the row)"] : []),
            };
        }

        var scored = titles.Value.Scores(rowKey, TitleMatching.CandidateThreshold)
            .Where(x => x.Score >= TitleMatching.CandidateThreshold)
            .OrderByDescending(x => x.Score).ThenBy(x => x.ByInner).ThenBy(x => x.Candidate.Id) // ties in an order that does not hang on how the candidates were read
            .Take(5)
            .Select(x => new CandidateScore(x.Candidate.Id, x.Candidate.Number, x.Candidate.Title, x.Score) { ByInner = x.ByInner })
            .ToList();
        if (number is not null)
        {
            // The number is the identity: a document registered under another number is another document, even
            // under the same title (two decisions may share one). Only a document known without a number can match
            // by title; the candidates are still reported, so that a reviewer can spot a misprinted number.
            var unnumbered = scored.Where(c => c.Number is null).ToList();
            return Clear(unnumbered) is { } stub ? ByTitle(stub) : Result(ItemMatch.New, null, null, scored);
        }
        if (Clear(scored) is { } best) return ByTitle(best);
        return scored.Count > 0 && scored[0].Score >= TitleMatching.AmbiguousThreshold
            ? Result(ItemMatch.Ambiguous, null, null, scored) with { Report = MatchReport.NoneFound with { Match = MatchConfidence.Ambiguous } }
            : Result(ItemMatch.New, null, null, scored);

        PlannedItem ByTitle(CandidateScore c) => Result(ItemMatch.Title, c.DocumentId, c.Score, scored) with
        {
            Report = new(c.ByInner ? MatchConfidence.InnerTitle : MatchConfidence.Title, c.Number, c.Title, c.Score, false, []),
        };
    }

    /// <summary>The candidate's best likeness to a row's title, over its title and its alternative titles.</summary>
    private static (double Score, bool ByInner) Best(Candidate c, TitleKey title) =>
        c.TitleKeys.Select(t => TitleMatching.Compare(title, t)).DefaultIfEmpty((0, false)).OrderByDescending(x => x.Item1).ThenBy(x => x.Item2).First();

    /// <summary>
    /// The best candidate when it is above the match threshold and clearly ahead of the next, or the one title the row
    /// gives whole when the others only share what it wraps (the same 《…》 or subject from another issuer).
    /// </summary>
    private static CandidateScore? Clear(IReadOnlyList<CandidateScore> scored)
    {
        if (scored.Count == 0 || scored[0].Score < TitleMatching.MatchThreshold) return null;
        if (scored.Count == 1 || scored[1].Score < scored[0].Score - 0.05) return scored[0];
        var whole = scored.Where(c => c.Score >= 1 && !c.ByInner).ToList();
        return whole.Count == 1 ? whole[0] : null;
    }
}
