using Polly;
using JasperFx;
using JasperFx.Events;
using JasperFx.Events.Projections;
using Marten;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Decisions;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Site;
using Weasel.Core;
using Wolverine.Marten;

namespace PolicyRegister.Web.Infrastructure;

public static class ConfigureStore
{
    public const string Schema = "register";

    /// <param name="databaseOptional">An import dry run plans without a database, so it may run with none configured.</param>
    public static void ConfigureRegisterStore(this WebApplicationBuilder builder, bool databaseOptional = false)
    {
        var connectionString = builder.Configuration.GetConnectionString("Marten")
            ?? (databaseOptional ? "Host=127.0.0.1;Database=unconfigured" : null)
            ?? throw new ConfigurationProblem(
                "No database configured: set ConnectionStrings__Marten, or start the register with ./build.sh run, which starts a private PostgreSQL.");

        // Read once at start: anything but a whole number of documents stops the register here, with one clear line.
        var rebuildWindow = RebuildWindow;
        if (builder.Configuration["Register:RebuildWindow"] is { } window
            && (!int.TryParse(window, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out rebuildWindow)))
            throw new ConfigurationProblem($"Register:RebuildWindow: '{window}' is not a number of documents (0 writes at every page of events).");
        builder.Services.AddMarten(opts => opts.Configure(connectionString, rebuildWindow))
            // A write session keeps what it loaded: the inline projection folds a decision's events onto the documents
            // the decision read (DocumentReads.VersionedForWriting), instead of reading those thousand documents again
            // at commit (measured: 900 → 630 ms at first; 32 ms of PostgreSQL's time now). Query sessions (every public
            // read) keep no map.
            .UseIdentitySessions()
            .IntegrateWithWolverine()
            // Asynchronous projections run on one node at a time; another takes over when it dies.
            .AddAsyncDaemon(builder.Configuration.GetValue("Register:Daemon", JasperFx.Events.Daemon.DaemonMode.HotCold));

        // Every environment applies the schema on start through one path, so a brand-new
        // database serves at once; an import dry run has no database to apply to.
        builder.Services.CritterStackDefaults(x =>
        {
            x.Development.ResourceAutoCreate = AutoCreate.CreateOrUpdate;
            x.Production.ResourceAutoCreate = AutoCreate.CreateOrUpdate;
        });
        if (!databaseOptional) builder.Services.ApplySchemaFirstOnStart();
        builder.Services.AddSingleton<Jurisdictions.HeldJurisdictions>();
    }

    /// <summary>
    /// How many documents a rebuild (<c>projections rebuild</c>, a process of its own) folds in memory before it writes
    /// them (Register:RebuildWindow). A window larger than the register writes each document once, at the end, instead
    /// of once for every page of events it has events in: at 100,000 documents and 1.16 million events the documents'
    /// rebuild went from 124 s to 76 s alone, 70–79 s beside the other projections. A smaller window gains little,
    /// because a document's events are spread over the whole history (windows of 25,000 and 50,000: 116 and 101 s), and
    /// a window a few documents short of the register writes almost every document twice. The price is memory while
    /// the rebuild runs, each waiting document with its last event: the process peaked at 2.7–3.2 GB resident at
    /// 100,000 documents whose last events are 5–20 KB texts. 0 writes at every page.
    /// </summary>
    public const int RebuildWindow = 250_000;

