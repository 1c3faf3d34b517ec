using System.Text;
using System.Text.Json;
using Marten;
using Microsoft.AspNetCore.Authorization;
using PolicyRegister.Gazettes;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Imports;
using PolicyRegister.Web.Site;
using Wolverine.Http;

namespace PolicyRegister.Web.Workspace;

public sealed record PlanRow(int Index, string Number, string Title, string Issuers, string SignedOn, string Effective, string Expires, bool Normative, string Evidence);

public sealed record PlanDecisionRow(string Number, int Items, string Counts);

public sealed record ImportFormView(string? FileName, string Gazette, string PlanData, IReadOnlyList<PlanRow> Documents, IReadOnlyList<PlanDecisionRow> Decisions,
    IReadOnlyList<string> Warnings, bool MayCommit, string Message, string Error)
{
    /// <summary>What must be settled before commit (shown first, in red).</summary>
    public IReadOnlyList<string> Blocking { get; init; } = [];

    /// <summary>When the masthead did not settle the jurisdiction: the divisions to choose from.</summary>
    public IReadOnlyList<Site.JurisdictionOption> JurisdictionChoices { get; init; } = [];

    /// <summary>The gazette's decoded text (base64), so that a clerk can save the import as a draft for a reviewer.</summary>
    public string SourceData { get; init; } = "";

    public IReadOnlyList<ErrorLink> Summary => Error == "" ? [] : [FormErrors.Whole(Error)];
}

/// <summary>/staff/imports: upload a gazette, review its plan with the evidence lines, untick entries, and commit (reviewers).</summary>
[Microsoft.AspNetCore.Routing.ExcludeFromDescription] // a page for people, not an API operation
public static class ImportForm
{
    [WolverineGet("/staff/imports"), Authorize(Policy = Policies.Staff)]
    public static IResult Get(HttpContext http) => Page(http, null, null, "", "");

