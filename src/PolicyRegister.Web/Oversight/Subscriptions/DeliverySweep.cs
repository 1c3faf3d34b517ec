using Marten;
using Wolverine;

namespace PolicyRegister.Web.Oversight.Subscriptions;

/// <summary>
/// A safety net behind the outbox: deliveries written but never attempted (a message lost with its node) are sent
/// again. Deliveries that failed are left to Wolverine's retries, and once those are spent, to a person (staff page).
/// </summary>
public sealed class DeliverySweep(IServiceProvider services, SubscriptionOptions options, TimeProvider clock, ILogger<DeliverySweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(options.SweepSeconds), clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                using var scope = services.CreateScope();
                var store = scope.ServiceProvider.GetRequiredService<IDocumentStore>();
                await using var session = store.QuerySession();
                var before = clock.GetUtcNow().AddSeconds(-options.SweepSeconds);
                var owed = await session.Query<Delivery>().Where(d => d.DeliveredAt == null && d.Attempts == 0 && d.CreatedAt < before)
                    .Select(d => d.SubscriptionId).Distinct().ToListAsync(stoppingToken);
                var bus = scope.ServiceProvider.GetRequiredService<IMessageBus>();
                foreach (var id in owed) await bus.PublishAsync(new DeliverPending(id));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogWarning(e, "The delivery sweep failed; it runs again in {Seconds} s", options.SweepSeconds);
            }
        }
    }
}
