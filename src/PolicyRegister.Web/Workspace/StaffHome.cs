using Marten;
using Microsoft.AspNetCore.Authorization;
using PolicyRegister.Domain.Dates;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Jurisdictions;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Infrastructure;
using PolicyRegister.Web.Jurisdictions;
using PolicyRegister.Web.Oversight;
using PolicyRegister.Web.Publishing;
using PolicyRegister.Web.Site;
using Wolverine.Http;

namespace PolicyRegister.Web.Workspace;

public sealed record AttentionRow(string Url, string Title, string Number, string Due, string Note);

public sealed record ReasonGroup(string Code, string Label, int Count, IReadOnlyList<AttentionRow> Rows);

public sealed record JurisdictionLink(string Code, string Name, int Documents, bool Selected);

public sealed record SeriesRow(string Series, int Count, int Highest, string Missing);

public sealed record StaffHomeView(
    IReadOnlyList<JurisdictionLink> Jurisdictions, string? Jurisdiction, string JurisdictionName, int Days, string Limits,
    int Total, IReadOnlyList<ReasonGroup> Groups, IReadOnlyList<SeriesRow> Gaps, string ApiUrl)
{
    public IReadOnlyList<QueueRow> Queue { get; init; } = [];
}

/// <summary>One item awaiting a reviewer: a submitted draft decision or a clerk's proposal to end a document.</summary>
public sealed record QueueRow(string Url, string What, string Title, string By, string At, string State);

/// <summary>
/// GET /staff?jurisdiction=&amp;days=: the attention list of one jurisdiction (the same computation as /api/attention), with
/// counts by reason, and the number series with gaps. Without a jurisdiction, the jurisdictions the register holds.
/// </summary>
[Microsoft.AspNetCore.Routing.ExcludeFromDescription] // a page for people, not an API operation
public static class StaffHome
{
    public const int RowsPerReason = 50;

    public static string Label(AttentionReason r) => r switch
    {
        AttentionReason.TermEnding => "有效期即将届满",
        AttentionReason.TermUnresolved => "有效期待核定，可能已届满",
        AttentionReason.TrialPastLimit => "试行、暂行文件超过有效期限",
        AttentionReason.DefaultValidityPassed => "未定有效期，已超过默认有效期",
        AttentionReason.AmendmentPending => "决定修改后长期未登记新文本",
        AttentionReason.KnownOnlyFromDecisions => "仅见于清理决定的文件",
        AttentionReason.NotChecked => "效力状态久未核对",
        _ => "外部标注与登记簿不一致",
    };

