using System.Security.Claims;
using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Authorization;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Decisions;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;
using PolicyRegister.Web.Publishing;
using PolicyRegister.Web.Site;
using Wolverine.Http;

namespace PolicyRegister.Web.Workspace;

public sealed record CandidateOption(string Value, string Label, bool Selected);

public sealed record PreviewRow(int Index, string Action, string ActionLabel, int Seq, string Title, string Number, string Match, string MatchLabel,
    string? DocumentUrl, string ResolveField, IReadOnlyList<CandidateOption> Options, string Problems);

public sealed record DecisionFormView(Dictionary<string, string> Values, Dictionary<string, string> Errors, bool Previewed, bool CanApply, bool MayApply,
    IReadOnlyList<PreviewRow> Rows, string Counts, string Message)
{
    /// <summary>本次清理未涉及的现行有效文件 N 件, with the first of them: what the draft leaves out.</summary>
    public string Coverage { get; init; } = "";
    public IReadOnlyList<string> NotMentioned { get; init; } = [];
    public IReadOnlyList<ErrorLink> Summary { get; init; } = [];
}

/// <summary>
/// /staff/decisions/new: prepare a cleanup decision by pasting its lists, preview the match report, settle
/// ambiguous rows, and — as a reviewer — apply it. Preview and apply are the API's commands.
/// </summary>
[Microsoft.AspNetCore.Routing.ExcludeFromDescription] // a page for people, not an API operation
public static partial class DecisionForm
{
    private static readonly string[] Fields = ["number", "title", "issuers", "jurisdiction", "signedOn", "effective", "effectiveRule", "effectiveOn", "publicationOn", "addressees", "body",
        "list_retain", "list_repeal", "list_amend", "list_declare_invalid", "reason"];

