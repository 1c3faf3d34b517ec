using Marten;
using Marten.Linq.MatchesSql;
using Npgsql;
using Wolverine.Persistence.Durability;

namespace PolicyRegister.Web.Infrastructure;

/// <summary>
/// The one code path that makes a database ready: PostgreSQL extensions first (the title index needs pg_trgm's
/// operator class), then Marten's schema, then Wolverine's durable inbox/outbox tables.
/// The host runs it before anything else starts, and every command calls it before it touches the store, so a
/// brand-new database never needs `resources setup` first.
/// </summary>
public static class RegisterSchema
{
    /// <summary>Extensions the schema depends on; created before any table that uses them.</summary>
    public static readonly IReadOnlyList<string> Extensions = ["pg_trgm"];

    public static async Task ApplyAsync(IServiceProvider services, CancellationToken token = default)
    {
        await ApplyStoreAsync(services.GetRequiredService<IDocumentStore>(), token);

        // Wolverine's durable inbox, outbox and node tables, in the same database.
        if (services.GetService<IMessageStore>() is { } messages) await messages.Admin.MigrateAsync();
    }

    /// <summary>Marten's part alone, extensions first: for tools that build a store without the host (the benchmarks).</summary>
    public static async Task ApplyStoreAsync(IDocumentStore store, CancellationToken token = default)
    {
        await using var conn = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await conn.OpenAsync(token);
        async Task Execute(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            await cmd.ExecuteNonQueryAsync(token);
        }
        foreach (var extension in Extensions) await Execute($"create extension if not exists {extension}");
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        // Texts are read whole to confirm a search's candidates: LZ4 decompresses them in about half of pglz's time
        // (measured: 15 µs against 25 µs a text). Weasel does not manage compression; new values take it from here.
        // Once (no lock at every start), and never a failed start on a server built without LZ4: it keeps pglz.
        var texts = store.Options.FindOrResolveDocumentType(typeof(Documents.DocumentText)).TableName.QualifiedName;
        await Execute($"""
            do $$ begin
              if (select attcompression from pg_attribute where attrelid = '{texts}'::regclass and attname = 'data') is distinct from 'l' then
                alter table {texts} alter column data set compression lz4;
              end if;
            exception when feature_not_supported then null;
            end $$
            """);
        await KeyTextsAsync(store, token);
    }

    /// <summary>
    /// The search keys of a text are derived when it is stored: texts stored before the keys existed have none, and are
    /// stored again, 500 at a time. No event changes. (Texts keyed by an earlier <see cref="Domain.Texts.SearchKeys"/>
    /// are not told apart: a change of the keys' rule must store every text again.)
    /// </summary>
    public static async Task KeyTextsAsync(IDocumentStore store, CancellationToken token = default)
    {
        while (true)
        {
            await using var session = store.LightweightSession();
            var unkeyed = await session.Query<Documents.DocumentText>().Where(t => t.MatchesSql("d.search_keys is null")).Take(500).ToListAsync(token);
            if (unkeyed.Count == 0) return;
            foreach (var text in unkeyed) session.Store(text);
            await session.SaveChangesAsync(token);
        }
    }

    /// <summary>Runs <see cref="ApplyAsync"/> before every other hosted service (Marten's daemon, Wolverine's agents).</summary>
    public static void ApplySchemaFirstOnStart(this IServiceCollection services) =>
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, ApplySchemaOnStart>());

    private sealed class ApplySchemaOnStart(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken token) => ApplyAsync(services, token);
        public Task StopAsync(CancellationToken token) => Task.CompletedTask;
    }
}
