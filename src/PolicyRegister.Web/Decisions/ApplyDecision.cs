using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;

namespace PolicyRegister.Web.Decisions;

/// <summary>The body of POST /api/decisions: a decision with its annex lists, applied wholly or not at all.</summary>
public sealed record ApplyDecision : DecisionInput, IWriteCommand
{
    public string? Reason { get; init; }
}

public sealed record DecisionResult(
    Guid DecisionId, Guid DocumentId, string Number, DateOnly EffectiveOn, bool AlreadyApplied,
    Dictionary<string, int> Counts, IReadOnlyList<ItemOutcome> Items);

/// <summary>One stream's share of the apply: what to append, and at which version it must still be.</summary>
public sealed record StreamAppend(Guid StreamId, long? ExpectedVersion, bool IsDecision, IReadOnlyList<object> Events)
{
    /// <summary>Queues every stream's events on the session: existing streams at their expected version, new ones started.</summary>
    public static void AppendAll(IDocumentSession session, IEnumerable<StreamAppend> appends)
    {
        foreach (var a in appends)
        {
            if (a.ExpectedVersion is { } v) session.Events.Append(a.StreamId, v + a.Events.Count, [.. a.Events]);
            else if (a.IsDecision) session.Events.StartStream<Decision>(a.StreamId, [.. a.Events]);
            else session.Events.StartStream<Document>(a.StreamId, [.. a.Events]);
        }
    }
}

/// <summary>
/// POST /api/decisions. One transaction: the decision stream, the decision's own document, and every target.
/// Applying a number already applied in the jurisdiction changes nothing and answers 200 with the earlier result.
/// </summary>
public static class ApplyDecisionEndpoint
{
    public static ProblemDetails Validate(ApplyDecision cmd) => Problems.Invalid(DecisionInputs.Check(cmd));

    [WolverinePost("/api/decisions"), Authorize(Policy = Policies.Review)]
    public static async Task<IResult> Post(ApplyDecision cmd, IDocumentSession session, CancellationToken token)
    {
        var context = await DecisionInputs.Load(session, cmd, token);
        if (context.Existing is { State: DecisionState.Applied } earlier)
        {
            // The same decision again changes nothing; another content under an applied number is a conflict, never a
            // silent overwrite (a correction to an applied decision is an act of its own).
            var differences = Differences(cmd, earlier);
            return differences.Count == 0 ? Results.Ok(Result(earlier, alreadyApplied: true)) : Conflict(earlier, differences).ToResult();
        }

        var plan = DecisionInputs.Plan(cmd, context);
        if (!plan.CanApply) return Refusal(plan).ToResult();

        var (decision, appends) = Decide(cmd, plan, context, Guid.CreateVersion7, context.Existing?.Id ?? Guid.CreateVersion7());
        StreamAppend.AppendAll(session, appends);
        return Results.Created($"/api/decisions/{decision.Id}", Result(decision, alreadyApplied: false));
    }

