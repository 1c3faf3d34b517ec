using System.Text.Json.Nodes;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Documents;

[Collection(RegisterCollection.Name)]
public class TitleSearchTests(RegisterApp app)
{
    [Fact]
    public async Task when_titles_are_searched_through_the_bigram_index_the_answer_should_equal_a_plain_scan_ranked_by_relevance_then_date()
    {
        // Seventeen titles from a small vocabulary, the last three undated; five lose a word by a correction, so only
        // their earlier title holds it.
        var jurisdiction = Given.Jurisdiction();
        string[] vocabulary = ["资金", "补贴", "航班保证金", "古树名木", "绿地", "考核", "PM2.5监测", "税", "养护", "暂行"];
        var random = new Random(7);
        var titles = new Dictionary<Guid, (string[] Known, string Current, string? SignedOn)>();
        for (var i = 1; i <= 17; i++)
        {
            var words = vocabulary.Where(_ => random.Next(3) == 0).ToList();
            var title = $"关于{string.Join("和", words)}的管理办法{i}";
            var signedOn = i <= 14 ? $"2024-{1 + i % 3:00}-{i:00}" : null;
            var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, $"题政规发〔2024〕{i}号", title, signedOn!));
            titles[id] = ([title], title, signedOn);
            if (i > 12)
            {
                var corrected = $"关于绿地管理的办法{i}";
                await Given.Post(app.Clerk(), $"/api/documents/{id}/correction", new { version, field = "title", newValue = corrected, reason = "标题更正" });
                titles[id] = ([title, corrected], corrected, signedOn);
            }
        }

        foreach (var q in new[] { "税", "资金", "航班保证金", "古树", "pm2.5监测", "补贴 考核", "暂行", "绿地", "管理办法", "不存在的词" })
        {
            var words = TextSearch.Words(q);
            bool Holds(string title) => words.All(w => title.Contains(w, StringComparison.OrdinalIgnoreCase));
            // The plain scan: every known title; those whose current title holds the words first, then newest first.
            var expected = titles.Where(t => t.Value.Known.Any(Holds))
                .OrderBy(t => Holds(t.Value.Current) ? 0 : 1)
                .ThenBy(t => (t.Value.SignedOn is { } d ? DateOnly.Parse(d) : (DateOnly?)null, t.Key), Comparer<(DateOnly? On, Guid Id)>.Create(
                    (a, b) => TitleSearch.SigningOrder(a.On, a.Id, b.On, b.Id)))
                .Select(t => t.Key).ToList();
            var found = await Given.Get(app.Anonymous(), $"/api/documents?q={Uri.EscapeDataString(q)}&jurisdiction={jurisdiction}&pageSize=50");
            Ids(found).Should().Equal(expected, q);
            found["total"]!.GetValue<long>().Should().Be(expected.Count, q);
            found["totalIsLowerBound"]!.GetValue<bool>().Should().BeFalse(q);

            // Page by page, by cursor and by offset: the same order, nothing lost or repeated.
            var paged = new List<Guid>();
            string? after = null;
            do
            {
                var page = await Given.Get(app.Anonymous(), $"/api/documents?q={Uri.EscapeDataString(q)}&jurisdiction={jurisdiction}&pageSize=3" +
                    (after is null ? "" : $"&after={after}"));
                paged.AddRange(Ids(page));
                after = page["next"]?.GetValue<string>();
            } while (after is not null && paged.Count <= expected.Count);
            paged.Should().Equal(expected, $"{q}, by cursor");
            var second = await Given.Get(app.Anonymous(), $"/api/documents?q={Uri.EscapeDataString(q)}&jurisdiction={jurisdiction}&pageSize=3&page=2");
            Ids(second).Should().Equal(expected.Skip(3).Take(3), $"{q}, by offset");

            // Both ways a search can take (sort the index's few matches; walk the signing-date index), over the titles'
            // own rows and over the documents (as when other filters apply), give the same pages.
            await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
            foreach (var (common, documents, cap) in new[] { false, true }.SelectMany(c => new[] { false, true }
                .SelectMany(d => new[] { TitleSearch.CountCap, 2, 6 }.Select(cap => (c, d, cap)))))
            {
                var filtered = documents ? session.Query<Domain.Documents.Document>() : null;
                var how = $"{q}, common {common}, over {(documents ? "documents" : "titles")}, counted up to {cap}";
                var whole = await TitleSearch.Find(session, [jurisdiction], filtered, q, 0, 50, null, default, common, cap);
                whole.Items.Select(d => d.Id).Should().Equal(expected, how);
                (whole.Total, whole.TotalCapped).Should().Be((Math.Min(expected.Count, cap), expected.Count > cap), how);
                var walked = new List<Guid>();
                TitleCursor? cursor = null;
                do
                {
                    var page = await TitleSearch.Find(session, [jurisdiction], filtered, q, 0, 2, cursor, default, common, cap);
                    walked.AddRange(page.Items.Select(d => d.Id));
                    cursor = page.Next is { } next && TitleCursor.TryParse(next, out var c) ? c : null;
                } while (cursor is not null && walked.Count <= expected.Count);
                walked.Should().Equal(expected, $"{how}, by cursor");
                (await TitleSearch.Find(session, [jurisdiction], filtered, q, 4, 2, null, default, common, cap)).Items.Select(d => d.Id)
                    .Should().Equal(expected.Skip(4).Take(2), $"{how}, by offset");
                (await TitleSearch.Find(session, [jurisdiction], filtered, q, 0, 1, null, default, common, cap)).Items.Select(d => d.Id)
                    .Should().Equal(expected.Take(1), $"{how}, the first alone");
            }
        }
    }

    [Fact]
    public async Task when_a_title_search_is_given_a_cursor_it_did_not_make_it_should_name_the_field()
    {
        foreach (var (url, field) in new[]
        {
            ("/api/documents?q=x&after=garbage", "after"), ("/api/documents?q=x&after=0.20241301.0123456789abcdef0123456789abcdef", "after"),
            ("/api/documents?after=0.-.0123456789abcdef0123456789abcdef", "after"), ("/api/documents?q=x&after=0.-.0123456789abcdef0123456789abcdef&page=2", "page"),
        })
        {
            var response = await app.Anonymous().GetAsync(url);
            response.StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest, url);
            (await Given.Problem(response))["errors"]!.AsObject().Select(e => e.Key).Should().Contain(field, url);
        }
    }

    [Fact]
    public async Task when_documents_stored_before_title_entries_were_kept_the_register_starts_they_should_be_found()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "键政规发〔2024〕1号", "关于沙枣林带养护的通知", "2024-03-01"));
        await Given.Post(app.Clerk(), $"/api/documents/{id}/correction", new { version, field = "title", newValue = "关于沙枣林带和防护林养护的通知", reason = "标题更正" });
        var (keyless, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "键政规发〔2024〕2号", "沙枣林带更新改造方案", "2024-02-01"));
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var titles = store.Options.FindOrResolveDocumentType(typeof(TitleEntry)).TableName.QualifiedName;
        await using (var conn = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await conn.OpenAsync();
            // As a register kept before the entries: none for the first; the second's keys as Marten's migration would leave them.
            await using var cmd = new Npgsql.NpgsqlCommand($"delete from {titles} where id = '{id}'; update {titles} set title_keys = '{{}}' where id = '{keyless}'", conn);
            (await cmd.ExecuteNonQueryAsync()).Should().Be(2);
        }
        (await Given.Get(app.Anonymous(), $"/api/documents?q={Uri.EscapeDataString("沙枣")}&jurisdiction={jurisdiction}"))["total"]!.GetValue<long>().Should().Be(0);

        await Infrastructure.RegisterSchema.ApplyStoreAsync(store);

        // Both found, the corrected one by its current and its earlier title, current title first, as the projection keeps them.
        var found = await Given.Get(app.Anonymous(), $"/api/documents?q={Uri.EscapeDataString("沙枣")}&jurisdiction={jurisdiction}");
        Ids(found).Should().Equal(id, keyless);
        Ids(await Given.Get(app.Anonymous(), $"/api/documents?q={Uri.EscapeDataString("林带养护")}&jurisdiction={jurisdiction}")).Should().Equal(id);
        Ids(await Given.Get(app.Anonymous(), $"/api/documents?q={Uri.EscapeDataString("防护林")}&jurisdiction={jurisdiction}")).Should().Equal(id);
        await using var session = store.QuerySession();
        var entry = await session.LoadAsync<TitleEntry>(id);
        entry!.SearchText.Should().Be("关于沙枣林带和防护林养护的通知\n关于沙枣林带养护的通知");
        entry.TitleKeys.Should().NotBeEmpty();
        entry.SignedOn.Should().Be(new DateOnly(2024, 3, 1));
        entry.Jurisdiction.Should().Be(jurisdiction);
        (await Given.Get(app.Anonymous(), $"/api/documents/{id}"))["version"]!.GetValue<long>().Should().Be(version + 1, "filling entries writes no event");
    }

    [Fact]
    public async Task when_a_documents_title_date_or_jurisdiction_is_corrected_a_title_search_should_find_it_as_corrected()
    {
        var (first, second) = (Given.Jurisdiction(), Given.Jurisdiction());
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(first, "更政规发〔2024〕1号", "关于枸杞产业扶持资金的管理办法", "2024-03-01"));
        await Given.Post(app.Clerk(), $"/api/documents/{id}/correction", new { version, field = "jurisdiction", newValue = second, reason = "制定机关所属区划更正" });
        await Given.Post(app.Clerk(), $"/api/documents/{id}/correction", new { version = version + 1, field = "title", newValue = "关于枸杞产业奖补资金的管理办法", reason = "标题更正" });
        async Task<List<Guid>> Search(string q, string jurisdiction, string? more = null) =>
            Ids(await Given.Get(app.Anonymous(), $"/api/documents?q={Uri.EscapeDataString(q)}&jurisdiction={jurisdiction}{more}"));

        (await Search("枸杞", first)).Should().BeEmpty("the document is no longer the first jurisdiction's");
        (await Search("奖补", second)).Should().Equal(id);
        (await Search("扶持", second)).Should().Equal(new[] { id }, "an earlier title is still searched");
        (await Search("奖补", second, "&year=2024")).Should().Equal(new[] { id }, "with a filter the titles cannot answer");
        (await Search("奖补", second, "&year=2023")).Should().BeEmpty();
    }

    private static List<Guid> Ids(JsonNode page) => [.. page["items"]!.AsArray().Select(i => Guid.Parse(i!["id"]!.GetValue<string>()))];
}
