using Marten;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;
using PolicyRegister.Web.Documents;

namespace PolicyRegister.Web.Decisions;

/// <summary>One annex row, as written; <see cref="DocumentId"/> or <see cref="CreateNew"/> carry a person's answer to an ambiguous match.</summary>
/// <param name="Verb">The verb as the decision wrote it (废止, 停止执行, 宣布继续有效 …); the action is its normalised meaning.</param>
/// <param name="ReasonText">The row's own reason (废止理由, 备注); a write's reason stays in `reason`.</param>
/// <param name="Scope">The articles (`{"articles": ["第五条"]}`) or annexes (`{"annexes": ["附件2"]}`) the row acts on; absent: the whole document.</param>
/// <param name="Reference">A row listed for information only (已由…废止): it ends nothing; <paramref name="EndedBy"/> names the act it cites.</param>
public sealed record DecisionItemInput(
    DecisionAction? Action, int? Seq, string? Title, string? Number,
    DateOnly? EffectiveOn = null, string? Note = null, Guid? DocumentId = null, bool CreateNew = false,
    string? Verb = null, string? ReasonText = null, PartScope? Scope = null, bool Reference = false, string? EndedBy = null);

/// <summary>The body of POST /api/decisions/preview, and a decision in an import plan.</summary>
public record DecisionInput
{
    public string? Number { get; init; }
    public string? Title { get; init; }
    public IReadOnlyList<string>? Issuers { get; init; }
    public string? Jurisdiction { get; init; }
    public DateOnly? SignedOn { get; init; }
    /// <summary>Default: on signing. 自公布之日起施行 is <c>{ "rule": "on_publication" }</c> with <see cref="Publication"/>.</summary>
    public EffectiveInput? Effective { get; init; }
    public Publication? Publication { get; init; }
    public string? Addressees { get; init; }
    public string? Body { get; init; }
    public IReadOnlyList<DecisionItemInput>? Items { get; init; }
}

/// <summary>Checks, loading and the pure translation shared by preview and apply.</summary>
public static class DecisionInputs
{
    public const int MaxItems = 5000;

