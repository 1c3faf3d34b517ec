using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;
using Wolverine;
using Wolverine.Http;

namespace PolicyRegister.Web.Oversight.Subscriptions;

/// <summary>The body of POST /api/subscriptions.</summary>
/// <param name="Secret">Signs every delivery (HMAC-SHA256 over the body, header X-Register-Signature: sha256=hex); 16–200 characters.</param>
public sealed record CreateSubscription(
    string? Url, string? Secret, string? Jurisdiction, string? Issuer, Guid? DocumentId, IReadOnlyList<string>? Kinds, string? Reason) : IWriteCommand;

public sealed record SubscriptionWrite(string? Reason) : IWriteCommand;

public sealed record SubscriptionLedger(IReadOnlyList<Subscription> Subscriptions, IReadOnlyList<Delivery> Owed, IReadOnlyDictionary<Guid, int> Delivered);

public sealed record DeliveryView(Guid Id, long Sequence, string Kind, Guid DocumentId, int Attempts, DateTimeOffset CreatedAt,
    DateTimeOffset? LastAttemptAt, DateTimeOffset? DeliveredAt, string? LastOutcome, bool GaveUp);

public sealed record SubscriptionView(
    Guid Id, string Url, string? Jurisdiction, string? Issuer, Guid? DocumentId, IReadOnlyList<string> Kinds, bool Active,
    string CreatedBy, DateTimeOffset CreatedAt, int Owed, int Delivered, int GaveUp)
{
    /// <summary>The latest deliveries (and every one given up on), newest first, for one subscription.</summary>
    public IReadOnlyList<DeliveryView>? Deliveries { get; init; }
}

/// <summary>
/// Subscriptions (staff keys): POST /api/subscriptions, GET /api/subscriptions[/{id}], POST /api/subscriptions/{id}/end,
/// POST /api/subscriptions/{id}/retry. A secret is never shown again after it is given.
/// </summary>
public static class CreateSubscriptionEndpoint
{
    public static async Task<ProblemDetails> ValidateAsync(CreateSubscription cmd, IQuerySession session, SubscriptionOptions options, CancellationToken token)
    {
        var invalid = Problems.Invalid(Check(cmd));
        if (invalid != Problems.None) return invalid;
        var uri = new Uri(cmd.Url!.Trim());
        if (await ReceiverAddresses.CheckHost(uri.Host, options.AllowLoopback, token) is { } refused)
            return Problems.Invalid(new RuleViolation("url", refused));
        if (cmd.DocumentId is { } id && await session.LoadAsync<Document>(id, token) is null)
            return Problems.Invalid(new RuleViolation("documentId", $"登记簿中没有文件 {id} (no such document)"));
        return Problems.None;
    }

    public static IEnumerable<RuleViolation?> Check(CreateSubscription cmd)
    {
        if (ReceiverAddresses.CheckUrl(cmd.Url) is { } bad) yield return new RuleViolation("url", bad);
        if (string.IsNullOrWhiteSpace(cmd.Secret) || cmd.Secret.Trim().Length < 16)
            yield return new RuleViolation("secret", "签名密钥至少16个字符 (secret: at least 16 characters)");
        else yield return DocumentInputs.CheckText(cmd.Secret, "secret", 200);
        if (!string.IsNullOrWhiteSpace(cmd.Jurisdiction)) yield return DocumentInputs.CheckJurisdiction(cmd.Jurisdiction);
        yield return DocumentInputs.CheckText(cmd.Issuer, "issuer", 200, required: false);
        foreach (var v in DocumentInputs.CheckList(cmd.Kinds, "kinds", ChangeKinds.All.Count, 40)) yield return v;
        for (var i = 0; i < (cmd.Kinds?.Count ?? 0); i++)
            if (cmd.Kinds![i] is { } k && !ChangeKinds.All.Contains(k))
                yield return new RuleViolation($"kinds[{i}]", $"未知的变更类型“{k}”，可选：{string.Join("、", ChangeKinds.All)} (unknown kind)");
    }

    [WolverinePost("/api/subscriptions"), Authorize(Policy = Policies.Write)]
    public static IResult Post(CreateSubscription cmd, IDocumentSession session, IDataProtectionProvider protection, HttpContext http, TimeProvider clock)
    {
        var subscription = New(cmd, http.User.Identity?.Name ?? "unknown", protection, clock);
        session.Store(subscription);
        return Results.Created($"/api/subscriptions/{subscription.Id}", SubscriptionsEndpoint.View(subscription, [], withDeliveries: false));
    }

    /// <summary>The subscription a valid command makes, its secret encrypted: the API's and the staff page's one path.</summary>
    public static Subscription New(CreateSubscription cmd, string author, IDataProtectionProvider protection, TimeProvider clock) =>
        new()
        {
            Id = Guid.CreateVersion7(),
            Url = cmd.Url!.Trim(),
            ProtectedSecret = protection.CreateProtector(DeliverPendingHandler.Purpose).Protect(cmd.Secret!.Trim()),
            Jurisdiction = string.IsNullOrWhiteSpace(cmd.Jurisdiction) ? null : DocumentInputs.JurisdictionCode(cmd.Jurisdiction),
            Issuer = string.IsNullOrWhiteSpace(cmd.Issuer) ? null : cmd.Issuer.Trim(),
            DocumentId = cmd.DocumentId,
            Kinds = [.. (cmd.Kinds ?? []).Distinct()],
            CreatedBy = author,
            CreatedAt = clock.GetUtcNow(),
            Reason = cmd.Reason!.Trim(),
        };

}

