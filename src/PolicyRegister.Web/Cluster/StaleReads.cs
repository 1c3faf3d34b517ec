using Marten;

namespace PolicyRegister.Web.Cluster;

/// <summary>
/// Reads that may be slightly stale (public search, catalogues, the feed) go to a read replica when
/// ConnectionStrings:MartenReplica is set; commands and status "as of" reads always use the primary.
/// </summary>
public sealed class StaleReads(IDocumentStore store, IConfiguration config)
{
    private readonly string? _replica = config.GetConnectionString("MartenReplica");

    public IQuerySession Open() => _replica is { Length: > 0 } cs ? store.QuerySession(Marten.Services.SessionOptions.ForConnectionString(cs)) : store.QuerySession();
}
