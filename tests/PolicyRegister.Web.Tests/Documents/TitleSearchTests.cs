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
        // Fourteen titles from a small vocabulary; two lose a word by a correction, so only their earlier title holds it.
        var jurisdiction = Given.Jurisdiction();
        string[] vocabulary = ["资金", "补贴", "航班保证金", "古树名木", "绿地", "考核", "PM2.5监测", "税", "养护", "暂行"];
        var random = new Random(7);
        var titles = new Dictionary<Guid, (string[] Known, string Current, string SignedOn)>();
        for (var i = 1; i <= 14; i++)
        {
            var words = vocabulary.Where(_ => random.Next(3) == 0).ToList();
            var title = $"关于{string.Join("和", words)}的管理办法{i}";
            var signedOn = $"2024-{1 + i % 3:00}-{i:00}";
            var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, $"题政规发〔2024〕{i}号", title, signedOn));
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
                .OrderBy(t => Holds(t.Value.Current) ? 0 : 1).ThenByDescending(t => t.Value.SignedOn).Select(t => t.Key).ToList();
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

            // Both ways a search can take (sort the index's few matches; walk the signing-date index) give the same pages.
            await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
            var inJurisdiction = session.Query<Domain.Documents.Document>().Where(d => d.Jurisdiction == jurisdiction);
            foreach (var common in new[] { false, true })
            {
                var whole = await TitleSearch.Find(session, inJurisdiction, q, 0, 50, null, default, common);
                whole.Items.Select(d => d.Id).Should().Equal(expected, $"{q}, common {common}");
                var walked = new List<Guid>();
                TitleCursor? cursor = null;
                do
                {
                    var page = await TitleSearch.Find(session, inJurisdiction, q, 0, 2, cursor, default, common);
                    walked.AddRange(page.Items.Select(d => d.Id));
                    cursor = page.Next is { } next && TitleCursor.TryParse(next, out var c) ? c : null;
                } while (cursor is not null && walked.Count <= expected.Count);
                walked.Should().Equal(expected, $"{q}, common {common}, by cursor");
                (await TitleSearch.Find(session, inJurisdiction, q, 4, 2, null, default, common)).Items.Select(d => d.Id)
                    .Should().Equal(expected.Skip(4).Take(2), $"{q}, common {common}, by offset");
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
    public async Task when_titles_stored_before_the_keys_existed_the_register_starts_they_should_be_keyed_and_found()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "键政规发〔2024〕1号", "关于沙枣林带养护的通知", "2024-03-01"));
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var table = store.Options.FindOrResolveDocumentType(typeof(Domain.Documents.Document)).TableName.QualifiedName;
        await using (var conn = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await conn.OpenAsync();
            // As Marten's migration leaves a document stored before the column: an empty array.
            await using var cmd = new Npgsql.NpgsqlCommand($"update {table} set title_keys = '{{}}' where id = '{id}'", conn);
            (await cmd.ExecuteNonQueryAsync()).Should().Be(1);
        }
        (await Given.Get(app.Anonymous(), $"/api/documents?q={Uri.EscapeDataString("沙枣")}&jurisdiction={jurisdiction}"))["total"]!.GetValue<long>().Should().Be(0);

        await Infrastructure.RegisterSchema.ApplyStoreAsync(store);

        var found = await Given.Get(app.Anonymous(), $"/api/documents?q={Uri.EscapeDataString("沙枣")}&jurisdiction={jurisdiction}");
        Ids(found).Should().Equal(id);
        (await Given.Get(app.Anonymous(), $"/api/documents/{id}"))["version"]!.GetValue<long>().Should().Be(version, "keying a title writes no event");
    }

    private static List<Guid> Ids(JsonNode page) => [.. page["items"]!.AsArray().Select(i => Guid.Parse(i!["id"]!.GetValue<string>()))];
}