    public static IEnumerable<RuleViolation?> Check(DecisionInput d)
    {
        yield return DocumentInputs.CheckNumber(d.Number, "number");
        yield return DocumentInputs.CheckText(d.Title, "title", 500);
        yield return DocumentInputs.CheckJurisdiction(d.Jurisdiction);
        if (d.Issuers is null || d.Issuers.Count == 0 || d.Issuers.Any(string.IsNullOrWhiteSpace))
            yield return new RuleViolation("issuers", "至少给出一个发文机关 (at least one issuer is required)");
        foreach (var v in DocumentInputs.CheckList(d.Issuers, "issuers", 20, 200)) yield return v;
        yield return DocumentInputs.CheckDate(d.SignedOn, "signedOn", required: false);
        foreach (var v in DocumentInputs.CheckPublication(d.Publication)) yield return v;
        foreach (var v in DocumentInputs.CheckEffective(d.Effective)) yield return v;
        if (d.Effective is not null && DocumentInputs.CheckEffective(d.Effective).All(v => v is null) && EffectiveOn(d) is null)
            yield return new RuleViolation("effective", "无法确定决定的施行日期：自公布之日起施行须给出 publication.on，自印发之日起施行须给出 signedOn (the decision's effective date cannot be resolved)");
        if (d.Effective is null && d.SignedOn is null)
            yield return new RuleViolation("signedOn", "未写明施行日期的决定自印发之日起施行，须给出签发日期 (without an effective clause the decision takes effect on signing: signedOn is required)");
        yield return DocumentInputs.CheckText(d.Addressees, "addressees", 1000, required: false);
        yield return DocumentInputs.CheckText(d.Body, "body", 20000, required: false);
        if (d.Items is null || d.Items.Count == 0)
            yield return new RuleViolation("items", "决定至少列出一件文件 (a decision lists at least one document)");
        else if (d.Items.Count > MaxItems)
            yield return new RuleViolation("items", $"一次最多{MaxItems}项 (at most {MaxItems} items)");
        else
        {
            for (var i = 0; i < d.Items.Count; i++)
            {
                var item = d.Items[i];
                if (item is null) { yield return new RuleViolation($"items[{i}]", "空项 (empty item)"); continue; }
                if (item.Action is null) yield return new RuleViolation($"items[{i}].action", "请给出处理方式 retain、repeal、amend 或 declare_invalid (action is required)");
                if (item.Seq is null or < 1) yield return new RuleViolation($"items[{i}].seq", "序号应为正整数 (seq must be a positive number)");
                yield return DocumentInputs.CheckText(item.Title, $"items[{i}].title", 1000);
                yield return DocumentInputs.CheckNumber(item.Number, $"items[{i}].number", required: false);
                yield return DocumentInputs.CheckDate(item.EffectiveOn, $"items[{i}].effectiveOn", required: false);
                yield return DocumentInputs.CheckText(item.Note, $"items[{i}].note", 2000, required: false);
                yield return DocumentInputs.CheckText(item.Verb, $"items[{i}].verb", 20, required: false);
                yield return DocumentInputs.CheckText(item.ReasonText, $"items[{i}].reasonText", 500, required: false);
                foreach (var v in DocumentInputs.CheckScope(item.Scope, $"items[{i}].scope")) yield return v;
                if (item.Scope is { IsEmpty: false } && item.Action == DecisionAction.Retain)
                    yield return new RuleViolation($"items[{i}].scope", "保留针对整件文件，不能只保留部分条款 (a retention is of the whole document: no scope)");
                yield return DocumentInputs.CheckText(item.EndedBy, $"items[{i}].endedBy", 200, required: false);
                if (item.EndedBy is { Length: > 0 } && !item.Reference)
                    yield return new RuleViolation($"items[{i}].endedBy", "endedBy 仅用于供参考的行 (endedBy is for reference rows only: set reference)");
                if (item.Reference && item.Scope is { IsEmpty: false })
                    yield return new RuleViolation($"items[{i}].scope", "供参考的行不作处理，不能限定范围 (a reference row acts on nothing: no scope)");
                if (item.DocumentId is not null && item.CreateNew)
                    yield return new RuleViolation($"items[{i}].createNew", "请只选择一个文件或新建，不可兼有 (choose a document or create a new one, not both)");
            }
        }
    }

    /// <summary>The decision's effective date: a date, signing, or publication; no clause means on signing.</summary>
    public static DateOnly? EffectiveOn(DecisionInput d) => d.Effective switch
    {
        null => d.SignedOn,
        { On: { } on } => on,
        { Rule: EffectiveRule.OnSigning } => d.SignedOn,
        { Rule: EffectiveRule.OnPublication } => d.Publication?.On,
        _ => null,
    };

    public static EffectiveRule Rule(DecisionInput d) => d.Effective switch
    {
        null => EffectiveRule.OnSigning,
        { On: not null } => EffectiveRule.Date,
        { Rule: { } rule } => rule,
        _ => EffectiveRule.Unknown,
    };

    public static IReadOnlyList<DecisionItem> Items(DecisionInput d) => d.Items!
        .Select(i => new DecisionItem(i.Action!.Value, i.Seq!.Value, i.Title!.Trim(),
            string.IsNullOrWhiteSpace(i.Number) ? null : i.Number.Trim(), i.EffectiveOn, i.Note,
            string.IsNullOrWhiteSpace(i.Verb) ? null : i.Verb.Trim(), string.IsNullOrWhiteSpace(i.ReasonText) ? null : i.ReasonText.Trim(),
            DocumentInputs.Scope(i.Scope), i.Reference, string.IsNullOrWhiteSpace(i.EndedBy) ? null : i.EndedBy.Trim()))
        .ToList();