    /// <summary>The register's store, shared by the host and the benchmarks so both write the same way.</summary>
    /// <param name="rebuildWindow">See <see cref="RebuildWindow"/>; a test makes it small to rebuild over many windows.</param>
    public static void Configure(this StoreOptions opts, string connectionString, int rebuildWindow = RebuildWindow)
    {
        opts.Connection(WithConnectionSettings(connectionString));
        opts.DatabaseSchemaName = Schema;
        // Chinese is written as UTF-8, not as \u escapes (System.Text.Json's default): a character is then 3 bytes, not 6,
        // to serialise, send and for PostgreSQL to parse into jsonb at every write, and what is stored is the same.
        // Measured on a 1,000-row apply at 100,000 documents: 325 against 383 ms (medians of 32 runs each, interleaved).
        var json = new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All) };
        opts.Serializer(new BufferedJsonSerializer(new Marten.Services.SystemTextJsonSerializer(json) { EnumStorage = EnumStorage.AsString, Casing = Casing.CamelCase }));

        opts.Events.StreamIdentity = StreamIdentity.AsGuid;
        // Author, reason and correlation of every write are kept with its events.
        opts.Events.MetadataConfig.HeadersEnabled = true;
        opts.Events.MetadataConfig.UserNameEnabled = true;
        opts.Events.MetadataConfig.CorrelationIdEnabled = true;
        opts.Events.MetadataConfig.CausationIdEnabled = true;
        // Hot/cold leadership holds its advisory lock in a transaction on a connection of its own. The session-scoped,
        // multiplexed default needs Patched.DistributedLock.Postgres 1.3.3; with the stand-in's DistributedLock.Postgres
        // 1.3.1 (see eng/) multiplexing over a data source throws, and no node would ever take the daemon.
        opts.Events.UseAdvisoryLockTransaction = true;

        // Reads (idempotent) retry a transient fault twice — a pooled connection broken by a database restart among
        // them; commits are never replayed (a replay could append events twice): they answer 503 with Retry-After.
        opts.ConfigurePolly(b => b.AddRetry(new Polly.Retry.RetryStrategyOptions
        {
            ShouldHandle = new Polly.PredicateBuilder().Handle<Npgsql.NpgsqlException>(e => e.IsTransient).Handle<System.Net.Sockets.SocketException>(),
            MaxRetryAttempts = 2,
            Delay = TimeSpan.FromMilliseconds(100),
            BackoffType = Polly.DelayBackoffType.Exponential,
        }));

        // The last event is read again after every commit of this node (see LastEvent).
        opts.Listeners.Add(new LastEvent.CommitCounter());

        opts.ConfigureDocumentStorage(rebuildWindow);
    }

    /// <summary>
    /// After <c>projections rebuild</c>: VACUUM (ANALYZE) of the register's document tables, as autovacuum would do later,
    /// or never when the server has lost its counters (a crash). A rebuild empties and refills them, and until a vacuum a
    /// GIN index keeps the refilled rows in its pending list, which every search reads whole, and the planner judges by
    /// that list: measured on 10,000 texts, the index step of a search for a word no text holds took 94–414 ms (the
    /// planner chose a sequential scan of every text's keys), and 1.8 ms through the index after the vacuum. Pages
    /// already vacuumed are skipped, so tables the rebuild did not touch cost little.
    /// </summary>
    public static async Task VacuumReadModels(string connectionString, TextWriter log)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        await using var conn = new Npgsql.NpgsqlConnection(WithConnectionSettings(connectionString));
        await conn.OpenAsync();
        var tables = new List<string>();
        await using (var list = new Npgsql.NpgsqlCommand("select tablename from pg_tables where schemaname = $1 and tablename like 'mt\\_doc\\_%' order by 1", conn))
        {
            list.Parameters.AddWithValue(Schema);
            await using var reader = await list.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        foreach (var table in tables)
        {
            await using var vacuum = new Npgsql.NpgsqlCommand($"vacuum (analyze) {Schema}.\"{table}\"", conn) { CommandTimeout = 0 };
            await vacuum.ExecuteNonQueryAsync();
        }
        await log.WriteLineAsync($"Vacuumed {tables.Count} read-model tables after the rebuild ({watch.Elapsed.TotalSeconds:0.0} s)");
    }

    /// <summary>
    /// The register's connection settings, each added only where the configured string does not give it.
    /// The daemon's lock is held by a transaction whose connection runs a long pg_sleep; PostgreSQL notices a dead
    /// client only when a query ends, so a killed leader kept the lock until its sleep ran out (58 s measured). With
    /// client_connection_check_interval (PostgreSQL 14+) the server checks the socket every second during a query,
    /// drops the dead node's session and frees the lock: the next node takes over within seconds.
    /// </summary>
    public static string WithConnectionSettings(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (builder.Options?.Contains("client_connection_check_interval", StringComparison.Ordinal) != true)
            builder.Options = $"{builder.Options} -c client_connection_check_interval=1000".Trim();
        // Marten sends the same few statements again and again (a decision's thousand upserts and appends): prepared
        // once per connection, each is no longer parsed and planned every time (measured: a 1,000-row apply's commit
        // 900 → 600 ms). A setting already given is kept.
        if (!connectionString.Contains("Auto Prepare", StringComparison.OrdinalIgnoreCase)) builder.MaxAutoPrepare = 64;
        return builder.ConnectionString;
    }

    private static void ConfigureDocumentStorage(this StoreOptions opts, int rebuildWindow)
    {
        // The inline snapshot is both the read model of one document and the validity-interval table
        // that answers "in force on D" for the whole register with one indexed query.
        // A rebuild reads the events 5,000 at a time and keeps up to 20,000 documents folding in memory, not each
        // batch's documents loaded again (measured: 7,658 against 5,862 events a second at a million events).
        // 25,000 a batch was faster alone (93 and 88 s against 101 and 97 s for the documents, interleaved), but full
        // benchmark runs with either size had rebuilds of 145–149 s: not evidence enough for a change. Later, with
        // 20,000 a batch, 10,000 documents rebuilt faster (median 0.238× a raw read against 0.175×, three rounds
        // interleaved) and 100,000 far slower (the documents in 164–227 s against 69 s): it stays 5,000.
        // It writes the documents once per window (see RebuildWindow). The title entries, folded from the same streams,
        // are rebuilt alike.
        void Rebuilt(JasperFx.Events.Projections.AsyncOptions o)
        {
            o.BatchSize = 5000;
            o.RebuildFlushThreshold = rebuildWindow;
        }
        opts.Projections.Add(new DocumentProjection(), ProjectionLifecycle.Inline, asyncConfiguration: o =>
        {
            Rebuilt(o);
            o.CacheLimitPerTenant = 20_000;
        });
        // The texts beside the documents: written in the same transaction, read by the document page and data.
        opts.Projections.Add(new DocumentTextProjection(), ProjectionLifecycle.Inline);
        // Search inside the texts: a GIN index over each text's bigram keys narrows to candidates, the text confirms them.
        opts.Schema.For<DocumentText>().Duplicate(x => x.DocumentId)
            .Duplicate(x => x.SearchKeys, pgType: "integer[]", configure: idx => idx.Method = Weasel.Postgresql.Tables.IndexMethod.gin);
        // Title search (标题含“资金”) reads narrow rows of titles of their own, kept in the same transaction: a GIN index
        // over the titles' character and bigram keys names the candidates (pg_trgm cannot serve words under three
        // characters), the titles column confirms longer words and ranks, and the signing-date index, holding the
        // titles too, is walked for common words without a read of the rows.
        opts.Projections.Add(new TitleEntryProjection(), ProjectionLifecycle.Inline, asyncConfiguration: Rebuilt);
        opts.Schema.For<TitleEntry>()
            .Duplicate(x => x.TitleKeys, pgType: "integer[]", configure: idx => idx.Method = Weasel.Postgresql.Tables.IndexMethod.gin)
            .Duplicate(x => x.Jurisdiction)
            .Duplicate(x => x.SignedOn!, pgType: "date", configure: idx =>
            {
                idx.SortOrder = Weasel.Postgresql.Tables.SortOrder.Desc;
                idx.NullsSortOrder = Weasel.Postgresql.Tables.NullsSortOrder.Last;
                idx.IncludeColumns = ["id", "search_text"];
            })
            // The same within a jurisdiction (an office searching its own register): its titles in signing order, one range.
            .Index([x => x.Jurisdiction, x => x.SignedOn!], idx =>
            {
                idx.Name = "mt_doc_titleentry_idx_jurisdiction_signed_on";
                idx.SortOrder = Weasel.Postgresql.Tables.SortOrder.Desc;
                idx.NullsSortOrder = Weasel.Postgresql.Tables.NullsSortOrder.Last;
                idx.IncludeColumns = ["id", "search_text"];
            });
        opts.Schema.For<Document>()
            // A decision's rows without a number name their candidates by these (folded title bigrams), not by a read of the jurisdiction.
            .Duplicate(x => x.MatchKeys, pgType: "integer[]", configure: idx => idx.Method = Weasel.Postgresql.Tables.IndexMethod.gin)
            .Duplicate(x => x.NumberKey!)
            // A decision's candidates are read from the columns (number, titles), not from the documents whole.
            .Duplicate(x => x.Number!)
            // …and a decision whose rows must be scored against the whole jurisdiction reads them from this index alone
            // (measured on 5,038 documents: 1 ms against 6–60 ms through the rows, one a page). The columns it holds
            // change only with a title or a number, so it costs no heap-only update: a retention still leaves every
            // index alone.
            .Duplicate(x => x.Jurisdiction, configure: idx => idx.IncludeColumns = ["id", "number", "number_key", "search_text"])
            // Newest first, undated last, then by id: the order of lists, of a search inside texts (whose walk reads the
            // ids from this index alone) and of a title search with filters the titles cannot answer.
            .Duplicate(x => x.SignedOn!, pgType: "date", configure: idx =>
            {
                idx.SortOrder = Weasel.Postgresql.Tables.SortOrder.Desc;
                idx.NullsSortOrder = Weasel.Postgresql.Tables.NullsSortOrder.Last;
                idx.IncludeColumns = ["id"];
            })
            // The same within a jurisdiction: a search inside texts within it walks its documents in one range.
            .Index([x => x.Jurisdiction, x => x.SignedOn!], idx =>
            {
                idx.Name = "mt_doc_document_idx_jurisdiction_signed_on";
                idx.SortOrder = Weasel.Postgresql.Tables.SortOrder.Desc;
                idx.NullsSortOrder = Weasel.Postgresql.Tables.NullsSortOrder.Last;
                idx.IncludeColumns = ["id"];
            })
            .Duplicate(x => x.InForceFrom!, pgType: "date")
            .Duplicate(x => x.InForceUntil!, pgType: "date")
            .UniqueIndex(Marten.Schema.UniqueIndexType.DuplicatedField, "uq_document_number", x => x.Jurisdiction, x => x.NumberKey!);

        // The titles as a column without an index of their own: the title keys find the candidates and the titles
        // confirm them, so a trigram index over them would only be kept up at every write (a decision's thousand rows).
        opts.Policies.ForAllDocuments(m =>
        {
            if (m.DocumentType == typeof(Document)) m.DuplicateField(nameof(Document.SearchText));
            if (m.DocumentType == typeof(TitleEntry)) m.DuplicateField(nameof(TitleEntry.SearchText));
        });

        // Checks of a whole division live in streams of their own, read by no projection: their type is known up front.
        opts.Events.AddEventType<PolicyRegister.Domain.Jurisdictions.JurisdictionChecked>();
        opts.Projections.Add(new ChangeFeedProjection(), ProjectionLifecycle.Async);
        // A waiting node asks for the daemon's lock every 2 s, so a dead leader is replaced within seconds.
        opts.Projections.LeadershipPollingTime = 2000;
        opts.Schema.For<ChangeFeedEntry>().Index(x => x.Jurisdiction).Index(x => x.DocumentId);
        opts.Schema.For<PolicyRegister.Web.Auth.StaffAccount>();
        // Failed sign-ins, counted by one atomic statement per attempt (see SignInThrottle).
        opts.Storage.ExtendedSchemaObjects.Add(PolicyRegister.Web.Auth.SignInThrottle.Definition());
        opts.Schema.For<PolicyRegister.Web.Auth.DataProtectionKey>();

        // One decision per number and jurisdiction: two concurrent applies of the same decision cannot both land.
        opts.Projections.Add(new DecisionProjection(), ProjectionLifecycle.Inline);
        // Draft decisions: their own streams; the review queue reads the inline snapshot.
        opts.Projections.Add(new PolicyRegister.Web.Drafts.DecisionDraftProjection(), ProjectionLifecycle.Inline);
        opts.Schema.For<PolicyRegister.Domain.Drafts.DecisionDraft>().Duplicate(x => x.State);
        opts.Projections.Add(new PolicyRegister.Web.Drafts.EndingProposalProjection(), ProjectionLifecycle.Inline);
        opts.Projections.Add(new PolicyRegister.Web.Drafts.ImportDraftProjection(), ProjectionLifecycle.Inline);
        opts.Schema.For<PolicyRegister.Domain.Drafts.EndingProposal>().Duplicate(x => x.State);
        opts.Schema.For<Decision>()
            .Duplicate(x => x.NumberKey)
            .Duplicate(x => x.Jurisdiction)
            .Duplicate(x => x.SignedOn!, pgType: "date")
            .UniqueIndex(Marten.Schema.UniqueIndexType.DuplicatedField, "uq_decision_number", x => x.Jurisdiction, x => x.NumberKey);
    }
}
