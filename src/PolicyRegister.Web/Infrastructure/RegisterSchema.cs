using Marten;
using Npgsql;
using Wolverine.Persistence.Durability;

namespace PolicyRegister.Web.Infrastructure;

/// <summary>
/// The one code path that makes a database ready: Marten's schema, then Wolverine's durable inbox/outbox tables.
/// The host runs it before anything else starts, and every command calls it before it touches the store, so a
/// brand-new database never needs `resources setup` first.
/// </summary>
public static class RegisterSchema
{
    public static async Task ApplyAsync(IServiceProvider services, CancellationToken token = default)
    {
        await ApplyStoreAsync(services.GetRequiredService<IDocumentStore>(), token);

        // Wolverine's durable inbox, outbox and node tables, in the same database.
        if (services.GetService<IMessageStore>() is { } messages) await messages.Admin.MigrateAsync();
    }

    /// <summary>Marten's part alone: for tools that build a store without the host (the benchmarks).</summary>
    public static async Task ApplyStoreAsync(IDocumentStore store, CancellationToken token = default)
    {
        await using var conn = (NpgsqlConnection)store.Storage.Database.CreateConnection();
        await conn.OpenAsync(token);
        async Task Execute(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            await cmd.ExecuteNonQueryAsync(token);
        }
        await store.Storage.ApplyAllConfiguredChangesToDatabaseAsync();

        var textTable = Documents.TextSearch.TableName(store);
        var texts = textTable.QualifiedName;
        var documents = Documents.DocumentReads.TableName(store).QualifiedName;
        var decisions = store.Options.FindOrResolveDocumentType(typeof(Domain.Decisions.Decision)).TableName.QualifiedName;
        var events = $"{store.Options.Events.DatabaseSchemaName}.mt_events";
        // Texts are read whole to confirm a search's candidates: LZ4 decompresses them in about half of pglz's time
        // (measured: 15 µs against 25 µs a text). A decision writes its two large events (every row and outcome) and its
        // own document, and each target's document above the inline limit: LZ4 compresses them faster too. With the fill
        // factor below, a 1,000-row apply's median went 459 → 367 ms (a 2×2 trial, interleaved; either alone gave part).
        // Weasel does not manage compression; new values take it from here.
        foreach (var table in new[] { texts, documents, decisions, events })
            await Execute(Lz4(table));
        // A document's row is written again by every event of its stream (a retention rewrites a thousand at once).
        // With room left on each page, PostgreSQL writes the new version beside the old without touching the table's
        // nine indexes when no indexed column changed (heap-only tuples: 28–40 % of a decision's updates when pages
        // were full, 94 % with a fill factor of 70). Rows written before keep their pages until vacuum frees room in them.
        await Execute($"""
            do $$ begin
              if not exists (select 1 from pg_class where oid = '{documents}'::regclass and 'fillfactor={DocumentFillFactor}' = any(reloptions)) then
                alter table {documents} set (fillfactor = {DocumentFillFactor});
              end if;
            end $$
            """);
        // The search inside texts names its candidates through this function (why: TextSearch.CandidatesFunctionSql).
        // Created once; a node starting beside another that created it first goes on.
        await Execute($"""
            do $$ begin
              if not exists (select 1 from pg_proc where proname = '{Documents.TextSearch.CandidatesFunction}' and pronamespace = '{textTable.Schema}'::regnamespace) then
                {Documents.TextSearch.CandidatesFunctionSql(textTable)};
              end if;
            exception when duplicate_function then null;
            end $$
            """);
        var titles = store.Options.FindOrResolveDocumentType(typeof(Documents.TitleEntry)).TableName.QualifiedName;
        await TitleEntriesAsync(conn, store, documents, titles, token);
        // The documents' own title keys, which the entries replace, go once.
        await Execute($"""
            do $$ begin
              if exists (select 1 from pg_attribute where attrelid = '{documents}'::regclass and attname = 'title_keys' and not attisdropped) then
                alter table {documents} drop column title_keys;
              end if;
            end $$
            """);
        await KeyAsync(conn, texts, "data ->> 'text'", "search_keys", Domain.Texts.SearchKeys.Of, token);
        await KeyAsync(conn, titles, "search_text", "title_keys", Domain.Texts.SearchKeys.Of, token);
        await KeyAsync(conn, documents, "search_text", "match_keys", Domain.Documents.Document.MatchKeysOf, token);
    }

    /// <summary>The fill factor of the documents' table: room on each page for a row's next version (see <see cref="ApplyStoreAsync"/>).</summary>
    public const int DocumentFillFactor = 70;

    /// <summary>
    /// A table's data column compressed with LZ4 from now on: once (no lock at every start), and never a failed start on
    /// a server built without LZ4 (the column keeps pglz).
    /// </summary>
    private static string Lz4(string table) => $"""
        do $$ begin
          if (select attcompression from pg_attribute where attrelid = '{table}'::regclass and attname = 'data') is distinct from 'l' then
            alter table {table} alter column data set compression lz4;
          end if;
        exception when feature_not_supported then null;
        end $$
        """;