    [WolverineGet("/staff/decisions/new"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Get(HttpContext http, IQuerySession session)
    {
        var values = Fields.ToDictionary(f => f, _ => "");
        values["effectiveRule"] = "on_publication";
        return await Page(http, session, values, FormErrors.Empty(Fields), false, false, [], "", "");
    }

    [WolverinePost("/staff/decisions/new"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Post(HttpContext http, IDocumentSession session)
    {
        var form = await Forms.ReadValidated(http);
        if (form is null) return Forms.Rejected();
        var values = Fields.ToDictionary(f => f, f => form.Text(f) ?? "");
        var errors = FormErrors.Empty(Fields);
        foreach (var f in new[] { "signedOn", "effectiveOn", "publicationOn" }.Where(f => FormErrors.BadDate(form, f))) errors[f] = "日期格式应为 YYYY-MM-DD";
        var items = new List<DecisionItemInput>();
        foreach (var action in Enum.GetValues<DecisionAction>())
        {
            var field = $"list_{ConfigureHttp.EnumNaming.ConvertName(action.ToString())}";
            var (parsed, rowError) = ParseList(values[field], action, form);
            items.AddRange(parsed);
            if (rowError is not null) errors[field] = rowError;
        }
        if (errors.Values.Any(e => e.Length > 0)) return await Page(http, session, values, errors, false, false, [], "", "", 400);

        var rule = Enum.TryParse<EffectiveRule>(values["effectiveRule"].Replace("_", ""), true, out var r) ? r : EffectiveRule.OnSigning;
        var cmd = new ApplyDecision
        {
            Number = values["number"], Title = values["title"], Jurisdiction = values["jurisdiction"], SignedOn = FormErrors.Date(form, "signedOn"),
            Issuers = values["issuers"].Split(['、', ',', '，', ';'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
            Effective = rule == EffectiveRule.Date ? new EffectiveInput(FormErrors.Date(form, "effectiveOn"), null) : new EffectiveInput(null, rule),
            Publication = FormErrors.Date(form, "publicationOn") is { } p ? new Publication(p) : null,
            Addressees = values["addressees"] is { Length: > 0 } a ? a : null,
            Body = values["body"] is { Length: > 0 } b ? b : null,
            Items = items, Reason = values["reason"],
        };
        var invalid = ApplyDecisionEndpoint.Validate(cmd);
        if (invalid != Problems.None) return await Page(http, session, values, Listed(FormErrors.From(invalid, Fields)), false, false, [], "", "", 400);

        var context = await DecisionInputs.Load(session, cmd, http.RequestAborted);
        var plan = DecisionInputs.Plan(cmd, context);
        var preview = PreviewDecisionEndpoint.Report(cmd, context, plan);
        var rows = Rows(preview, form);
        var counts = string.Join("，", preview.Counts.Where(c => c.Value > 0).Select(c =>
            Enum.TryParse<DecisionAction>(c.Key.Replace("_", ""), true, out var a) ? $"{Printed.Action(a)}{c.Value}件" : $"列明备查{c.Value}件"));
        var mayApply = Roles.MayReview(http.User);

        if (form.Text("intent") == "submit")
        {
            // The clerk prepares, the reviewer decides: the decision becomes a draft submitted for review.
            if (AuditMiddleware.CheckReason(cmd.Reason) is { } noReason)
            {
                errors["reason"] = FormErrors.Chinese(noReason.Message);
                return await Page(http, session, values, errors, true, preview.CanApply, rows, counts, "", 400);
            }
            var draftId = Guid.CreateVersion7();
            var author = FormErrors.Author(http);
            FormErrors.Stamp(session, http, cmd.Reason);
            session.Events.StartStream<Domain.Drafts.DecisionDraft>(draftId,
                new Domain.Drafts.DecisionDraftCreated(draftId, Drafts.DraftInputs.Content(cmd), author), new Domain.Drafts.DecisionDraftSubmitted(draftId, author));
            await session.SaveChangesAsync(http.RequestAborted);
            return Results.Redirect($"/staff/drafts/{draftId}?done=submitted");
        }
        if (form.Text("intent") != "apply")
        {
            var coverage = await PreviewDecisionEndpoint.Coverage(session, cmd, context, plan, http.RequestAborted);
            return await Page(http, session, values, errors, true, preview.CanApply, rows, counts, preview.AlreadyApplied ? "该决定已执行过，再次执行不会改变登记簿。" : "",
                coverage: coverage);
        }
        if (!mayApply)
            return await Page(http, session, values, errors, true, preview.CanApply, rows, counts, "只有审核人员可以执行清理决定。请由审核人员登录后执行。", StatusCodes.Status403Forbidden);
        if (AuditMiddleware.CheckReason(cmd.Reason) is { } badReason)
        {
            errors["reason"] = FormErrors.Chinese(badReason.Message);
            return await Page(http, session, values, errors, true, preview.CanApply, rows, counts, "", 400);
        }

        FormErrors.Stamp(session, http, cmd.Reason);
        var result = await ApplyDecisionEndpoint.Post(cmd, session, http.RequestAborted);
        var (status, problem) = FormErrors.Outcome(result);
        if (problem is not null)
            return await Page(http, session, values, errors, true, false, rows, counts, "决定未执行，登记簿未作任何改动：" + FormErrors.Chinese(problem.Detail ?? ""), status);
        try
        {
            await session.SaveChangesAsync(http.RequestAborted);
        }
        catch (Exception ex) when (ex is JasperFx.ConcurrencyException or JasperFx.Events.EventStreamUnexpectedMaxEventIdException or Npgsql.PostgresException or JasperFx.DocumentAlreadyExistsException)
        {
            return await Page(http, session, values, errors, true, false, rows, counts, "决定未执行：其中的文件刚被他人修改，请重新预览后再执行。", 409);
        }
        var decision = await session.Query<Decision>().FirstAsync(d => d.Jurisdiction == Documents.DocumentInputs.JurisdictionCode(cmd.Jurisdiction) && d.NumberKey == DocumentNumber.Parse(cmd.Number).Key, http.RequestAborted);
        return Results.Redirect($"/decisions/{decision.Id}");
    }

    /// <summary>Rows pasted from a gazette or a spreadsheet: 序号, 名称, 文号 separated by tabs, | or wide spaces.</summary>
    public static (List<DecisionItemInput> Rows, string? Error) ParseList(string text, DecisionAction action, IFormCollection form)
    {
        var rows = new List<DecisionItemInput>();
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (var i = 0; i < lines.Length; i++)
        {
            var cells = Gazettes.DecisionAnnexes.RowCells(lines[i], out _);
            if (cells.Count == 0 || cells[0].Contains("序号")) continue;
            var seq = int.TryParse(cells[0], out var s) ? s : rows.Count + 1;
            if (int.TryParse(cells[0], out _)) cells.RemoveAt(0);
            if (cells.Count == 0) return (rows, $"第{i + 1}行缺少文件名称");
            string? number = null, reason = null;
            if (cells.Count > 2 && DocumentNumber.TryParse(cells[1], out var beforeReason))
            {
                // 名称, 文号, 理由: a reason column after the number.
                (number, reason) = (beforeReason.Canonical, string.Join(" ", cells.Skip(2)));
                cells = [cells[0]];
            }
            else if (cells.Count > 1 && DocumentNumber.TryParse(cells[^1], out var n))
            {
                number = n.Canonical;
                cells.RemoveAt(cells.Count - 1);
            }
            var resolve = form.Text($"resolve_{ConfigureHttp.EnumNaming.ConvertName(action.ToString())}_{seq}");
            // The same reading as the importer's: parts named after the title, rows listed for reference.
            var row = Gazettes.DecisionAnnexes.Row(string.Join(" ", cells), reason, null);
            rows.Add(new DecisionItemInput(action, seq, row.Title, number,
                DocumentId: Guid.TryParse(resolve, out var chosen) ? chosen : null, CreateNew: resolve == "new", ReasonText: reason,
                Verb: row.Verb, Scope: row.Scope, Reference: row.Reference, EndedBy: row.EndedBy));
        }
        return (rows, null);
    }

    private static List<PreviewRow> Rows(DecisionPreview preview, IFormCollection form) => preview.Items.Select(i =>
    {
        var action = ConfigureHttp.EnumNaming.ConvertName(i.Action.ToString());
        var field = $"resolve_{action}_{i.Seq}";
        var chosen = form.Text(field) ?? "";
        var options = new List<CandidateOption> { new("", "（请选择）", chosen == ""), new("new", "新建为仅见于本决定的文件", chosen == "new") };
        options.AddRange(i.Candidates.Select(c => new CandidateOption(c.DocumentId.ToString(), $"{c.Number} {c.Title}（相似度{c.Score:0.00}）", chosen == c.DocumentId.ToString())));
        // A row matched by number whose title disagrees is confirmed by choosing that document; once chosen it stays offered.
        if (i.DocumentId is { } numbered && (i.NeedsConfirmation || i.MatchedBy == ItemMatch.Resolved) && options.All(o => o.Value != numbered.ToString()))
            options.Insert(2, new CandidateOption(numbered.ToString(), $"确认：{i.RegisterNumber} {i.RegisterTitle}", chosen == numbered.ToString()));
        var label = i.Match switch
        {
            MatchConfidence.NumberAndTitle => "按文号匹配，标题相符",
            MatchConfidence.NumberOnly when i.NeedsConfirmation => $"按文号匹配，但标题不符（相似度{i.TitleSimilarity:0.00}）：登记簿为“{i.RegisterTitle}”，请确认",
            MatchConfidence.NumberOnly => "按文号匹配（登记簿无标题）",
            MatchConfidence.Title => $"按标题匹配（{i.Score:0.00}）",
            MatchConfidence.InnerTitle => $"按所印发文件的标题匹配（{i.Score:0.00}）",
            MatchConfidence.Confirmed => "已人工确认",
            MatchConfidence.Ambiguous => "需人工确认",
            _ => "登记簿中没有，将新建",
        };
        var match = i.NeedsConfirmation ? "ambiguous" : ConfigureHttp.EnumNaming.ConvertName(i.MatchedBy.ToString());
        var notes = i.Problems.Select(p => FormErrors.Chinese(p.Message)).Concat(i.Warnings.Select(FormErrors.Chinese));
        // What the row does, as written: its verb, the parts it names, or that it is listed for reference only.
        var actionLabel = i.Reference ? $"供参考（{i.Verb ?? "已失效"}），不作处理" : (i.Verb ?? Printed.Action(i.Action)) + (i.Scope is { IsEmpty: false } s ? $"：{s.Describe()}" : "");
        if (i.Reference && i.DocumentId is null) label = "登记簿中没有，仅记入本决定";
        return new PreviewRow(i.Index, action, actionLabel, i.Seq, i.Title, i.Number ?? "", match, label,
            i.DocumentId is { } id ? $"/documents/{id}" : null, field, options, string.Join("；", notes));
    }).ToList();

    /// <summary>Item errors (items[3].title) belong to the list they came from; the form shows them there.</summary>
    private static Dictionary<string, string> Listed(Dictionary<string, string> errors)
    {
        var item = errors.Keys.Where(k => k.StartsWith("items_")).ToList();
        if (item.Count > 0) errors["list_retain"] = (errors["list_retain"] + " 目录中有无法识别的行").Trim();
        return errors;
    }

    /// <summary>The form page; its jurisdiction field offers the register's divisions (read only when a page is shown, not on a successful post).</summary>
    private static async Task<IResult> Page(HttpContext http, IQuerySession session, Dictionary<string, string> values, Dictionary<string, string> errors, bool previewed,
        bool canApply, IReadOnlyList<PreviewRow> rows, string counts, string message, int status = 200, DraftCoverage? coverage = null)
    {
        await SitePages.OfferJurisdictions(http, session);
        return SitePages.Render(http, "staff-decision.html", "清理决定", new DecisionFormView(values, errors, previewed, canApply,
            Roles.MayReview(http.User), rows, counts, message)
        {
            Coverage = coverage is null ? "" : $"本次清理未涉及的现行有效文件{coverage.NotMentionedCount}件（{Printed.Date(coverage.InForceOn)}本机关现行有效{coverage.InForce}件）",
            NotMentioned = coverage is null ? [] : [.. coverage.NotMentioned.Take(50).Select(d => $"{d.Title}（{d.Number ?? "无文号"}）")],
            Summary = FormErrors.Summary(errors, Labels, Anchors),
        }, status);
    }

    private static readonly Dictionary<string, string> Anchors = new() { ["effective"] = "effectiveRule" };

    private static readonly (string, string)[] Labels =
    [
        ("number", "决定文号"), ("jurisdiction", "管辖区"), ("issuers", "发文机关"), ("title", "决定标题"), ("signedOn", "印发日期"), ("effective", "施行"),
        ("effectiveOn", "施行日期"), ("publicationOn", "公布日期"), ("addressees", "主送"), ("body", "决定正文"), ("list_retain", "决定保留的目录"),
        ("list_repeal", "决定废止的目录"), ("list_amend", "决定修改的目录"), ("list_declare_invalid", "决定宣布失效的目录"), ("reason", "登记理由"),
    ];

}