    [WolverinePost("/staff/imports"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Upload(HttpContext http)
    {
        var form = await Forms.ReadValidated(http);
        if (form is null) return Forms.Rejected();
        var file = form.Files.GetFile("gazette");
        if (file is null || file.Length == 0) return Page(http, null, null, "", "请选择公报文本文件", 400);
        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, http.RequestAborted);
        try
        {
            var (text, _) = GazetteText.Decode(buffer.ToArray());
            return Page(http, file.FileName, GazetteParser.Parse(buffer.ToArray()), "", "", source: text);
        }
        catch (GazetteFormatException ex)
        {
            return Page(http, file.FileName, null, "", ex.Message, 400);
        }
    }

    [WolverinePost("/staff/imports/commit"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Commit(HttpContext http, IDocumentStore store, IConfiguration config)
    {
        var form = await Forms.ReadValidated(http);
        if (form is null) return Forms.Rejected();
        ImportPlan? plan;
        try { plan = JsonSerializer.Deserialize<ImportPlan>(Convert.FromBase64String(form.Text("plan") ?? ""), GazetteImport.Json); }
        catch (Exception ex) when (ex is FormatException or JsonException) { plan = null; }
        // A plan is the client's copy of what the server planned: one that lost its parts ({}) is refused like a broken one.
        if (plan is null || plan.Gazette is null || plan.Documents is null || plan.Decisions is null || plan.Toc is null || plan.Warnings is null
            || plan.Documents.Any(d => d is null || d.Number is null || d.Title is null || d.Issuers is null || d.Evidence is null || d.Repeals is null || d.AlternativeTitles is null)
            || plan.Decisions.Any(d => d is null || d.Items is null || d.Number is null))
            return Page(http, null, null, "", "导入计划已损坏，请重新上传", 400);
        if (!(Roles.MayReview(http.User)))
            return Page(http, form.Text("fileName"), plan, "", "只有审核人员可以提交导入。", StatusCodes.Status403Forbidden);

        // The masthead's jurisdiction, settled by a person: a division chosen in the review.
        if (form.Text("jurisdiction") is { Length: > 0 } division)
        {
            var resolution = Domain.Jurisdictions.Divisions.Resolve(division);
            if (resolution.Division is null) return Page(http, form.Text("fileName"), plan, "", resolution.Message, 400);
            plan = plan.WithJurisdiction(resolution.Division.Code);
        }
        var keep = form["include"].Select(v => int.TryParse(v, out var i) ? i : -1).ToHashSet();
        var chosen = plan with { Documents = plan.Documents.Where((_, i) => keep.Contains(i)).ToList() };
        var report = await GazetteImport.Commit(chosen, store, config.GetConnectionString("Marten")!, $"{FormErrors.Author(http)} (workspace import)",
            form.Text("fileName") ?? "upload", null, http.RequestAborted);
        var message = report.Committed
            ? $"已提交：新登记{report.Registered}件，补全{report.Completed}件，未变{report.Unchanged}件，执行决定{report.DecisionsApplied}件。"
            : "未提交，登记簿未作任何改动：" + string.Join("；", report.Refused.Select(r => $"{r.Number}：{FormErrors.Chinese(r.Detail)}"));
        return Page(http, form.Text("fileName"), report.Committed ? null : plan, report.Committed ? message : "", report.Committed ? "" : message, report.Committed ? 200 : 422);
    }

    /// <summary>
    /// POST /staff/imports/draft: the clerk prepares, the reviewer decides — the uploaded gazette, the entries left out
    /// and the division chosen are saved as an import draft, submitted for review.
    /// </summary>
    [WolverinePost("/staff/imports/draft"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> SaveDraft(HttpContext http, IDocumentSession session)
    {
        var form = await Forms.ReadValidated(http);
        if (form is null) return Forms.Rejected();
        string text;
        try { text = Encoding.UTF8.GetString(Convert.FromBase64String(form.Text("source") ?? "")); }
        catch (FormatException) { return Page(http, null, null, "", "导入计划已损坏，请重新上传", 400); }
        ImportPlan plan;
        try { plan = GazetteParser.Parse(text); }
        catch (GazetteFormatException ex) { return Page(http, null, null, "", ex.Message, 400); }
        string? jurisdiction = null;
        if (form.Text("jurisdiction") is { Length: > 0 } division)
        {
            var resolution = Domain.Jurisdictions.Divisions.Resolve(division);
            if (resolution.Division is null) return Page(http, form.Text("fileName"), plan, "", resolution.Message, 400, source: text);
            jurisdiction = resolution.Division.Code;
        }
        var reason = form.Text("reason") ?? "";
        if (AuditMiddleware.CheckReason(reason) is { } bad) return Page(http, form.Text("fileName"), plan, "", FormErrors.Chinese(bad.Message), 400, source: text);
        var keep = form["include"].Select(v => int.TryParse(v, out var i) ? i : -1).ToHashSet();
        var excluded = Enumerable.Range(0, plan.Documents.Count).Where(i => !keep.Contains(i)).ToList();
        var id = Guid.CreateVersion7();
        var author = FormErrors.Author(http);
        FormErrors.Stamp(session, http, reason);
        session.Events.StartStream<Domain.Drafts.ImportDraft>(id,
            new Domain.Drafts.ImportDraftCreated(id, form.Text("fileName") ?? "upload", text, jurisdiction, excluded, author),
            new Domain.Drafts.ImportDraftSubmitted(id, author));
        await session.SaveChangesAsync(http.RequestAborted);
        return Results.Redirect($"/staff/imports/drafts/{id}?done=submitted");
    }

    /// <summary>The gazette lines a document's dates were read from, each line once (one line often gives both 施行 and 有效期).</summary>
    public static string EvidenceLines(PlannedDocument d) =>
        string.Join(" / ", d.Evidence.Where(e => e.Fact is "effective" or "expires").DistinctBy(e => e.Line).Select(e => $"第{e.Line}行：{e.Text}"));

    private static IResult Page(HttpContext http, string? fileName, ImportPlan? plan, string message, string error, int status = 200, string? source = null)
    {
        var g = plan?.Gazette;
        var view = new ImportFormView(fileName, g is null ? "" : $"{g.Name} {g.IssueLabel}，{g.PublishedOn:yyyy-MM-dd}出版，管辖区：{(g.Jurisdiction is null ? "未确定" : Domain.Jurisdictions.Divisions.NameOf(g.Jurisdiction))}",
            plan is null ? "" : Convert.ToBase64String(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(plan, GazetteImport.Json))),
            plan?.Documents.Select((d, i) => new PlanRow(i, d.Number, d.Title, string.Join("、", d.Issuers), d.SignedOn?.ToString("yyyy-MM-dd") ?? "",
                d.Effective?.On?.ToString("yyyy-MM-dd") ?? d.Effective?.Rule switch
                {
                    Domain.Documents.EffectiveRule.OnPublication => "自公布之日起",
                    Domain.Documents.EffectiveRule.OnSigning => "自印发之日起",
                    Domain.Documents.EffectiveRule.Unknown => "不详",
                    _ => "",
                }, d.Expires?.On?.ToString("yyyy-MM-dd") ?? d.Expires?.Text ?? "", d.Normative,
                EvidenceLines(d))).ToList() ?? [],
            plan?.Decisions.Select(d => new PlanDecisionRow(d.Number, d.Items.Count, string.Join("，", d.Items.GroupBy(i => i.Action).Select(x => $"{Publishing.Printed.Action(x.Key)}{x.Count()}件")))).ToList() ?? [],
            plan?.Warnings.Select(w => $"第{w.Line}行：{FormErrors.Chinese(w.Message)}").ToList() ?? [],
            Roles.MayReview(http.User), message, error)
        {
            Blocking = plan?.Blocking.Select(b => $"第{b.Line}行：{FormErrors.Chinese(b.Message)}").ToList() ?? [],
            SourceData = source is null ? "" : Convert.ToBase64String(Encoding.UTF8.GetBytes(source)),
            JurisdictionChoices = plan is { Gazette.Jurisdiction: null }
                ? [.. Domain.Jurisdictions.Divisions.Closest(plan.Gazette.JurisdictionWritten ?? plan.Gazette.Name ?? "", 10)
                    .Select(d => new Site.JurisdictionOption(d.Code, $"{Domain.Jurisdictions.Divisions.FullName(d)}（{d.Code}）"))]
                : [],
        };
        return SitePages.Render(http, "staff-import.html", "导入公报", view, status);
    }
}
