using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Jurisdictions;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Site;
using PolicyRegister.Web.Workspace;
using Wolverine;
using Wolverine.Http;

namespace PolicyRegister.Web.Oversight.Subscriptions;

public sealed record KindOption(string Code, string Label, bool Checked);

public sealed record Option(string Value, string Label, bool Selected);

public sealed record SubscriptionRow(string Id, string Url, string Scope, string Kinds, bool Active, string CreatedBy, int Owed, int Delivered, int GaveUp);

public sealed record GaveUpRow(string Subscription, string Url, long Sequence, string Kind, int Attempts, string LastAttemptAt, string LastOutcome);

public sealed record SubscriptionsView(
    IReadOnlyList<SubscriptionRow> Subscriptions, IReadOnlyList<GaveUpRow> GaveUp, IReadOnlyList<KindOption> Kinds, IReadOnlyList<Option> Jurisdictions,
    Dictionary<string, string> Values, Dictionary<string, string> Errors, string Message);

/// <summary>
/// /staff/subscriptions: staff make and end subscriptions, see what each is owed, and the deliveries given up on after
/// every retry (the dead-letter list), which they can send again. Writes redirect back (post/redirect/get).
/// </summary>
[Microsoft.AspNetCore.Routing.ExcludeFromDescription] // a page for people, not an API operation
public static class SubscriptionsPage
{
    private static readonly string[] Fields = ["url", "secret", "jurisdiction", "issuer", "reason"];

    public static string Label(string kind) => kind switch
    {
        ChangeKinds.Registered => "登记", ChangeKinds.Repealed => "废止", ChangeKinds.DeclaredInvalid => "宣布失效", ChangeKinds.Amended => "修改",
        ChangeKinds.Retained => "保留", ChangeKinds.TermLapsed => "有效期届满", _ => "执行清理决定",
    };

    [WolverineGet("/staff/subscriptions"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Get(string? done, HttpContext http, IQuerySession session, SubscriptionOptions options) =>
        await Page(http, session, options, Fields.ToDictionary(f => f, _ => ""), [], FormErrors.Empty(Fields), done switch
        {
            "created" => "已创建订阅。变更将签名后推送到接收地址。",
            "ended" => "已停止该订阅。",
            "retried" => "已安排重新推送。",
            _ => "",
        });

    [WolverinePost("/staff/subscriptions"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Post(HttpContext http, IDocumentSession session, IDataProtectionProvider protection, SubscriptionOptions options, TimeProvider clock)
    {
        var form = await Forms.ReadValidated(http);
        if (form is null) return Forms.Rejected();
        var values = Fields.ToDictionary(f => f, f => form.Text(f) ?? "");
        var kinds = form["kinds"].Where(k => k is not null).Select(k => k!).ToList();
        var cmd = new CreateSubscription(values["url"], values["secret"], values["jurisdiction"] is { Length: > 0 } j ? j : null,
            values["issuer"] is { Length: > 0 } i ? i : null, null, kinds, values["reason"]);
        var problem = AuditMiddleware.CheckReason(cmd.Reason) is { } badReason
            ? Infrastructure.Problems.Invalid(badReason)
            : await CreateSubscriptionEndpoint.ValidateAsync(cmd, session, options, http.RequestAborted);
        if (problem != Infrastructure.Problems.None)
            return await Page(http, session, options, values, kinds, FormErrors.From(problem, Fields), "", 400);
        session.Store(CreateSubscriptionEndpoint.New(cmd, FormErrors.Author(http), protection, clock));
        await session.SaveChangesAsync(http.RequestAborted);
        return Results.Redirect("/staff/subscriptions?done=created");
    }

    [WolverinePost("/staff/subscriptions/{id}/end"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> End(Guid id, HttpContext http, IDocumentSession session, TimeProvider clock)
    {
        if (await Forms.ReadValidated(http) is null) return Forms.Rejected();
        if (await session.LoadAsync<Subscription>(id, http.RequestAborted) is { Active: true } s)
        {
            (s.Active, s.EndedBy, s.EndedAt) = (false, FormErrors.Author(http), clock.GetUtcNow());
            session.Store(s);
            await session.SaveChangesAsync(http.RequestAborted);
        }
        return Results.Redirect("/staff/subscriptions?done=ended");
    }

    [WolverinePost("/staff/subscriptions/{id}/retry"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Retry(Guid id, HttpContext http, IMessageBus bus)
    {
        if (await Forms.ReadValidated(http) is null) return Forms.Rejected();
        await bus.PublishAsync(new DeliverPending(id));
        return Results.Redirect("/staff/subscriptions?done=retried");
    }

    private static async Task<IResult> Page(
        HttpContext http, IQuerySession session, SubscriptionOptions options, Dictionary<string, string> values, IReadOnlyList<string> kinds,
        Dictionary<string, string> errors, string message, int status = 200)
    {
        var token = http.RequestAborted;
        var (all, open, delivered) = await SubscriptionsEndpoint.Ledger(session, 500, 5000, token);
        var rows = all.Select(s => new SubscriptionRow(s.Id.ToString(), s.Url,
            string.Join(" · ", new[] { s.Jurisdiction is { } j ? Divisions.NameOf(j) : "全部管辖区", s.Issuer, s.DocumentId?.ToString() }.Where(x => x is not null)),
            s.Kinds.Count == 0 ? "全部变更" : string.Join("、", s.Kinds.Select(Label)), s.Active, s.CreatedBy,
            open.Count(d => d.SubscriptionId == s.Id), delivered.GetValueOrDefault(s.Id),
            open.Count(d => d.SubscriptionId == s.Id && options.GaveUp(d)))).ToList();
        var gaveUp = open.Where(options.GaveUp).OrderBy(d => d.Sequence).Take(200).Select(d => new GaveUpRow(d.SubscriptionId.ToString(),
            all.First(s => s.Id == d.SubscriptionId).Url, d.Sequence, Label(d.Kind), d.Attempts, d.LastAttemptAt is { } t ? Publishing.Printed.Moment(t) : "",
            d.LastOutcome ?? "")).ToList();
        var held = await Jurisdictions.HeldJurisdictions.Codes(session, token);
        var jurisdictions = new List<Option> { new("", "（全部管辖区）", values["jurisdiction"] == "") };
        jurisdictions.AddRange(held.Select(c => Divisions.ByCode(c)).OfType<Division>().OrderBy(d => d.Code)
            .Select(d => new Option(d.Code, Divisions.FullName(d), values["jurisdiction"] == d.Code)));
        values["secret"] = "";
        return SitePages.Render(http, "staff-subscriptions.html", "订阅管理", new SubscriptionsView(rows, gaveUp,
            [.. ChangeKinds.All.Select(k => new KindOption(k, Label(k), kinds.Contains(k)))], jurisdictions, values, errors, message), status);
    }
}
