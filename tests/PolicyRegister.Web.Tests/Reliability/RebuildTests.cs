using Marten;
using Microsoft.Extensions.DependencyInjection;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Reliability;

[Collection(RegisterCollection.Name)]
public class RebuildTests(RegisterApp app)
{
    [Fact]
    public async Task when_the_document_projection_is_rebuilt_from_the_events_every_document_should_equal_its_inline_snapshot()
    {
        // A few lives of their own beside whatever the other tests left: registered, corrected, amended, repealed, with a text.
        var jurisdiction = Given.Jurisdiction();
        var (a, va) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "重政规发〔2023〕1号", "重建测试办法", "2023-01-10", effective: new { on = "2023-02-01" }));
        await Given.Post(app.Clerk(), $"/api/documents/{a}/correction", new { version = va, field = "title", newValue = "重建测试管理办法", reason = "错字" });
        await Given.Post(app.Clerk(), $"/api/documents/{a}/text", new { version = va + 1, text = "第一条 为规范管理，制定本办法。\n第二条 本办法自印发之日起施行。", reason = "据公报登记全文" });
        var (b, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "重政规发〔2023〕2号", "重建测试二办法", "2023-03-10", effective: new { on = "2023-04-01" }));
        await Given.Post(app.Reviewer(), "/api/decisions", new
        {
            number = "重政发〔2024〕1号", title = "关于废止行政规范性文件的决定", issuers = new[] { "某某县人民政府" }, jurisdiction, signedOn = "2024-01-01",
            items = new[] { new { action = "repeal", seq = 1, title = "重建测试二办法", number = "重政规发〔2023〕2号" } }, reason = "清理",
        });

        var store = app.Services.GetRequiredService<IDocumentStore>();
        var before = await Rows<Document>(store, d => d.Id);
        before.Keys.Should().Contain([a, b]);

        using (var daemon = await store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<Document>(TimeSpan.FromMinutes(2), default);

        ShouldEqual(await Rows<Document>(store, d => d.Id), before, "document");
        (await Given.Get(app.Anonymous(), $"/api/documents?q={Uri.EscapeDataString("重建测试管理")}&jurisdiction={jurisdiction}"))["total"]!.GetValue<long>()
            .Should().Be(1, "the rebuilt rows carry their search keys");
    }

    [Fact]
    public async Task when_the_documents_are_rebuilt_in_windows_smaller_than_the_register_each_should_equal_its_inline_snapshot()
    {
        // Streams whose events fall on many pages: each document is folded across pages, written, and written again.
        var jurisdiction = Given.Jurisdiction();
        var ids = new List<Guid>();
        for (var n = 1; n <= 3; n++)
        {
            var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, $"窗政规发〔2023〕{n}号", $"分批重建测试{n}办法", "2023-01-10", effective: new { on = "2023-02-01" }));
            await Given.Post(app.Clerk(), $"/api/documents/{id}/correction", new { version, field = "title", newValue = $"分批重建测试{n}管理办法", reason = "错字" });
            ids.Add(id);
        }
        await Given.Post(app.Reviewer(), "/api/decisions", new
        {
            number = "窗政发〔2024〕1号", title = "关于废止和保留行政规范性文件的决定", issuers = new[] { "某某县人民政府" }, jurisdiction, signedOn = "2024-01-01",
            items = new object[]
            {
                new { action = "repeal", seq = 1, title = "分批重建测试1管理办法", number = "窗政规发〔2023〕1号" },
                new { action = "retain", seq = 2, title = "分批重建测试2管理办法", number = "窗政规发〔2023〕2号" },
            },
            reason = "清理",
        });

        var store = app.Services.GetRequiredService<IDocumentStore>();
        var documents = await Rows<Document>(store, d => d.Id);
        var titles = await Rows<TitleEntry>(store, t => t.Id);
        documents.Keys.Should().Contain(ids);

        // The register's own store settings, with a window of two documents and pages of three events.
        using (var small = DocumentStore.For(opts =>
        {
            opts.Configure(app.ConnectionString, rebuildWindow: 2);
            foreach (var projection in opts.Projections.All.OfType<JasperFx.Events.Projections.ProjectionBase>()
                         .Where(p => p is DocumentProjection or TitleEntryProjection))
            {
                projection.Options.RebuildFlushThreshold.Should().Be(2);
                projection.Options.BatchSize = 3;
            }
        }))
        using (var daemon = await small.BuildProjectionDaemonAsync())
        {
            await daemon.RebuildProjectionAsync<Document>(TimeSpan.FromMinutes(2), default);
            await daemon.RebuildProjectionAsync<TitleEntry>(TimeSpan.FromMinutes(2), default);
        }

        ShouldEqual(await Rows<Document>(store, d => d.Id), documents, "document");
        ShouldEqual(await Rows<TitleEntry>(store, t => t.Id), titles, "title entry");
    }

    /// <summary>Every stored row of a projection, as the store serialises it, by id.</summary>
    private static async Task<Dictionary<Guid, string>> Rows<T>(IDocumentStore store, Func<T, Guid> id) where T : notnull
    {
        await using var session = store.QuerySession();
        return (await session.Query<T>().ToListAsync()).ToDictionary(id, row => store.Options.Serializer().ToJson(row));
    }

    private static void ShouldEqual(Dictionary<Guid, string> after, Dictionary<Guid, string> before, string what)
    {
        after.Keys.Should().BeEquivalentTo(before.Keys);
        foreach (var (id, json) in before) after[id].Should().Be(json, $"{what} {id}");
    }
}
