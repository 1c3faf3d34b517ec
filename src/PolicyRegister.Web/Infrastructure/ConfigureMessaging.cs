using JasperFx.CodeGeneration;
using Wolverine;
using Wolverine.Marten;

namespace PolicyRegister.Web.Infrastructure;

public static class ConfigureMessaging
{
    public static void ConfigureRegisterMessaging(this WebApplicationBuilder builder)
    {
        builder.Host.UseWolverine(opts =>
        {
            opts.ServiceName = "PolicyRegister";
            // Every handler and endpoint that touches Marten commits in one transaction.
            opts.Policies.AutoApplyTransactions();
            // One node: Solo. Several nodes on one database (./build.sh cluster): Balanced, with leader election.
            opts.Durability.Mode = builder.Configuration.GetValue("Register:Cluster", false) ? DurabilityMode.Balanced : DurabilityMode.Solo;
            opts.CodeGeneration.TypeLoadMode = TypeLoadMode.Auto;
        });
    }
}