    [WolverineGet("/staff"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Get(
        string? jurisdiction, int? days, HttpContext http, IQuerySession session, TimeProvider clock, AttentionOptions options,
        JurisdictionChecks checks, HeldJurisdictions jurisdictions, CancellationToken token)
    {
        var n = Math.Clamp(days ?? 90, 1, 3650);
        var queue = await Queue(session, token);
        var today = RegisterCalendar.Today(clock.GetUtcNow());
        var held = (await jurisdictions.Counts(token)).Select(c => new { Code = c.Key, Count = c.Value }).ToList();
        JurisdictionScope? scope = null;
        if (!string.IsNullOrWhiteSpace(jurisdiction)) JurisdictionQuery.TryResolve(jurisdiction, null, out scope, out _);
        // One jurisdiction held: it is the office's own.
        if (scope is null && held.Count == 1 && Divisions.ByCode(held[0].Code) is { } only) scope = JurisdictionScope.Of(only, JurisdictionInclude.Self);
        var links = held.OrderByDescending(h => h.Count).Select(h => new JurisdictionLink(h.Code,
            Divisions.ByCode(h.Code) is { } d ? Divisions.FullName(d) : h.Code, h.Count, h.Code == scope?.Code)).ToList();
        if (scope is null)
            return SitePages.Render(http, "staff-home.html", "工作台", new StaffHomeView(links, null, "", n, "", 0, [], [], "") { Queue = queue });

        var answer = await AttentionQuery.Run(session, scope, today, n, null, GetAttentionEndpoint.MaxLimit, options, checks, token);
        var groups = Enum.GetValues<AttentionReason>().Select(r =>
        {
            var rows = answer.Items.Where(i => i.Reasons.Any(x => x.Reason == r)).ToList();
            return new ReasonGroup(ConfigureHttp.EnumNaming.ConvertName(r.ToString()), Label(r), rows.Count,
                [.. rows.Take(RowsPerReason).Select(i =>
                {
                    var why = i.Reasons.First(x => x.Reason == r);
                    return new AttentionRow($"/documents/{i.DocumentId}", i.Title, i.Number ?? "", Printed.Date(why.DueOn), why.Detail);
                })]);
        }).ToList();
        var gaps = answer.NumberGaps.WithGaps.Select(s => new SeriesRow($"{s.IssuerCode}〔{s.Year}〕", s.Count, s.Highest,
            string.Join("、", s.Missing.Take(30)) + (s.Missing.Count > 30 ? $" 等{s.Missing.Count}个" : ""))).ToList();
        var l = answer.Limits;
        var limits = $"默认有效期{l.DefaultValidityYears}年，试行、暂行{l.TrialValidityYears}年，修改待登记{l.PendingAmendmentDays}日，核对周期{l.NotCheckedDays}日（{l.Source}）";
        return SitePages.Render(http, "staff-home.html", "工作台", new StaffHomeView(links, scope.Code, answer.JurisdictionName, n, limits, answer.Total, groups, gaps,
            $"/api/attention?jurisdiction={scope.Code}&within={n}") { Queue = queue });
    }

    /// <summary>The review queue: drafts submitted or returned, and open proposals, with who prepared them and when.</summary>
    private static async Task<IReadOnlyList<QueueRow>> Queue(IQuerySession session, CancellationToken token)
    {
        var drafts = await session.Query<Domain.Drafts.DecisionDraft>()
            .Where(d => d.State == Domain.Drafts.DraftState.Submitted || d.State == Domain.Drafts.DraftState.Returned || d.State == Domain.Drafts.DraftState.Editing)
            .Take(200).ToListAsync(token);
        var summaries = await Drafts.GetDecisionDraftsEndpoint.Summaries(session, drafts, token);
        var imports = await session.Query<Domain.Drafts.ImportDraft>()
            .Where(d => d.State == Domain.Drafts.DraftState.Submitted || d.State == Domain.Drafts.DraftState.Returned || d.State == Domain.Drafts.DraftState.Editing)
            .Select(d => new { d.Id, d.FileName, d.PreparedBy, d.State }).Take(200).ToListAsync(token);
        var proposals = await session.Query<Domain.Drafts.EndingProposal>().Where(p => p.State == Domain.Drafts.ProposalState.Open).Take(200).ToListAsync(token);
        var documents = (await session.LoadManyAsync<Document>(token, proposals.Select(p => p.DocumentId).Distinct())).ToDictionary(d => d.Id);
        return [
            .. summaries.Select(d => new QueueRow($"/staff/drafts/{d.Id}", "决定草稿", $"{d.Title}（{d.Number}，{d.Rows}项）", d.PreparedBy, Printed.Moment(d.PreparedAt),
                Domain.Drafts.DraftRules.Label(d.State))),
            .. imports.Select(d => new QueueRow($"/staff/imports/drafts/{d.Id}", "导入草稿", d.FileName, d.PreparedBy, "", Domain.Drafts.DraftRules.Label(d.State))),
            .. proposals.Select(p => new QueueRow($"/staff/proposals/{p.Id}", p.Proposed!.Kind switch
                {
                    Domain.Drafts.EndingKind.Repeal => "废止提议",
                    Domain.Drafts.EndingKind.DeclareInvalid => "宣布失效提议",
                    _ => "替代提议",
                }, documents.TryGetValue(p.DocumentId, out var doc) ? $"{doc.Title}（{doc.Number}），依据{p.Proposed.Basis.Number}，自{Printed.Date(p.Proposed.On)}" : p.DocumentId.ToString(),
                p.Proposed.ProposedBy, "", "待审核")),
        ];
    }
}
