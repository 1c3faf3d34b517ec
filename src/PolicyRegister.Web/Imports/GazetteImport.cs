using System.Text.Json;
using System.Text.Json.Serialization;
using Marten;
using Microsoft.AspNetCore.Http.HttpResults;
using Npgsql;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;
using PolicyRegister.Gazettes;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Decisions;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;

namespace PolicyRegister.Web.Imports;

public sealed record ImportRefusal(string Number, int Line, int Status, string Detail);

public sealed record ImportReport(
    string Source, int Registered, int Completed, int Unchanged, int DecisionsApplied, int DecisionsUnchanged,
    int Repeals, IReadOnlyList<ImportRefusal> Refused, bool Committed)
{
    /// <summary>What the applied decisions did, by action (废止 16, 保留 34 …), beside the 同时废止 repeals.</summary>
    public IReadOnlyDictionary<string, int> DecisionOutcomes { get; init; } = new Dictionary<string, int>();
}

/// <summary>
/// Committing a plan is sending its commands: each planned document is a RegisterDocument, each decision an
/// ApplyDecision, validated and decided by the same code as the API. All of one gazette run in ONE database
/// transaction, so that a refusal or a crash half-way leaves nothing behind; later commands see the earlier ones.
/// </summary>
public static class GazetteImport
{
    public static readonly JsonSerializerOptions Json = CreateJson();