    /// <summary>
    /// Pure: the events of every stream the decision touches. Targets carry the version they were read at, so a
    /// concurrent edit of any of them fails the whole transaction with 409 instead of being overwritten.
    /// </summary>
    public static (Decision Decision, IReadOnlyList<StreamAppend> Appends) Decide(
        ApplyDecision cmd, DecisionPlan plan, DecisionInputs.Context context, Func<Guid> newId, Guid decisionId)
    {
        var number = DocumentNumber.Parse(cmd.Number);
        var jurisdiction = DocumentInputs.JurisdictionCode(cmd.Jurisdiction);
        var title = cmd.Title!.Trim();
        var effectiveOn = DecisionInputs.EffectiveOn(cmd)!.Value;
        var appends = new List<StreamAppend>();

        // The decision is a document of its own, in force from the date it applies its lists.
        var decisionDoc = context.DecisionDocument;
        var decisionDocId = decisionDoc?.Id ?? newId();
        var self = new LegalBasis(number.Canonical, title, decisionDocId, decisionId);
        var ownEvents = new List<object>();
        if (decisionDoc is null or { KnownOnlyFromDecisions: true })
            ownEvents.Add(new DocumentRegistered(decisionDocId, number.Canonical, title, [], cmd.Issuers!.Select(i => i.Trim()).ToList(), jurisdiction,
                DocumentKind.Normative, cmd.SignedOn, cmd.Publication, false, [], "cleanup decision"));
        if (decisionDoc?.EffectiveOn is null)
            ownEvents.Add(new EffectiveDateSet(EffectiveRule.Date, effectiveOn, self, DecisionInputs.Rule(cmd) switch
            {
                EffectiveRule.OnPublication => "自公布之日起施行",
                EffectiveRule.OnSigning when cmd.Effective is null => "未写明施行日期，自印发之日起施行",
                EffectiveRule.OnSigning => "自印发之日起施行",
                _ => null,
            }));
        if (ownEvents.Count > 0) appends.Add(new StreamAppend(decisionDocId, decisionDoc is null ? null : context.Versions[decisionDocId], false, ownEvents));

        var basis = new LegalBasis(number.Canonical, title, decisionDocId, decisionId);
        var outcomes = new List<ItemOutcome>();
        var perTarget = new Dictionary<Guid, List<object>>();
        foreach (var p in plan.Items.Where(p => !p.Duplicate))
        {
            var item = p.Item;
            // A row listed for reference notes the document it names and ends nothing; one the register does not
            // hold stays a row of the decision only (no stub is made for it).
            if (item.Reference)
            {
                if (p.DocumentId is not { } noted) continue;
                if (!perTarget.TryGetValue(noted, out var notes)) perTarget[noted] = notes = [];
                notes.Add(new ListedForReference(p.EffectiveOn, basis, item.EndedBy, item.Verb, item.ReasonText ?? item.Note));
                var listed = context.Documents[noted];
                outcomes.Add(new ItemOutcome(item.Seq, item.Action, noted, listed.Number, listed.Title, OutcomeMatch(p.Match), p.Score, p.EffectiveOn));
                continue;
            }
            var targetId = p.DocumentId ?? newId();
            if (!perTarget.TryGetValue(targetId, out var events)) perTarget[targetId] = events = [];
            var instruments = TitleMatching.Instruments(item.Title);
            if (p.DocumentId is null)
                events.Add(new DocumentListedByDecision(targetId, p.CanonicalNumber, instruments[0], instruments.Count > 1 ? instruments : [], jurisdiction, basis));
            // A cleanup decision reviews normative documents: one registered as another kind is one.
            else if (context.Documents[p.DocumentId.Value].Kind == DocumentKind.Other && events.Count == 0)
                events.Add(new DocumentCorrected(DocumentFields.Kind, "other", "normative", $"列入{number.Canonical}清理目录，属行政规范性文件"));
            // The row's reason as printed, else its note; the verb as written and the parts it names travel with the fact.
            var reason = item.ReasonText ?? item.Note;
            events.Add(item.Action switch
            {
                DecisionAction.Retain => new DocumentRetained(p.EffectiveOn, basis, item.Verb, reason),
                DecisionAction.Repeal => new DocumentRepealed(p.EffectiveOn, basis, reason, item.Verb, item.Scope),
                DecisionAction.DeclareInvalid => new DocumentDeclaredInvalid(p.EffectiveOn, basis, reason, item.Verb, item.Scope),
                _ => (object)new AmendmentOrdered(p.EffectiveOn, basis, reason, item.Verb, item.Scope),
            });
            var known = p.DocumentId is { } id ? context.Documents[id] : null;
            outcomes.Add(new ItemOutcome(item.Seq, item.Action, targetId, known?.Number ?? p.CanonicalNumber, known?.Title ?? instruments[0],
                OutcomeMatch(p.Match), p.Score, p.EffectiveOn));
        }
        foreach (var (id, events) in perTarget)
            appends.Add(new StreamAppend(id, context.Versions.TryGetValue(id, out var version) ? version : null, false, events));

        var recorded = new DecisionRecorded(decisionId, decisionDocId, number.Canonical, title, cmd.Issuers!.Select(i => i.Trim()).ToList(), jurisdiction,
            cmd.SignedOn, DecisionInputs.Rule(cmd), effectiveOn, cmd.Publication, cmd.Addressees, cmd.Body, DecisionInputs.Items(cmd));
        var applied = new DecisionApplied(decisionId, effectiveOn, outcomes);
        var decisionEvents = context.Existing is null ? new object[] { recorded, applied } : [applied];
        appends.Insert(0, new StreamAppend(decisionId, context.Existing?.Version, true, decisionEvents));

        var decision = context.Existing ?? new Decision();
        foreach (var e in decisionEvents) decision.When(e);
        return (decision, appends);
    }

