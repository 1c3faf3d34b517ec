using Marten;
using Microsoft.AspNetCore.Authorization;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Drafts;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Publishing;
using PolicyRegister.Web.Site;
using PolicyRegister.Web.Workspace;
using Wolverine.Http;

namespace PolicyRegister.Web.Drafts;

public sealed record ProposalPageView(string Id, long Version, string Kind, string DocumentUrl, string DocumentTitle, string Number, string On, string Basis,
    string Verb, string Scope, string Note, string ProposedBy, string State, string Comment, bool MayDecide, string Blocked, string Error);

/// <summary>/staff/proposals/{id}: a clerk's proposal to end a document, approved or rejected by another reviewer (post/redirect/get).</summary>
[Microsoft.AspNetCore.Routing.ExcludeFromDescription] // a page for people, not an API operation
public static class ProposalPages
{
    [WolverineGet("/staff/proposals/{id}"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Get(Guid id, HttpContext http, IQuerySession session, CancellationToken token)
    {
        var p = await session.LoadAsync<EndingProposal>(id, token);
        return p?.Proposed is null ? Missing(http) : await Page(http, session, p, "", 200, token);
    }

    [WolverinePost("/staff/proposals/{id}/{step}"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Post(Guid id, string step, HttpContext http, IDocumentSession session, CancellationToken token)
    {
        var form = await Forms.ReadValidated(http);
        if (form is null) return Forms.Rejected();
        var p = await session.LoadAsync<EndingProposal>(id, token);
        if (p?.Proposed is null) return Missing(http);
        var me = FormErrors.Author(http);
        var reason = form.Text("reason") ?? "";
        if (!(Roles.MayReview(http.User)))
            return await Page(http, session, p, "只有审核人员可以审核提议", 403, token);
        if (!long.TryParse(form.Text("version"), out var version) || version != p.Version)
            return await Page(http, session, p, "该提议已被他人处理，已显示最新状态", 409, token);
        if (step is not ("approve" or "reject")) return Missing(http);
        var (_, documentVersion, ending) = await DecideProposalEndpoint.Ending(session, p, token);
        var refused = AuditMiddleware.CheckReason(reason) ?? ProposalRules.CanDecide(p, me)
            ?? (step == "approve" ? ending : Documents.DocumentInputs.CheckText(form.Text("comment"), "comment", 2000));
        if (refused is not null) return await Page(http, session, p, FormErrors.Chinese(refused.Message), 422, token);

        if (step == "approve")
            session.Events.Append(id, p.Version + 1,
                DecideProposalEndpoint.Approve(session, p, documentVersion, me, $"{me} (workspace)", reason, http.TraceIdentifier));
        else
        {
            FormErrors.Stamp(session, http, reason);
            session.Events.Append(id, p.Version + 1, new EndingProposalRejected(id, (form.Text("comment") ?? "").Trim(), me));
        }
        await session.SaveChangesAsync(token);
        return Results.Redirect(step == "approve" ? $"/documents/{p.DocumentId}" : "/staff");
    }

    private static IResult Missing(HttpContext http) =>
        SitePages.Render(http, "site-message.html", "未找到", new { heading = "未找到该提议", message = "没有这个提议。" }, 404);

    private static async Task<IResult> Page(HttpContext http, IQuerySession session, EndingProposal p, string error, int status, CancellationToken token)
    {
        var doc = await session.LoadAsync<Document>(p.DocumentId, token);
        var me = FormErrors.Author(http);
        var reviewer = Roles.MayReview(http.User);
        var blocked = !reviewer ? "审核须由审核人员操作" : ProposalRules.CanDecide(p, me) is { } no ? FormErrors.Chinese(no.Message) : "";
        var e = p.Proposed!;
        var view = new ProposalPageView(p.Id.ToString(), p.Version, e.Kind switch { EndingKind.Repeal => "废止", EndingKind.DeclareInvalid => "宣布失效", _ => "被替代" },
            $"/documents/{p.DocumentId}", doc?.Title ?? "", doc?.Number ?? "", Printed.Date(e.On), e.Basis.Number ?? "", e.Verb ?? "", e.Scope?.Describe() ?? "",
            e.Note ?? "", e.ProposedBy, p.State switch { ProposalState.Open => "待审核", ProposalState.Approved => "已批准", _ => "已驳回" }, p.Comment ?? "",
            blocked.Length == 0 && p.State == ProposalState.Open, blocked, error);
        return SitePages.Render(http, "staff-proposal.html", "审核提议", view, status);
    }
}