    private static JsonSerializerOptions CreateJson()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web) { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        o.Converters.Add(new JsonStringEnumConverter(ConfigureHttp.EnumNaming));
        return o;
    }

    public static RegisterDocument ToCommand(PlannedDocument d, GazetteInfo gazette, string source) => new(
        d.Number, d.Title, d.Issuers, d.Jurisdiction ?? gazette.Jurisdiction, d.Kind, d.SignedOn,
        d.Effective is null ? null : new EffectiveInput(d.Effective.On, d.Effective.Rule),
        d.Expires is null ? null : new ExpiresInput(d.Expires.On, d.Expires.Text),
        d.Trial,
        gazette.PublishedOn is null ? null : new Publication(gazette.PublishedOn, gazette.Name, gazette.IssueLabel, d.Page),
        d.AlternativeTitles, [], source,
        ConfirmBeforeSigning: false,
        Reason: $"据{gazette.Name}{gazette.IssueLabel}登记（{source} 第{d.Line}行）");

    public static ApplyDecision ToCommand(PlannedDecision d, GazetteInfo gazette, string source) => new()
    {
        Number = d.Number,
        Title = d.Title,
        Issuers = d.Issuers,
        Jurisdiction = gazette.Jurisdiction,
        SignedOn = d.SignedOn,
        Effective = d.Effective is null ? null : new EffectiveInput(d.Effective.On, d.Effective.Rule),
        Publication = gazette.PublishedOn is null ? null : new Publication(gazette.PublishedOn, gazette.Name, gazette.IssueLabel, null),
        Items = d.Items.Select(i => new DecisionItemInput(i.Action, i.Seq, i.Title, i.Number, Verb: i.Verb, ReasonText: i.ReasonText,
            Scope: i.Scope, Reference: i.Reference, EndedBy: i.EndedBy)).ToList(),
        Addressees = d.Addressees,
        Body = d.Body,
        Reason = $"据{gazette.Name}{gazette.IssueLabel}所载{d.Number}执行清理决定（{source} 第{d.Line}行）",
    };

    public static async Task<ImportReport> Commit(
        ImportPlan plan, IDocumentStore store, string connectionString, string author, string source,
        IProgress<string>? progress, CancellationToken token)
    {
        if (plan.Blocking.Count > 0)
            return new ImportReport(source, 0, 0, 0, 0, 0, 0,
                [.. plan.Blocking.Select(b => new ImportRefusal("", b.Line, 422, b.Message))], false);
        if (plan.Gazette.Jurisdiction is null)
            return new ImportReport(source, 0, 0, 0, 0, 0, 0, [new ImportRefusal("", 0, 400, "公报未写明管辖区，无法登记 (the gazette names no jurisdiction)")], false);

        await using var conn = new NpgsqlConnection(connectionString);
        await conn.OpenAsync(token);
        await using var tx = await conn.BeginTransactionAsync(token);
        await using var session = store.LightweightSession(Marten.Services.SessionOptions.ForTransaction(tx, false));

        int registered = 0, completed = 0, unchanged = 0, applied = 0, decisionsUnchanged = 0, repeals = 0;
        var refused = new List<ImportRefusal>();
        var outcomes = new Dictionary<string, int>();
        foreach (var d in plan.Documents)
        {
            progress?.Report($"{d.Number} {d.Title}");
            var cmd = ToCommand(d, plan.Gazette, source);
            var (status, detail, value) = await Send(session, author, cmd.Reason!, RegisterDocumentEndpoint.Validate(cmd),
                () => RegisterDocumentEndpoint.Post(cmd, session, token), token);
            if (value is DocumentRegistration registration && d.Body is { Length: > 0 })
                await RecordBody(session, registration.Id, d, plan.Gazette, author, token);
            switch (status)
            {
                case 201: registered++; break;
                case 200: completed++; break;
                case 409: unchanged++; break;
                default: refused.Add(new ImportRefusal(d.Number, d.Line, status, detail)); break;
            }
        }
        foreach (var d in plan.Documents.Where(d => d.Repeals.Count > 0))
            repeals += await RepealEarlier(session, d, plan.Gazette, author, source, refused, token);

        foreach (var d in plan.Decisions)
        {
            progress?.Report($"{d.Number}：{d.Items.Count}项");
            var cmd = ToCommand(d, plan.Gazette, source);
            var (status, detail, value) = await Send(session, author, cmd.Reason!, ApplyDecisionEndpoint.Validate(cmd),
                () => ApplyDecisionEndpoint.Post(cmd, session, token), token);
            switch (status)
            {
                case 201:
                    applied++;
                    if (value is DecisionResult result)
                        foreach (var (action, count) in result.Counts) outcomes[action] = outcomes.GetValueOrDefault(action) + count;
                    break;
                case 200: decisionsUnchanged++; break;
                default: refused.Add(new ImportRefusal(d.Number, d.Line, status, detail)); break;
            }
        }

        var commit = refused.Count == 0;
        if (commit) await tx.CommitAsync(token);
        else await tx.RollbackAsync(token);
        return new ImportReport(source, registered, completed, unchanged, applied, decisionsUnchanged, repeals, refused, commit)
        {
            DecisionOutcomes = outcomes,
        };
    }

    /// <summary>
    /// The text as the gazette prints it, with where it stands (gazette, issue, page, lines), recorded by the same rules
    /// as POST /api/documents/{id}/text; once per document (a re-import leaves a recorded text as it is).
    /// </summary>
    private static async Task RecordBody(IDocumentSession session, Guid id, PlannedDocument d, GazetteInfo gazette, string author, CancellationToken token)
    {
        var (doc, version) = await DocumentReads.LoadCurrent(session, id, token);
        if (doc is null) return;
        var held = await RecordTextEndpoint.LoadAsync(id, session, token);
        if (held.Count > 0) return;
        var cmd = new RecordText(version, d.Body, null, new TextSource(gazette.Name, gazette.IssueLabel, d.Page, d.BodyFrom, d.BodyTo),
            $"据{gazette.Name}{gazette.IssueLabel}登记全文");
        await Send(session, author, cmd.Reason!, RecordTextEndpoint.Validate(cmd, doc), () =>
        {
            var (result, events) = RecordTextEndpoint.Post(cmd, doc, held);
            session.Events.Append(doc.Id, version + events.Count, [.. events]);
            return Task.FromResult(result);
        }, token);
    }

    /// <summary>Validate, decide and save one command inside the import's transaction; the HTTP status it would have answered.</summary>
    private static async Task<(int Status, string Detail, object? Value)> Send(
        IDocumentSession session, string author, string reason, Microsoft.AspNetCore.Mvc.ProblemDetails validation,
        Func<Task<IResult>> post, CancellationToken token)
    {
        if (validation != Problems.None) return (validation.Status ?? 400, validation.Detail ?? "", null);
        AuditMiddleware.Stamp(session, author, reason, $"import-{Guid.NewGuid():N}");
        var result = await post();
        var status = result is IStatusCodeHttpResult s ? s.StatusCode ?? 200 : 200;
        if (status >= 300)
        {
            session.EjectAllPendingChanges();
            var detail = result is ProblemHttpResult p ? p.ProblemDetails.Detail ?? p.ProblemDetails.Title ?? "" : "";
            return (status, detail, null);
        }
        await session.SaveChangesAsync(token);
        return (status, "", (result as IValueHttpResult)?.Value);
    }

    /// <summary>同时废止: a document that repeals earlier ones ends them on its own effective date, by the same rule as the API.</summary>
    private static async Task<int> RepealEarlier(IDocumentSession session, PlannedDocument d, GazetteInfo gazette, string author, string source, List<ImportRefusal> refused, CancellationToken token)
    {
        var repealing = await session.Query<Document>().FirstOrDefaultAsync(x => x.Jurisdiction == gazette.Jurisdiction && x.NumberKey == DocumentNumber.Parse(d.Number).Key, token);
        if (repealing?.EffectiveOn is not { } on) return 0;
        var count = 0;
        foreach (var r in d.Repeals.Where(r => r.Number is not null))
        {
            var key = DocumentNumber.Parse(r.Number).Key;
            var (target, version) = await DocumentReads.CurrentByNumberKey(session, key, gazette.Jurisdiction, token);
            if (target is null || target.EndedOn is not null) continue;
            if (DocumentRules.CanEnd(target, on) is { } violation)
            {
                refused.Add(new ImportRefusal(r.Number!, r.Line, 422, violation.Message));
                continue;
            }
            AuditMiddleware.Stamp(session, author, $"{d.Number}规定同时废止（{source} 第{r.Line}行）", $"import-{Guid.NewGuid():N}");
            session.Events.Append(target.Id, version + 1, new DocumentRepealed(on, new LegalBasis(repealing.Number, repealing.Title, repealing.Id), "同时废止"));
            await session.SaveChangesAsync(token);
            count++;
        }
        return count;
    }
}