    private static MatchKind OutcomeMatch(ItemMatch match) => match switch
    {
        ItemMatch.Number => MatchKind.Number,
        ItemMatch.Title => MatchKind.Title,
        ItemMatch.Resolved => MatchKind.Resolved,
        _ => MatchKind.Created,
    };

    public static ProblemDetails Refusal(DecisionPlan plan)
    {
        var unresolved = plan.Unresolved.Select(i => new RuleViolation(DecisionPlanner.Field(i.Index, "documentId"),
            $"第{i.Item.Seq}项“{i.Item.Title}”需人工确认：请选择候选文件(documentId)或新建(createNew) (ambiguous: choose a candidate or createNew; candidates: {string.Join("; ", i.Candidates.Select(c => $"{c.Number} {c.Title} {c.Score:0.00}"))})"));
        // A row matched by number whose title disagrees is confirmed by sending that document's id as its documentId.
        var unconfirmed = plan.NeedingConfirmation.Select(i => new RuleViolation(DecisionPlanner.Field(i.Index, "documentId"),
            $"{string.Join("；", i.Report.Warnings)}；确认请将 documentId 设为 {i.DocumentId} (confirm by sending documentId {i.DocumentId}, or correct the row)"));
        var problem = Problems.Rule([.. plan.Problems, .. unresolved, .. unconfirmed]);
        problem.Detail = $"决定未执行，登记簿未作任何改动 (nothing was applied): {problem.Detail}";
        return problem;
    }

    /// <summary>What a re-posted decision says otherwise than the applied one: title, dates, and rows (by action and 序号).</summary>
    public static IReadOnlyList<string> Differences(ApplyDecision cmd, Decision applied)
    {
        var found = new List<string>();
        if (cmd.Title!.Trim() != applied.Title) found.Add($"title: “{applied.Title}” → “{cmd.Title.Trim()}”");
        if (cmd.SignedOn != applied.SignedOn) found.Add($"signedOn: {applied.SignedOn:yyyy-MM-dd} → {cmd.SignedOn:yyyy-MM-dd}");
        if (DecisionInputs.EffectiveOn(cmd) is { } on && on != applied.EffectiveOn) found.Add($"effectiveOn: {applied.EffectiveOn:yyyy-MM-dd} → {on:yyyy-MM-dd}");
        static string Key(DecisionItem i) => $"{i.Action}#{i.Seq}";
        static string Row(DecisionItem i) => $"{TitleMatching.Fold(i.Title)}|{(i.Number is { } n && DocumentNumber.TryParse(n, out var x) ? x.Key : "")}";
        var before = applied.Items.ToDictionary(Key);
        var after = DecisionInputs.Items(cmd).ToDictionary(Key);
        foreach (var (key, item) in after)
        {
            if (!before.TryGetValue(key, out var old)) found.Add($"items: {key} added ({item.Title} {item.Number})");
            else if (Row(old) != Row(item)) found.Add($"items: {key} “{old.Title} {old.Number}” → “{item.Title} {item.Number}”");
        }
        found.AddRange(before.Keys.Except(after.Keys).Select(k => $"items: {k} removed ({before[k].Title} {before[k].Number})"));
        return found;
    }

    private static ProblemDetails Conflict(Decision applied, IReadOnlyList<string> differences)
    {
        var problem = Problems.Conflict($"{applied.Number}已于{applied.EffectiveOn:yyyy-MM-dd}执行，内容与本次提交不同；更正已执行的决定须另行登记 (decision {applied.Number} was applied with other content; nothing was changed)");
        problem.Extensions["differences"] = differences;
        problem.Extensions["decisionId"] = applied.Id;
        return problem;
    }

    public static DecisionResult Result(Decision d, bool alreadyApplied) =>
        new(d.Id, d.DocumentId, d.Number, d.EffectiveOn, alreadyApplied, DecisionInputs.Counts(d.Items), d.Outcomes);
}