    public static IReadOnlyList<ItemResolution> Resolutions(DecisionInput d) => d.Items!
        .Where(i => i.DocumentId is not null || i.CreateNew)
        .Select(i => new ItemResolution(i.Seq!.Value, i.Action!.Value, i.DocumentId, i.CreateNew))
        .ToList();

    /// <param name="Versions">The stream version of each document read whole, read with it: what its append names as expected.</param>
    /// <param name="Matched">The rows matched when the context was loaded (null: matched when planned).</param>
    public sealed record Context(
        IReadOnlyList<Candidate> Candidates,
        IReadOnlyDictionary<Guid, Document> Documents,
        IReadOnlyDictionary<Guid, long> Versions,
        Document? DecisionDocument,
        Decision? Existing,
        IReadOnlyList<PlannedItem>? Matched = null);

    /// <summary>A gram in this share of the register's documents or more is too common to look a row up by (<see cref="TitleKey.Probe"/>).</summary>
    public const double CommonGram = 0.01;

    /// <summary>
    /// Everything the planner needs, in proportion to the decision's rows, not to the register: the documents its rows
    /// name by number (and those a person chose), the documents its other rows can match by title (looked up by the
    /// rarer grams of their titles in the match-keys index; a row made only of common grams reads the jurisdiction's
    /// titles), the matched documents whole, and an earlier decision under the same number.
    /// </summary>
    public static async Task<Context> Load(IQuerySession session, DecisionInput d, CancellationToken token)
    {
        var jurisdiction = DocumentInputs.JurisdictionCode(d.Jurisdiction);
        var key = DocumentNumber.Parse(d.Number).Key;
        var items = Items(d);
        var rowKeys = items.Select(i => i.Number is { } n && DocumentNumber.TryParse(n, out var parsed) ? parsed.Key : null).ToList();
        var numberKeys = rowKeys.OfType<string>().Append(key).Distinct().ToArray();
        var resolutions = Resolutions(d);
        var chosen = resolutions.Select(r => r.DocumentId).OfType<Guid>().Distinct().ToArray();
        var table = DocumentReads.TableName(session.DocumentStore);

        // The documents the rows name by number (and those a person chose) are read whole at once, with the versions
        // their appends will name: the planner acts on them, so a read of their columns first would only read them
        // twice (a round trip and 8 ms at 1,000 rows).
        // A writing session reads them into its identity map, which the inline projection applying the decision takes
        // them from at commit (see VersionedForWriting); what it held of them from before is let go first.
        var writing = session as IDocumentSession;
        writing?.EjectAllOfType(typeof(Document));
        Task<IReadOnlyList<VersionedDocument>> Read(string where, params object[] parameters) =>
            writing is null ? DocumentReads.Versioned(session, where, token, parameters) : DocumentReads.VersionedForWriting(writing, where, token, parameters);
        var namedRead = await Read("d.jurisdiction = ? and (d.number_key = any(?) or d.id = any(?))", jurisdiction, numberKeys, chosen);
        var versions = namedRead.ToDictionary(x => x.Document.Id, x => x.Version);
        var namedDocuments = namedRead.Select(x => x.Document).ToList();
        var named = namedDocuments.Select(x => new Candidate(x.Id, x.Number, x.NumberKey, x.Title, x.AlternativeTitles)).ToList();
        // The planner matches by title a row without a number, or whose number the register lacks.
        var known = named.Select(c => c.NumberKey).OfType<string>().ToHashSet();
        var byTitle = items.Where((_, i) => rowKeys[i] is not { } k || !known.Contains(k)).Select(i => TitleKey.Of(i.Title)).ToList();
        var probe = new HashSet<int>();
        if (byTitle.Count > 0)
        {
            var shares = await Documents.KeyStatistics.Shares(session, table, "match_keys", token);
            foreach (var row in byTitle)
            {
                if (row.Probe(TitleMatching.CandidateThreshold, g => shares.GetValueOrDefault(g) >= CommonGram) is not { } grams) { probe = null; break; }
                probe.UnionWith(grams);
            }
        }
        // A row looked up by common grams alone is scored against the whole jurisdiction, by the index kept for it.
        var (titled, titles) = probe is null ? JurisdictionTitles.Kept(jurisdiction, await Candidates(session, table, jurisdiction, null, token))
            : (probe.Count == 0 ? [] : await Candidates(session, table, jurisdiction, [.. probe.Order()], token), null);
        var candidates = named.Concat(titled).DistinctBy(c => c.Id).ToList();

        // Matched once here, so that of the documents found by title only those the rows match are read whole.
        // (A decision without an effective date cannot be planned: its candidates are read whole, as its check will say.)
        var matched = EffectiveOn(d) is { } effective ? DecisionPlanner.Match(effective, items, resolutions, candidates, titles) : null;
        var whole = matched is null ? [.. candidates.Select(c => c.Id)]
            : matched.Select(p => p.DocumentId).OfType<Guid>().Concat(candidates.Where(c => c.NumberKey == key).Select(c => c.Id)).Distinct().ToList();
        var read = namedDocuments.ToDictionary(x => x.Id);
        var unread = whole.Where(id => !read.ContainsKey(id)).ToList();
        foreach (var found in unread.Count == 0 ? [] : await Read("d.id = any(?)", unread.ToArray()))
        {
            read[found.Document.Id] = found.Document;
            versions[found.Document.Id] = found.Version;
        }
        var docs = whole.Where(read.ContainsKey).ToDictionary(id => id, id => read[id]);
        // Read last: an apply that committed meanwhile, whose effects the documents above may already show, shows here too.
        var existing = await session.Query<Decision>().FirstOrDefaultAsync(x => x.Jurisdiction == jurisdiction && x.NumberKey == key, token);
        return new Context(candidates, docs, versions, docs.Values.FirstOrDefault(x => x.NumberKey == key), existing, matched);
    }

