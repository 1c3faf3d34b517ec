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

    public sealed record Context(
        IReadOnlyList<Candidate> Candidates,
        IReadOnlyDictionary<Guid, Document> Documents,
        Document? DecisionDocument,
        Decision? Existing);

    /// <summary>Everything the planner needs, in three queries: the jurisdiction's candidates, the matched documents, an earlier decision.</summary>
    public static async Task<Context> Load(IQuerySession session, DecisionInput d, CancellationToken token)
    {
        var jurisdiction = DocumentInputs.JurisdictionCode(d.Jurisdiction);
        var key = DocumentNumber.Parse(d.Number).Key;
        var docs = await session.Query<Document>().Where(x => x.Jurisdiction == jurisdiction).ToListAsync(token);
        var existing = await session.Query<Decision>().FirstOrDefaultAsync(x => x.Jurisdiction == jurisdiction && x.NumberKey == key, token);
        var candidates = docs.Select(x => new Candidate(x.Id, x.Number, x.NumberKey, x.Title, x.AlternativeTitles)).ToList();
        return new Context(candidates, docs.ToDictionary(x => x.Id), docs.FirstOrDefault(x => x.NumberKey == key), existing);
    }

    public static DecisionPlan Plan(DecisionInput d, Context context) =>
        DecisionPlanner.Plan(context.DecisionDocument?.Id ?? Guid.Empty, EffectiveOn(d)!.Value, Items(d), Resolutions(d), context.Candidates, context.Documents);

    /// <summary>Rows by action (retain, repeal, amend, declare_invalid) and the rows listed for reference only (reference).</summary>
    public static Dictionary<string, int> Counts(IEnumerable<DecisionItem> items)
    {
        var list = items as IReadOnlyCollection<DecisionItem> ?? items.ToList();
        var counts = Decision.Count(list).ToDictionary(kv => Infrastructure.ConfigureHttp.EnumNaming.ConvertName(kv.Key.ToString()), kv => kv.Value);
        counts["reference"] = Decision.References(list);
        return counts;
    }
}