/// <summary>Reading, ending and retrying subscriptions.</summary>
public static class SubscriptionsEndpoint
{
    [WolverineGet("/api/subscriptions"), Authorize(Policy = Policies.Write)]
    public static async Task<IReadOnlyList<SubscriptionView>> List(IQuerySession session, SubscriptionOptions options, CancellationToken token)
    {
        var ledger = await Ledger(session, 1000, null, token);
        return [.. ledger.Subscriptions.Select(s => View(s, ledger.Owed.Where(d => d.SubscriptionId == s.Id).ToList(), withDeliveries: false, options,
            ledger.Delivered.GetValueOrDefault(s.Id)))];
    }

    /// <summary>The newest subscriptions, what each is owed (at most <paramref name="owedCap"/> rows in all), and how many it was delivered.</summary>
    public static async Task<SubscriptionLedger> Ledger(IQuerySession session, int take, int? owedCap, CancellationToken token)
    {
        var all = await session.Query<Subscription>().OrderByDescending(s => s.CreatedAt).Take(take).ToListAsync(token);
        var ids = all.Select(s => s.Id).ToArray();
        var owedQuery = session.Query<Delivery>().Where(d => d.SubscriptionId.IsOneOf(ids) && d.DeliveredAt == null);
        var owed = owedCap is { } cap ? await owedQuery.Take(cap).ToListAsync(token) : await owedQuery.ToListAsync(token);
        var delivered = await session.Query<Delivery>().Where(d => d.SubscriptionId.IsOneOf(ids) && d.DeliveredAt != null)
            .GroupBy(d => d.SubscriptionId).Select(g => new { Id = g.Key, Count = g.Count() }).ToListAsync(token);
        return new SubscriptionLedger(all, owed, delivered.ToDictionary(x => x.Id, x => x.Count));
    }

    [WolverineGet("/api/subscriptions/{id}"), Authorize(Policy = Policies.Write)]
    public static async Task<IResult> Get(Guid id, IQuerySession session, SubscriptionOptions options, CancellationToken token)
    {
        var s = await session.LoadAsync<Subscription>(id, token);
        if (s is null) return Problems.NotFound($"没有订阅 {id} (no such subscription)").ToResult();
        var recent = await session.Query<Delivery>().Where(d => d.SubscriptionId == id).OrderByDescending(d => d.Sequence).Take(200).ToListAsync(token);
        var open = await session.Query<Delivery>().Where(d => d.SubscriptionId == id && d.DeliveredAt == null).Take(1000).ToListAsync(token);
        var delivered = await session.Query<Delivery>().CountAsync(d => d.SubscriptionId == id && d.DeliveredAt != null, token);
        return Results.Ok(View(s, [.. recent.Concat(open).DistinctBy(d => d.Id)], withDeliveries: true, options, delivered));
    }

    [WolverinePost("/api/subscriptions/{id}/end"), Authorize(Policy = Policies.Write)]
    public static async Task<IResult> End(Guid id, SubscriptionWrite cmd, IDocumentSession session, HttpContext http, TimeProvider clock, CancellationToken token)
    {
        var s = await session.LoadAsync<Subscription>(id, token);
        if (s is null) return Problems.NotFound($"没有订阅 {id} (no such subscription)").ToResult();
        if (s.Active)
        {
            (s.Active, s.EndedBy, s.EndedAt) = (false, http.User.Identity?.Name ?? "unknown", clock.GetUtcNow());
            session.Store(s);
        }
        return Results.Ok(View(s, [], withDeliveries: false));
    }

    /// <summary>Deliveries given up on are tried again from the oldest (after the receiver is fixed).</summary>
    [WolverinePost("/api/subscriptions/{id}/retry"), Authorize(Policy = Policies.Write)]
    public static async Task<IResult> Retry(Guid id, SubscriptionWrite cmd, IDocumentSession session, IMessageBus bus, CancellationToken token)
    {
        var s = await session.LoadAsync<Subscription>(id, token);
        if (s is null) return Problems.NotFound($"没有订阅 {id} (no such subscription)").ToResult();
        if (!s.Active) return Problems.Rule(new RuleViolation("id", "该订阅已停止 (the subscription has ended)")).ToResult();
        await bus.PublishAsync(new DeliverPending(id));
        return Results.Accepted($"/api/subscriptions/{id}");
    }

    public static SubscriptionView View(Subscription s, IReadOnlyList<Delivery> deliveries, bool withDeliveries, SubscriptionOptions? options = null, int delivered = 0)
    {
        bool GaveUp(Delivery d) => options?.GaveUp(d) == true;
        return new SubscriptionView(s.Id, s.Url, s.Jurisdiction, s.Issuer, s.DocumentId, s.Kinds, s.Active, s.CreatedBy, s.CreatedAt,
            deliveries.Count(d => d.DeliveredAt is null), delivered, deliveries.Count(GaveUp))
        {
            Deliveries = withDeliveries
                ? [.. deliveries.OrderByDescending(d => d.Sequence).Select(d => new DeliveryView(d.Id, d.Sequence, d.Kind, d.DocumentId, d.Attempts, d.CreatedAt,
                    d.LastAttemptAt, d.DeliveredAt, d.LastOutcome, GaveUp(d)))]
                : null,
        };
    }
}
