using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;
using PolicyRegister.Web.Site;
using Wolverine.Http;
using Wolverine.Marten;

namespace PolicyRegister.Web.Workspace;

public sealed record FactKind(string Code, string Label);

public sealed record FactFormView(string Id, string Title, string Number, Badge Badge, IReadOnlyList<FactKind> Kinds,
    Dictionary<string, string> Values, Dictionary<string, string> Errors)
{
    public IReadOnlyList<FactKind> Sources { get; init; } = [];

    public IReadOnlyList<ErrorLink> Summary => FormErrors.Summary(Errors,
        [("kind", "事项"), ("on", "生效日期"), ("until", "有效期至"), ("basis_number", "依据文件文号"), ("verb", "原文用语"), ("scope", "范围"),
            ("against", "核对依据"), ("reference", "核对对象"), ("note", "说明"), ("reason", "登记理由")]);
}

/// <summary>
/// /staff/documents/{id}/facts: record one lifecycle fact. Each kind is the API's command, checked by the same
/// Validate and decided by the same Post; the form's version guards against a concurrent change.
/// </summary>
[Microsoft.AspNetCore.Routing.ExcludeFromDescription] // a page for people, not an API operation
public static class FactForm
{
    public static readonly FactKind[] Kinds =
    [
        new("repeal", "废止"), new("declare-invalid", "宣布失效"), new("retention", "经清理保留"), new("amendment-order", "决定修改"),
        new("amendment", "已修改（新文本已公布）"), new("replacement", "被替代"), new("term-resolution", "核定有效期"), new("term-extension", "延长有效期"),
        new("status-check", "核对效力状态"),
    ];

    public static readonly FactKind[] Sources =
    [
        new("gazette", "政府公报"), new("portal", "发文机关门户网站"), new("cleanup", "清理结果"), new("other", "其他来源"),
    ];

    private static readonly string[] Fields = ["kind", "on", "basis_number", "note", "until", "reason", "version", "verb", "scope", "against", "reference"];

