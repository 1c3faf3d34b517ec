using System.Net;
using System.Text;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Reliability;

/// <summary>
/// The store writes its JSON with Chinese as UTF-8, not as \u escapes (half the bytes to send and for PostgreSQL to
/// parse on every write): every character a title can hold must still come back as it was sent.
/// </summary>
[Collection(RegisterCollection.Name)]
public class StoredTextTests(RegisterApp app)
{
    [Fact]
    public void when_the_store_writes_chinese_it_should_write_it_unescaped()
    {
        var json = app.Services.GetRequiredService<IDocumentStore>().Options.Serializer().ToJson(new { title = "中卫市〔2024〕" });
        json.Should().Contain("中卫市〔2024〕").And.NotContainEquivalentOf("\\u4E2D");
    }

    [Fact]
    public async Task when_a_title_holds_characters_of_every_kind_it_should_be_read_back_as_sent()
    {
        // A character beyond the basic plane (𠮷), the characters HTML escapes, quotes of both widths, a backslash.
        const string title = "关于印发《中卫市𠮷祥村<规划>&“管理”办法'\"\\》的通知";
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(Given.Jurisdiction(), "卫政发〔2024〕801号", title, "2024-01-01", new { on = "2024-02-01" }));

        var read = await Given.Get(app.Anonymous(), $"/api/documents/{id}");
        read["title"]!.GetValue<string>().Should().Be(title);
        var found = await Given.Get(app.Anonymous(), $"/api/documents?q={Uri.EscapeDataString("𠮷祥村")}");
        found["items"]!.AsArray().Select(i => i!["id"]!.GetValue<Guid>()).Should().Contain(id);
    }

    [Fact]
    public async Task when_a_title_holds_a_lone_surrogate_it_should_be_refused_naming_the_title()
    {
        // No UTF-8 store can hold half a character: it is refused as the body is read, before anything is written.
        var jurisdiction = Given.Jurisdiction();
        var body = $$"""{"number":"卫政发〔2024〕802号","title":"关于\ud800的通知","issuers":["中卫市人民政府"],"jurisdiction":"{{jurisdiction}}","kind":"normative","signedOn":"2024-01-01","reason":"登记测试文件"}""";
        var response = await app.Clerk().PostAsync("/api/documents", new StringContent(body, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await Given.Problem(response))["detail"]!.GetValue<string>().Should().Contain("$.title");
        (await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={jurisdiction}"))["total"]!.GetValue<long>().Should().Be(0);
    }
}