    /// <summary>
    /// The candidates' numbers and titles alone, from the documents' own columns (no document is read whole): the
    /// planner matches on these, and the documents it may act on are loaded whole after. The jurisdiction's index holds
    /// them all (see ConfigureStore); each row comes as a JSON array, where a LINQ projection builds a jsonb object
    /// (measured on 5,038 documents: 5.5 against 9.3 ms in PostgreSQL).
    /// </summary>
    private static async Task<IReadOnlyList<Candidate>> Candidates(IQuerySession session, Weasel.Core.DbObjectName table, string jurisdiction, int[]? sharing, CancellationToken token)
    {
        var sql = $"select json_build_array(d.id, d.number, d.number_key, d.search_text) from {table.QualifiedName} d where d.jurisdiction = ?";
        var rows = sharing is null
            ? await session.QueryAsync<string?[]>(sql, token, jurisdiction)
            : await session.QueryAsync<string?[]>($"{sql} and d.match_keys && ?", token, jurisdiction, sharing);
        return [.. rows.Select(r =>
        {
            var titles = Document.TitlesOf(r[3] ?? "");
            return new Candidate(Guid.Parse(r[0]!), r[1], r[2], titles[0], titles[1..]);
        })];
    }

    public static DecisionPlan Plan(DecisionInput d, Context context) =>
        DecisionPlanner.Plan(context.DecisionDocument?.Id ?? Guid.Empty,
            context.Matched ?? DecisionPlanner.Match(EffectiveOn(d)!.Value, Items(d), Resolutions(d), context.Candidates), context.Documents);

    /// <summary>Rows by action (retain, repeal, amend, declare_invalid) and the rows listed for reference only (reference).</summary>
    public static Dictionary<string, int> Counts(IEnumerable<DecisionItem> items)
    {
        var list = items as IReadOnlyCollection<DecisionItem> ?? items.ToList();
        var counts = Decision.Count(list).ToDictionary(kv => Infrastructure.ConfigureHttp.EnumNaming.ConvertName(kv.Key.ToString()), kv => kv.Value);
        counts["reference"] = Decision.References(list);
        return counts;
    }
}
