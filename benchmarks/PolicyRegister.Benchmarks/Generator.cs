using System.Diagnostics;
using JasperFx;
using Marten;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Decisions;
using PolicyRegister.Web.Infrastructure;

namespace PolicyRegister.Benchmarks;

/// <summary>
/// Writes the synthetic register through Marten, the product's append path: documents in batches of streams, then
/// every cleanup decision planned and decided by the product's own decision code and appended in one transaction each.
/// </summary>
public static class Generator
{
    public static DocumentStore Store(string connectionString) => DocumentStore.For(opts =>
    {
        opts.Configure(connectionString);
        opts.AutoCreateSchemaObjects = AutoCreate.CreateOrUpdate;
    });

    public static async Task<int> Run(Options options)
    {
        var count = options.Int("docs", 100_000);
        using var store = Store(options.ConnectionString);
        await PolicyRegister.Web.Infrastructure.RegisterSchema.ApplyStoreAsync(store);
        await using (var query = store.QuerySession())
        {
            var existing = await query.Query<Document>().CountAsync();
            if (existing >= count)
            {
                Console.Error.WriteLine($"The register already holds {existing} documents: nothing generated.");
                // The decisions' gram statistics and the planner's row counts see the documents added.
                if (await FixedPlace(store))
                    await Analyze(options.ConnectionString, $"analyze {PolicyRegister.Web.Documents.DocumentReads.TableName((IDocumentStore)store).QualifiedName}");
                return 0;
            }
            if (existing > 0) throw new InvalidOperationException($"A partial register ({existing} documents) is in the way: drop the benchmark database and run again.");
        }

        var watch = Stopwatch.StartNew();
        var events = 0L;
        foreach (var batch in Synthetic.Documents(count).Chunk(1000))
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = "generator";
            session.SetHeader("reason", "synthetic register");
            foreach (var doc in batch)
            {
                session.Events.StartStream<Document>(doc.Id, [.. doc.Events]);
                events += doc.Events.Count;
            }
            await session.SaveChangesAsync();
            Console.Error.Write($"\r{events:N0} document events, {watch.Elapsed.TotalSeconds:N0} s");
        }
        Console.Error.WriteLine();
        var documentSeconds = watch.Elapsed.TotalSeconds;

        var random = new Random(7);
        var decisionEvents = 0L;
        foreach (var (j, number, title, signed) in Synthetic.Decisions())
        {
            await using var session = store.LightweightSession();
            session.LastModifiedBy = "generator";
            session.SetHeader("reason", "synthetic cleanup decision");
            var jurisdiction = Synthetic.Places[j];
            var code = PolicyRegister.Domain.Jurisdictions.Divisions.Canonical(jurisdiction);
            var inForce = await session.Query<Document>()
                .Where(d => d.Jurisdiction == code && d.EffectiveOn <= signed && (d.InForceUntil == null || d.InForceUntil > signed.AddDays(30)))
                .Select(d => new { d.Number, d.Title }).ToListAsync();
            var items = inForce.Select((d, i) => new DecisionItemInput(Synthetic.ActionFor(random), i + 1, $"《{d.Title}》", d.Number)).ToList();
            // Numbered within each list, as an annex prints them.
            items = items.GroupBy(i => i.Action).SelectMany(g => g.Select((x, k) => x with { Seq = k + 1 })).ToList();
            var cmd = new ApplyDecision
            {
                Number = number, Title = title, Issuers = [$"{jurisdiction}人民政府"], Jurisdiction = jurisdiction, SignedOn = signed,
                Effective = new PolicyRegister.Web.Documents.EffectiveInput(signed.AddDays(30), null), Items = items, Reason = "synthetic cleanup decision",
            };
            var context = await DecisionInputs.Load(session, cmd, default);
            var plan = DecisionInputs.Plan(cmd, context);
            if (!plan.CanApply) throw new InvalidOperationException($"{number}: {string.Join("; ", plan.Problems.Take(3))}");
            var (_, appends) = ApplyDecisionEndpoint.Decide(cmd, plan, context, Guid.CreateVersion7, Guid.CreateVersion7());
            StreamAppend.AppendAll(session, appends);
            decisionEvents += appends.Sum(a => a.Events.Count);
            await session.SaveChangesAsync();
            Console.Error.Write($"\r{decisionEvents:N0} decision events, {watch.Elapsed.TotalSeconds:N0} s");
        }
        Console.Error.WriteLine();
        await FixedPlace(store);
        await Analyze(options.ConnectionString, "analyze");
        Console.WriteLine($"generated {count:N0} documents and {Synthetic.Decisions().Count()} decisions: {events + decisionEvents:N0} events " +
            $"({events:N0} in {documentSeconds:N0} s, {decisionEvents:N0} by decisions), {watch.Elapsed.TotalSeconds:N0} s in all");
        return 0;
    }

    /// <summary>
    /// <see cref="Synthetic.FixedPlace"/> and its documents, added once to a register that lacks them (registers generated
    /// before it was added get it at their next run), by the same append path; no decision lists them. True when it
    /// added them: the caller analyses the documents' table after.
    /// </summary>
    private static async Task<bool> FixedPlace(DocumentStore store)
    {
        var code = PolicyRegister.Domain.Jurisdictions.Divisions.Canonical(Synthetic.FixedPlace);
        await using (var query = store.QuerySession())
        {
            var held = await query.Query<Document>().CountAsync(d => d.Jurisdiction == code);
            if (held == Synthetic.FixedPlaceDocuments) return false;
            if (held > 0) throw new InvalidOperationException($"{Synthetic.FixedPlace} holds {held} documents, not {Synthetic.FixedPlaceDocuments}: drop the benchmark database and run again.");
        }
        await using (var session = store.LightweightSession())
        {
            session.LastModifiedBy = "generator";
            session.SetHeader("reason", "synthetic register");
            foreach (var doc in Synthetic.FixedPlaceDocumentsOf()) session.Events.StartStream<Document>(doc.Id, [.. doc.Events]);
            await session.SaveChangesAsync();
        }
        Console.Error.WriteLine($"{Synthetic.FixedPlace}: {Synthetic.FixedPlaceDocuments} documents added");
        return true;
    }

    /// <summary>An ANALYZE (or another statement) on a connection of its own, after the register's writes.</summary>
    internal static async Task Analyze(string connectionString, string sql)
    {
        await using var conn = new Npgsql.NpgsqlConnection(connectionString);
        await conn.OpenAsync();
        await using var analyze = new Npgsql.NpgsqlCommand(sql, conn);
        await analyze.ExecuteNonQueryAsync();
    }
}
