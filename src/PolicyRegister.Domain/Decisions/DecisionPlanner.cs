using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;

namespace PolicyRegister.Domain.Decisions;

/// <summary>A document of the decision's jurisdiction that an item may name.</summary>
public sealed record Candidate(Guid Id, string? Number, string? NumberKey, string Title, IReadOnlyList<string> AlternativeTitles);

/// <summary>A person's answer to an item of the preview: this document, or create a new one.</summary>
public sealed record ItemResolution(int Seq, DecisionAction Action, Guid? DocumentId, bool CreateNew);

public enum ItemMatch { Number, Title, Resolved, Ambiguous, New }

public sealed record CandidateScore(Guid DocumentId, string? Number, string Title, double Score);

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
    bool Duplicate);

public sealed record DecisionPlan(IReadOnlyList<PlannedItem> Items)
{
    public IEnumerable<RuleViolation> Problems => Items.SelectMany(i => i.Problems);
    public IEnumerable<PlannedItem> Unresolved => Items.Where(i => i.Match == ItemMatch.Ambiguous);
    public bool CanApply => !Problems.Any() && !Unresolved.Any();
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
        IReadOnlyDictionary<Guid, Document> documents)
    {
        var byKey = candidates.Where(c => c.NumberKey is not null)
            .GroupBy(c => c.NumberKey!)
            .ToDictionary(g => g.Key, g => g.First());
        var byId = candidates.ToDictionary(c => c.Id);

        var matched = items.Select((item, index) =>
        {
            var resolution = resolutions.FirstOrDefault(r => r.Seq == item.Seq && r.Action == item.Action);
            return Match(index, item, resolution, byKey, byId, candidates, decisionEffective);
        }).ToList();

        // Conflicts inside the list: the same document (by number, else by matched id) under two actions.
        var planned = new List<PlannedItem>();
        var seen = new Dictionary<string, PlannedItem>();
        foreach (var p in matched)
        {
            var problems = new List<RuleViolation>(p.Problems);
            var identity = p.DocumentId is { } id ? $"id:{id}" : p.CanonicalNumber is { } n ? $"no:{DocumentNumber.Parse(n).Key}" : null;
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
            else if (p.DocumentId is { } target && documents.TryGetValue(target, out var doc) && !duplicate)
            {
                var rule = p.Item.Action switch
                {
                    DecisionAction.Repeal or DecisionAction.DeclareInvalid => DocumentRules.CanEnd(doc, p.EffectiveOn, Field(p.Index, "action")),
                    DecisionAction.Retain => DocumentRules.CanRetain(doc, p.EffectiveOn, Field(p.Index, "action")),
                    _ => DocumentRules.CanAmend(doc, p.EffectiveOn, Field(p.Index, "action")),
                };
                if (rule is not null) problems.Add(rule with { Message = $"第{p.Item.Seq}项{p.Item.Title}：{rule.Message}" });
            }
            planned.Add(p with { Problems = problems, Duplicate = duplicate });
        }
        return new DecisionPlan(planned);
    }

    public static string Field(int index, string name) => $"items[{index}].{name}";

    public static string Label(DecisionAction action) => action switch
    {
        DecisionAction.Retain => "保留",
        DecisionAction.Repeal => "废止",
        DecisionAction.Amend => "修改",
        _ => "宣布失效",
    };

    private static PlannedItem Match(
        int index, DecisionItem item, ItemResolution? resolution,
        Dictionary<string, Candidate> byKey, Dictionary<Guid, Candidate> byId, IReadOnlyList<Candidate> all, DateOnly decisionEffective)
    {
        var effective = item.EffectiveOn ?? decisionEffective;
        var number = item.Number is { Length: > 0 } written && DocumentNumber.TryParse(written, out var parsed) ? parsed : null;
        PlannedItem Result(ItemMatch match, Guid? id, double? score, IReadOnlyList<CandidateScore>? candidates = null, RuleViolation? problem = null) =>
            new(index, item, number?.Canonical, match, id, score, effective, candidates ?? [], problem is null ? [] : [problem], false);

        if (resolution is { DocumentId: { } chosen })
            return byId.ContainsKey(chosen)
                ? Result(ItemMatch.Resolved, chosen, null)
                : Result(ItemMatch.Ambiguous, null, null, problem: new RuleViolation(Field(index, "documentId"), $"所选文件{chosen}不在本管辖区登记簿中 (the chosen document is not in this jurisdiction's register)"));
        if (resolution is { CreateNew: true }) return Result(ItemMatch.New, null, null);

        if (number is not null && byKey.TryGetValue(number.Key, out var byNumber))
            return Result(ItemMatch.Number, byNumber.Id, null);

        var scored = all
            .Select(c => new CandidateScore(c.Id, c.Number, c.Title,
                c.AlternativeTitles.Append(c.Title).Max(t => TitleMatching.Similarity(t, item.Title))))
            .Where(s => s.Score >= TitleMatching.CandidateThreshold)
            .OrderByDescending(s => s.Score)
            .Take(5)
            .ToList();
        if (number is not null)
        {
            // The number is the identity: a document registered under another number is another document, even
            // under the same title (two decisions may share one). Only a document known without a number can match
            // by title; the candidates are still reported, so that a reviewer can spot a misprinted number.
            var unnumbered = scored.Where(c => c.Number is null).ToList();
            return Clear(unnumbered) is { } stub ? Result(ItemMatch.Title, stub.DocumentId, stub.Score, scored) : Result(ItemMatch.New, null, null, scored);
        }
        if (Clear(scored) is { } best) return Result(ItemMatch.Title, best.DocumentId, best.Score, scored);
        return scored.Count > 0 && scored[0].Score >= TitleMatching.AmbiguousThreshold
            ? Result(ItemMatch.Ambiguous, null, null, scored)
            : Result(ItemMatch.New, null, null, scored);
    }

    /// <summary>The best candidate when it is above the match threshold and clearly ahead of the next.</summary>
    private static CandidateScore? Clear(IReadOnlyList<CandidateScore> scored) =>
        scored.Count > 0 && scored[0].Score >= TitleMatching.MatchThreshold && (scored.Count == 1 || scored[1].Score < scored[0].Score - 0.05)
            ? scored[0]
            : null;
}
