using System.Security.Cryptography;
using System.Text;
using Marten;
using Microsoft.AspNetCore.DataProtection;
using Npgsql;

namespace PolicyRegister.Web.Oversight.Subscriptions;

/// <summary>A receiver did not take a delivery: Wolverine retries the whole round later, with back-off (see ConfigureSubscriptions).</summary>
public sealed class DeliveryFailed(Guid subscription, string outcome) : Exception($"delivery to subscription {subscription} failed: {outcome}");

/// <summary>
/// Sends what one subscriber is owed, oldest change first, and stops at the first failure, so a subscriber always
/// receives the changes in the order they were recorded. One round per subscriber at a time (a PostgreSQL advisory
/// lock on any node); each delivery is marked as soon as it is answered, so a crash resends at most the one in flight.
/// </summary>
public static class DeliverPendingHandler
{
    public const string Signature = "X-Register-Signature", DeliveryHeader = "X-Register-Delivery", KindHeader = "X-Register-Event";
    public const string Purpose = "PolicyRegister.Subscriptions.Secret";

    public static async Task Handle(
        DeliverPending message, IDocumentStore store, IHttpClientFactory clients, IDataProtectionProvider protection,
        SubscriptionOptions options, TimeProvider clock, CancellationToken token)
    {
        await using var connection = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await connection.OpenAsync(token);
        await using (var lockCommand = new NpgsqlCommand("select pg_advisory_lock(hashtextextended(@key, 0))", connection))
        {
            lockCommand.Parameters.AddWithValue("key", "policyregister:subscription:" + message.SubscriptionId);
            await lockCommand.ExecuteNonQueryAsync(token);
        }
        try
        {
            await using var session = store.LightweightSession();
            var subscription = await session.LoadAsync<Subscription>(message.SubscriptionId, token);
            if (subscription is not { Active: true }) return;
            var secret = protection.CreateProtector(Purpose).Unprotect(subscription.ProtectedSecret);
            var client = clients.CreateClient(ConfigureSubscriptions.ClientName);
            while (true)
            {
                var owed = await session.Query<Delivery>()
                    .Where(d => d.SubscriptionId == subscription.Id && d.DeliveredAt == null)
                    .OrderBy(d => d.Sequence).Take(options.BatchSize).ToListAsync(token);
                foreach (var delivery in owed)
                {
                    var (ok, outcome) = await Send(client, subscription.Url, secret, delivery, token);
                    delivery.Attempts++;
                    delivery.LastAttemptAt = clock.GetUtcNow();
                    delivery.LastOutcome = outcome;
                    if (ok) delivery.DeliveredAt = delivery.LastAttemptAt;
                    session.Store(delivery);
                    await session.SaveChangesAsync(token);
                    if (!ok) throw new DeliveryFailed(subscription.Id, outcome);
                }
                if (owed.Count < options.BatchSize) return;
            }
        }
        finally
        {
            await using var unlock = new NpgsqlCommand("select pg_advisory_unlock(hashtextextended(@key, 0))", connection);
            unlock.Parameters.AddWithValue("key", "policyregister:subscription:" + message.SubscriptionId);
            await unlock.ExecuteNonQueryAsync(CancellationToken.None);
        }
    }

    /// <summary>Signs the body with the subscriber's secret (HMAC-SHA256) and posts it; only the status is kept, never the answer.</summary>
    public static async Task<(bool Ok, string Outcome)> Send(HttpClient client, string url, string secret, Delivery delivery, CancellationToken token)
    {
        var body = Encoding.UTF8.GetBytes(delivery.Body);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        request.Headers.Add(Signature, "sha256=" + Sign(secret, body));
        request.Headers.Add(DeliveryHeader, delivery.Id.ToString());
        request.Headers.Add(KindHeader, delivery.Kind);
        try
        {
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
            var status = (int)response.StatusCode;
            return (status is >= 200 and < 300, $"HTTP {status}");
        }
        catch (HttpRequestException e) when (e.InnerException is RefusedAddressException)
        {
            return (false, "地址不允许 (refused address)");
        }
        catch (HttpRequestException e)
        {
            return (false, e.HttpRequestError is HttpRequestError.ConnectionError ? "无法连接 (connection refused)" : $"请求失败 (request failed: {e.HttpRequestError})");
        }
        catch (TaskCanceledException) when (!token.IsCancellationRequested)
        {
            return (false, "超时 (timeout)");
        }
    }

    public static string Sign(string secret, byte[] body) => Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));
}