    [WolverineGet("/staff/documents/{id}/facts"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Get(Guid id, string? kind, HttpContext http, IQuerySession session, TimeProvider clock)
    {
        var (doc, current) = await DocumentReads.LoadCurrent(session, id, http.RequestAborted);
        if (doc is null) return DocumentPage.NotFound(http);
        var values = Fields.ToDictionary(f => f, _ => "");
        // No default: an ending must be chosen, never pre-selected.
        values["kind"] = Kinds.Any(k => k.Code == kind) ? kind! : "";
        values["version"] = current.ToString();
        return Page(http, doc, clock, values, FormErrors.Empty(Fields));
    }

    [WolverinePost("/staff/documents/{id}/facts"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Post(Guid id, HttpContext http, IDocumentSession session, TimeProvider clock)
    {
        var form = await Forms.ReadValidated(http);
        if (form is null) return Forms.Rejected();
        var (doc, current) = await DocumentReads.LoadCurrent(session, id, http.RequestAborted);
        if (doc is null) return DocumentPage.NotFound(http);
        var values = Fields.ToDictionary(f => f, f => form.Text(f) ?? "");
        var errors = FormErrors.Empty(Fields);
        if (FormErrors.BadDate(form, "on")) errors["on"] = "日期格式应为 YYYY-MM-DD";
        if (FormErrors.BadDate(form, "until")) errors["until"] = "日期格式应为 YYYY-MM-DD";
        if (!long.TryParse(values["version"], out var version)) errors[FormErrors.General] = "表单缺少版本号，请重新打开";
        else if (version != current) errors[FormErrors.General] = "该文件已被他人修改，请核对后重新提交（已显示最新状态）";
        if (errors.Values.Any(e => e.Length > 0))
        {
            values["version"] = current.ToString();
            return Page(http, doc, clock, values, errors, errors[FormErrors.General].Length > 0 ? 409 : 400);
        }

        var on = FormErrors.Date(form, "on");
        var until = FormErrors.Date(form, "until");
        var basis = values["basis_number"] is { Length: > 0 } b ? new BasisInput(b, null, null) : null;
        var reason = values["reason"];
        // 第五条、第八条 / 附件2: the parts the fact concerns; empty is the whole document.
        var scope = PartScope.Find(values["scope"]);
        if (values["scope"].Trim().Length > 0 && scope is null)
        {
            errors["scope"] = "范围应写作“第五条、第八条”或“附件2”；整件文件请留空";
            return Page(http, doc, clock, values, errors, 400);
        }
        var verb = Blank(values["verb"]);
        var against = values["against"] switch
        {
            "gazette" => CheckSource.Gazette, "portal" => CheckSource.Portal, "cleanup" => CheckSource.Cleanup, "other" => CheckSource.Other,
            _ => (CheckSource?)null,
        };
        (ProblemDetails Problem, Func<(IResult, Events)> Decide) decision = values["kind"] switch
        {
            "repeal" => Pair(new RepealDocument(version, on, basis, reason, Blank(values["note"]), verb, scope), RepealDocumentEndpoint.Validate, RepealDocumentEndpoint.Post, doc),
            "declare-invalid" => Pair(new DeclareDocumentInvalid(version, on, basis, reason, Blank(values["note"]), verb, scope), DeclareDocumentInvalidEndpoint.Validate, DeclareDocumentInvalidEndpoint.Post, doc),
            "retention" => Pair(new RetainDocument(version, on, basis, reason, verb), RetainDocumentEndpoint.Validate, RetainDocumentEndpoint.Post, doc),
            "amendment-order" => Pair(new OrderAmendment(version, on, basis, reason, Blank(values["note"]), verb, scope), OrderAmendmentEndpoint.Validate, OrderAmendmentEndpoint.Post, doc),
            "amendment" => Pair(new RecordAmendment(version, on, basis, Blank(values["note"]), reason, scope), RecordAmendmentEndpoint.Validate, RecordAmendmentEndpoint.Post, doc),
            "replacement" => Pair(new RecordReplacement(version, on, basis, reason, verb), RecordReplacementEndpoint.Validate, RecordReplacementEndpoint.Post, doc),
            "status-check" => Pair(new RecordStatusCheck(version, on, against, Blank(values["reference"]), reason, Blank(values["note"])),
                (c, d) => RecordStatusCheckEndpoint.Validate(c, d, clock), RecordStatusCheckEndpoint.Post, doc),
            "term-resolution" => Pair(new ResolveValidityTerm(version, until, Blank(values["note"]), reason), ResolveValidityTermEndpoint.Validate, ResolveValidityTermEndpoint.Post, doc),
            "term-extension" => Pair(new ExtendValidityTerm(version, until, basis, reason), ExtendValidityTermEndpoint.Validate, ExtendValidityTermEndpoint.Post, doc),
            _ => (Problems.Invalid(new RuleViolation("kind", "请选择登记事项")), () => default),
        };
        var problem = AuditMiddleware.CheckReason(reason) is { } badReason ? Problems.Invalid(badReason) : decision.Problem;
        if (problem != Problems.None)
        {
            var shown = FormErrors.From(problem, Fields);
            if (shown.ContainsKey("basis") || problem.Extensions.TryGetValue("errors", out var e) && e is Dictionary<string, string[]> d && d.ContainsKey("basis")) shown["basis_number"] = "请给出依据文件的文号";
            return Page(http, doc, clock, values, shown, problem.Status ?? 400);
        }

        // Ending a document is a reviewer's act: a clerk's repeal, declaration of invalidity or replacement is saved as
        // a proposal for a reviewer, with the checks it has just passed run again when it is approved.
        var ending = values["kind"] switch
        {
            "repeal" => Domain.Drafts.EndingKind.Repeal,
            "declare-invalid" => Domain.Drafts.EndingKind.DeclareInvalid,
            "replacement" => Domain.Drafts.EndingKind.Replacement,
            _ => (Domain.Drafts.EndingKind?)null,
        };
        if (ending is { } endingKind && !(Roles.MayReview(http.User)))
        {
            var proposalId = Guid.CreateVersion7();
            FormErrors.Stamp(session, http, reason);
            session.Events.StartStream<Domain.Drafts.EndingProposal>(proposalId, Drafts.ProposeEndingEndpoint.Proposed(proposalId, id,
                new Drafts.ProposeEnding(endingKind, on, basis, reason, Blank(values["note"]), verb, scope), FormErrors.Author(http)));
            await session.SaveChangesAsync(http.RequestAborted);
            return Results.Redirect($"/documents/{id}?proposed={proposalId}");
        }

        var (_, events) = decision.Decide();
        if (!await FormErrors.TryAppend(session, http, id, version, events, reason))
        {
            errors[FormErrors.General] = FormErrors.ChangedMeanwhile;
            var (fresh, now) = await DocumentReads.LoadCurrent(session, id, http.RequestAborted);
            values["version"] = now.ToString();
            return Page(http, fresh ?? doc, clock, values, errors, 409);
        }
        return Results.Redirect($"/documents/{id}");
    }

    private static (ProblemDetails, Func<(IResult, Events)>) Pair<T>(T cmd, Func<T, Document, ProblemDetails> validate, Func<T, Document, (IResult, Events)> post, Document doc) =>
        (validate(cmd, doc), () => post(cmd, doc));

    private static string? Blank(string s) => string.IsNullOrWhiteSpace(s) ? null : s;

    private static IResult Page(HttpContext http, Document doc, TimeProvider clock, Dictionary<string, string> values, Dictionary<string, string> errors, int status = 200) =>
        SitePages.Render(http, "staff-fact.html", $"登记事项：{doc.Title}", new FactFormView(doc.Id.ToString(), doc.Title, doc.Number ?? "",
            SitePages.BadgeOf(Validity.On(doc, Domain.Dates.RegisterCalendar.Today(clock.GetUtcNow()))), Kinds, values, errors) { Sources = Sources }, status);
}
