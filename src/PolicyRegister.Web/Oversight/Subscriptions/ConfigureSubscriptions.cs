using JasperFx.Core;
using Marten;
using Wolverine;
using Wolverine.ErrorHandling;
using Wolverine.Marten;

namespace PolicyRegister.Web.Oversight.Subscriptions;

public static class ConfigureSubscriptions
{
    public const string ClientName = "subscriptions";
    public const string Queue = "deliveries";

    public static void ConfigureRegisterSubscriptions(this WebApplicationBuilder builder)
    {
        var options = new SubscriptionOptions();
        builder.Configuration.GetSection("Subscriptions").Bind(options);
        options.Validate();
        builder.Services.AddSingleton(options);

        builder.Services.AddHttpClient(ClientName, c => c.Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds))
            .ConfigurePrimaryHttpMessageHandler(() => ReceiverAddresses.Handler(options));

        builder.Services.ConfigureMarten(opts =>
        {
            opts.Schema.For<Subscription>();
            opts.Schema.For<Delivery>().Index(x => x.SubscriptionId).Index(x => x.Sequence);
        });
        // Every committed change, in order, by the async daemon: deliveries and term checks commit with its progress.
        builder.Services.SubscribeToEvents(new ChangeNotifications(TimeProvider.System));
        builder.Services.AddHostedService<DeliverySweep>();

        builder.Services.ConfigureWolverine(opts =>
        {
            // Durable local queues: a delivery round or a term check survives a restart.
            opts.PublishMessage<DeliverPending>().ToLocalQueue(Queue).UseDurableInbox().MaximumParallelMessages(8);
            opts.PublishMessage<CheckTermLapse>().ToLocalQueue("term-lapses").UseDurableInbox();
            opts.Policies.OnException<DeliveryFailed>()
                .ScheduleRetry([.. options.RetryDelaysSeconds.Select(TimeSpan.FromSeconds)])
                .Then.MoveToErrorQueue();
            opts.Policies.OnException<JasperFx.ConcurrencyException>().RetryTimes(2);
        });
    }
}
