using System.Net;
using System.Xml.Linq;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Site;

/// <summary>The change feed pages back to the first change (RFC 5005), with tag: ids, categories and permanent links; a document has a feed of its own.</summary>
[Collection(RegisterCollection.Name)]
public class FeedTests(RegisterApp app)
{
    private static readonly XNamespace Atom = "http://www.w3.org/2005/Atom";
    private static readonly XNamespace History = "http://purl.org/syndication/history/1.0";

    /// <summary>The feed is an asynchronous projection: poll until it holds what is expected, up to 30 s.</summary>
    private async Task<XDocument> FeedWith(string url, Func<XDocument, bool> ready)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        XDocument feed;
        do
        {
            feed = XDocument.Parse(await app.Anonymous().GetStringAsync(url));
            if (ready(feed)) return feed;
            await Task.Delay(250);
        } while (DateTime.UtcNow < deadline);
        return feed;
    }

    private static IEnumerable<XElement> Entries(XDocument feed) => feed.Root!.Elements(Atom + "entry");

    /// <summary>Where an entry points, unescaped.</summary>
    private static string Href(XElement entry) => Uri.UnescapeDataString(entry.Element(Atom + "link")!.Attribute("href")!.Value);

    private static string? Link(XDocument feed, string rel) => feed.Root!.Elements(Atom + "link").FirstOrDefault(l => (string?)l.Attribute("rel") == rel)?.Attribute("href")?.Value;

    [Fact]
    public async Task when_a_jurisdiction_has_more_changes_than_a_page_every_one_should_be_reachable_through_the_archives()
    {
        var jurisdiction = Given.Jurisdiction();
        for (var i = 1; i <= 57; i++)
            await Given.Registered(app.Clerk(), Given.Document(jurisdiction, $"页政规发〔2024〕{i}号", $"某某县第{i}号分页测试办法", "2024-01-16", effective: new { on = "2024-02-01" }));

        // The feed is an async projection: it may show a second page before it has caught up with the newest change.
        var newest = $"/eli/{jurisdiction}/2024/页政规发/57";
        var first = await FeedWith($"/feed.atom?jurisdiction={jurisdiction}",
            f => Link(f, "next") is not null && Entries(f).Any(e => Href(e).Contains(newest)));
        Entries(first).Should().HaveCount(50);
        first.Root!.Element(History + "archive").Should().BeNull("the subscription document is not an archive");
        Link(first, "prev-archive").Should().Be(Link(first, "next"));
        Link(first, "first").Should().EndWith($"/feed.atom?jurisdiction={jurisdiction}");

        var entry = Entries(first).First();
        entry.Element(Atom + "id")!.Value.Should().StartWith("tag:").And.Contain(",2026-01-01:event/");
        entry.Element(Atom + "published").Should().NotBeNull();
        entry.Element(Atom + "category")!.Attribute("term")!.Value.Should().Be("registered");
        entry.Element(Atom + "category")!.Attribute("label")!.Value.Should().Be("新登记");
        entry.Element(Atom + "summary")!.Value.Should().NotBeEmpty();
        Href(entry).Should().Contain(newest);

        var archive = XDocument.Parse(await app.Anonymous().GetStringAsync(new Uri(Link(first, "next")!).PathAndQuery));
        archive.Root!.Element(History + "archive").Should().NotBeNull();
        Link(archive, "current").Should().Be(Link(first, "first"));
        var ids = Entries(first).Concat(Entries(archive)).Select(e => e.Element(Atom + "id")!.Value).ToList();
        ids.Should().OnlyHaveUniqueItems().And.HaveCount(57, "every change is reachable, none twice");
        Link(archive, "next").Should().BeNull("nothing is older in this jurisdiction");

        var titles = string.Join("\n", Entries(first).Concat(Entries(archive)).Select(e => e.Element(Atom + "title")!.Value));
        for (var i = 1; i <= 57; i++) titles.Should().Contain($"第{i}号分页测试办法");
        (await app.Anonymous().GetAsync($"/feed.atom?jurisdiction={jurisdiction}&before=0")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task when_a_document_is_repealed_its_own_feed_should_say_so_and_its_lists_should_negotiate_atom_json_and_csv()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "订政规发〔2020〕4号", "某某县文件订阅测试办法", "2020-01-16", effective: new { on = "2020-02-01" }));
        await Given.Post(app.Reviewer(), $"/api/documents/{id}/repeal", new { version, on = "2024-07-01", basis = new { number = "订政发〔2024〕1号" }, reason = "据清理决定" });
        var eli = $"/eli/{jurisdiction}/2020/{Uri.EscapeDataString("订政规发")}/4";

        var own = await FeedWith($"{eli}/feed.atom", f => Entries(f).Count() >= 2);
        Entries(own).Select(e => e.Element(Atom + "category")!.Attribute("term")!.Value).Should().BeEquivalentTo(["repealed", "registered"]);
        (await app.Anonymous().GetAsync($"/eli/{jurisdiction}/2020/{Uri.EscapeDataString("订政规发")}/5/feed.atom")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        var url = $"/changes?jurisdiction={jurisdiction}&from=2024-01-01&to=2024-12-31";
        async Task<HttpResponseMessage> As(string accept)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, url);
            request.Headers.Accept.ParseAdd(accept);
            return await app.Anonymous().SendAsync(request);
        }
        var json = await As("application/json");
        json.Content.Headers.ContentType!.MediaType.Should().Be("application/json");
        (await json.Content.ReadAsStringAsync()).Should().Contain("某某县文件订阅测试办法");
        var csv = await As("text/csv");
        csv.Content.Headers.ContentType!.MediaType.Should().Be("text/csv");
        (await csv.Content.ReadAsStringAsync()).Should().Contain("\r\n").And.Contain(Uri.UnescapeDataString(eli).Replace("订政规发", Uri.EscapeDataString("订政规发")));
        var atom = await As("application/atom+xml");
        atom.Content.Headers.ContentType!.MediaType.Should().Be("application/atom+xml");
        XDocument.Parse(await atom.Content.ReadAsStringAsync()).Root!.Name.Should().Be(Atom + "feed");
        (await As("application/pdf")).StatusCode.Should().Be(HttpStatusCode.NotAcceptable);
        (await As("text/html")).Content.Headers.ContentType!.MediaType.Should().Be("text/html");
    }
}
