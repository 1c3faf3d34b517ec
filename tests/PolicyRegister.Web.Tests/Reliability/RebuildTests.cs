using Marten;
using Microsoft.Extensions.DependencyInjection;
using PolicyRegister.Domain.Documents;
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
        string Json(Document d) => store.Options.Serializer().ToJson(d);
        Dictionary<Guid, string> before;
        await using (var session = store.QuerySession()) before = (await session.Query<Document>().ToListAsync()).ToDictionary(d => d.Id, Json);
        before.Keys.Should().Contain([a, b]);

        using (var daemon = await store.BuildProjectionDaemonAsync())
            await daemon.RebuildProjectionAsync<Document>(TimeSpan.FromMinutes(2), default);

        await using (var session = store.QuerySession())
        {
            var after = (await session.Query<Document>().ToListAsync()).ToDictionary(d => d.Id, Json);
            after.Keys.Should().BeEquivalentTo(before.Keys);
            foreach (var (id, json) in before) after[id].Should().Be(json, $"document {id}");
        }
        (await Given.Get(app.Anonymous(), $"/api/documents?q={Uri.EscapeDataString("重建测试管理")}&jurisdiction={jurisdiction}"))["total"]!.GetValue<long>()
            .Should().Be(1, "the rebuilt rows carry their search keys");
    }
}