    /// <summary>
    /// Title entries (<see cref="Documents.TitleEntry"/>) for the documents stored before entries were kept, or by a node
    /// that kept none: built from the document's columns and written whole (keys too), 1,000 at a time in id order. An
    /// entry already there is never overwritten: its projection saw the latest events.
    /// </summary>
    public static async Task TitleEntriesAsync(NpgsqlConnection conn, IDocumentStore store, string documents, string titles, CancellationToken token = default)
    {
        var serializer = store.Options.Serializer();
        for (Guid? after = null; ;)
        {
            var entries = new List<(Documents.TitleEntry Entry, long Version)>();
            var from = after is null ? "" : " and d.id > $1";
            await using (var select = new NpgsqlCommand($"""
                select d.id, coalesce(d.search_text, ''), d.signed_on, coalesce(d.jurisdiction, ''), d.mt_version from {documents} d
                where not exists (select 1 from {titles} t where t.id = d.id){from} order by d.id limit 1000
                """, conn))
            {
                if (after is not null) select.Parameters.Add(new() { Value = after.Value });
                await using var reader = await select.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token))
                    entries.Add((new()
                    {
                        Id = reader.GetGuid(0), SearchText = reader.GetString(1),
                        SignedOn = reader.IsDBNull(2) ? null : reader.GetFieldValue<DateOnly>(2), Jurisdiction = reader.GetString(3),
                    }, reader.GetInt64(4)));
            }
            if (entries.Count == 0) return;
            await using var batch = new NpgsqlBatch(conn);
            foreach (var (entry, version) in entries)
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"""
                    insert into {titles} (id, data, mt_dotnet_type, mt_version, search_text, title_keys, jurisdiction, signed_on)
                    values ($1, $2::jsonb, $3, $4, $5, $6, $7, $8) on conflict (id) do nothing
                    """)
                {
                    Parameters =
                    {
                        new() { Value = entry.Id }, new() { Value = serializer.ToJson(entry) }, new() { Value = typeof(Documents.TitleEntry).FullName },
                        new() { Value = version }, new() { Value = entry.SearchText }, new() { Value = entry.TitleKeys },
                        new() { Value = entry.Jurisdiction }, new() { Value = entry.SignedOn is { } s ? s : DBNull.Value },
                    },
                });
            await batch.ExecuteNonQueryAsync(token);
            after = entries[^1].Entry.Id;
        }
    }

    /// <summary>
    /// Keys (search keys, <see cref="Domain.Texts.SearchKeys"/>; match keys, <see cref="Domain.Documents.Document.MatchKeysOf"/>) are derived when a row is stored: rows stored before its keys
    /// column existed have none (or an empty array) and get them here, 500 at a time, from the column they are derived from. No event
    /// changes; a row stored meanwhile keeps the keys it was stored with. (Rows keyed by an earlier rule are not told
    /// apart: a change of the keys' rule must store every row again.)
    /// </summary>
    public static async Task KeyAsync(NpgsqlConnection conn, string table, string source, string column, Func<string, int[]> keys, CancellationToken token = default)
    {
        // In id order from where the last batch ended: one pass over the table, however many rows lack keys.
        for (object? after = null; ;)
        {
            var rows = new List<(object Id, string Source)>();
            var from = after is null ? "" : " and id > $1";
            await using (var select = new NpgsqlCommand($"select id, coalesce({source}, '') from {table} where {Unkeyed(column, source)}{from} order by id limit 500", conn))
            {
                if (after is not null) select.Parameters.Add(new() { Value = after });
                await using var reader = await select.ExecuteReaderAsync(token);
                while (await reader.ReadAsync(token)) rows.Add((reader.GetValue(0), reader.GetString(1)));
            }
            if (rows.Count == 0) return;
            await using var batch = new NpgsqlBatch(conn);
            foreach (var (id, text) in rows)
                batch.BatchCommands.Add(new NpgsqlBatchCommand($"update {table} set {column} = $1 where id = $2 and {Unkeyed(column, source)}")
                    { Parameters = { new() { Value = keys(text) }, new() { Value = id } } });
            await batch.ExecuteNonQueryAsync(token);
            after = rows[^1].Id;
        }
    }

    /// <summary>Marten's migration fills a new duplicated column from the stored JSON, where a derived value is absent: null, or an empty array.</summary>
    private static string Unkeyed(string column, string source) => $"({column} is null or ({column} = '{{}}' and {source} <> ''))";

    /// <summary>Runs <see cref="ApplyAsync"/> before every other hosted service (Marten's daemon, Wolverine's agents).</summary>
    public static void ApplySchemaFirstOnStart(this IServiceCollection services) =>
        services.Insert(0, ServiceDescriptor.Singleton<IHostedService, ApplySchemaOnStart>());

    private sealed class ApplySchemaOnStart(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken token) => ApplyAsync(services, token);
        public Task StopAsync(CancellationToken token) => Task.CompletedTask;
    }
}
