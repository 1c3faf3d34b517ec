using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Documents;

/// <summary>The text of a document: recorded as a fact, shown with its structure and anchors, versions by date, bad texts refused or warned.</summary>
[Collection(RegisterCollection.Name)]
public class TextTests(RegisterApp app)
{
    private const string Measures = """
        某某县城市绿化管理办法
        第一章 总则
        第一条 为加强城市绿化管理，制定本办法。
        第二条 本办法适用于本县城市规划区。
        第二章 管理
        第三条 城市绿化专项资金包括养护补贴、古树名木保护经费。
        （一）养护补贴按面积核定；
        （二）保护经费按株核定。
        第四条 本办法自2024年2月1日起施行。
        """;

    private async Task<(Guid Id, long Version, string Eli)> Registered(string serial)
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, $"文政规发〔2024〕{serial}号", "某某县城市绿化管理办法", "2024-01-16",
            effective: new { on = "2024-02-01" }));
        return (id, version, $"/eli/{jurisdiction}/2024/{Uri.EscapeDataString("文政规发")}/{serial}");
    }

    [Fact]
    public async Task when_a_text_is_recorded_the_page_should_show_it_with_a_contents_list_and_an_anchor_per_article()
    {
        var (id, version, eli) = await Registered("1");
        var answer = await Given.Post(app.Clerk(), $"/api/documents/{id}/text", new
        {
            version, text = Measures, source = new { gazette = "某某县人民政府公报", issue = "2024年第2期", page = 5 }, reason = "据公报登记全文",
        });
        answer["articles"]!.GetValue<int>().Should().Be(4);
        answer["warnings"]!.AsArray().Should().BeEmpty();
        answer["textVersion"]!.GetValue<int>().Should().Be(1);

        var page = await app.Anonymous().GetStringAsync(eli);
        page.Should().Contain("<h2 id=\"text\">全文</h2>").And.Contain("据某某县人民政府公报2024年第2期第5页")
            .And.Contain("<p id=\"art_3\" class=\"t-article").And.Contain("<a href=\"#art_3\">第三条</a>")
            .And.Contain("id=\"art_3__para_1__item_2\"").And.Contain("保护经费按株核定。");
        var part = await app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false }).GetAsync($"{eli}/art_3");
        part.Headers.Location!.OriginalString.Should().EndWith($"{eli}#art_3", "an article's URI extends the document's");
        (await Given.Get(app.Anonymous(), $"/api/documents/{id}"))["timeline"]!.AsArray().Last()!["summary"]!.GetValue<string>().Should().Contain("登记全文");
    }

    [Fact]
    public async Task when_a_text_is_a_document_s_last_event_every_answer_should_name_the_stream_s_version_and_writes_naming_it_should_land()
    {
        // The snapshot folds no texts: every version a client or a form is given must still be the stream's, so that a
        // write after a text lands, and one naming the version before it is refused.
        var jurisdiction = Given.Jurisdiction();
        var number = "版政规发〔2024〕7号";
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, number, "某某县版本测试办法", "2024-01-16", effective: new { on = "2024-02-01" }));
        var first = await Given.Post(app.Clerk(), $"/api/documents/{id}/text", new { version, text = Measures, reason = "据公报登记全文" });
        first["version"]!.GetValue<long>().Should().Be(version + 1);
        first["textVersion"]!.GetValue<int>().Should().Be(1);

        (await Given.Get(app.Anonymous(), $"/api/documents/{id}"))["version"]!.GetValue<long>().Should().Be(version + 1);
        (await Given.Get(app.Anonymous(), $"/api/documents/{id}/status"))["version"]!.GetValue<long>().Should().Be(version + 1);
        (await Given.Get(app.Anonymous(), $"/api/documents/status?number={Uri.EscapeDataString(number)}&jurisdiction={jurisdiction}"))["version"]!
            .GetValue<long>().Should().Be(version + 1);
        var clerk = StaffClient.Browser(app);
        await StaffClient.SignIn(clerk, RegisterApp.StaffClerk.User, RegisterApp.StaffClerk.Password);
        (await clerk.GetStringAsync($"/staff/documents/{id}/facts")).Should().Contain($"name=\"version\" value=\"{version + 1}\"");
        var textForm = await clerk.GetStringAsync($"/staff/documents/{id}/text");
        textForm.Should().Contain($"name=\"version\" value=\"{version + 1}\"");

        // A second text through the form, at the version the form gave: counted as the second.
        var second = await clerk.PostAsync($"/staff/documents/{id}/text", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffClient.Token(textForm), ["version"] = (version + 1).ToString(),
            ["text"] = Measures + "\n第五条 附则。", ["effective_on"] = "2025-01-01", ["reason"] = "据修改决定登记修改后文本",
        }));
        var secondPage = await second.Content.ReadAsStringAsync();
        second.StatusCode.Should().Be(HttpStatusCode.OK, secondPage);
        secondPage.Should().Contain("已登记全文第2版").And.Contain($"name=\"version\" value=\"{version + 2}\"");

        // A write naming the version before the text is refused; a decision over the document, whose last event is a
        // text, applies at the stream's version.
        (await app.Reviewer().PostAsJsonAsync($"/api/documents/{id}/retention", new { version = version + 1, on = "2025-06-01", basis = new { number = "版政发〔2025〕1号" }, reason = "清理" }))
            .StatusCode.Should().Be(HttpStatusCode.Conflict);
        var applied = await app.Reviewer().PostAsJsonAsync("/api/decisions", new
        {
            number = "版政发〔2025〕2号", title = "关于保留行政规范性文件的决定", issuers = new[] { "某某县人民政府" }, jurisdiction, signedOn = "2025-06-01",
            items = new[] { new { action = "retain", seq = 1, title = "某某县版本测试办法", number } }, reason = "清理",
        });
        applied.StatusCode.Should().Be(HttpStatusCode.Created, await applied.Content.ReadAsStringAsync());
        var after = await Given.Get(app.Anonymous(), $"/api/documents/{id}");
        after["version"]!.GetValue<long>().Should().Be(version + 3);
        after["timeline"]!.AsArray().Select(t => t!["kind"]!.GetValue<string>()).TakeLast(3).Should().Equal("text_recorded", "text_recorded", "retained");
        (await Given.Get(app.Anonymous(), $"/api/documents/{id}/status"))["version"]!.GetValue<long>().Should().Be(version + 3);
    }

    [Fact]
    public async Task when_an_amended_text_is_recorded_each_date_should_show_the_version_that_applied_then()
    {
        var (id, version, eli) = await Registered("2");
        var first = await Given.Post(app.Clerk(), $"/api/documents/{id}/text", new { version, text = Measures, reason = "据公报登记全文" });
        await Given.Post(app.Clerk(), $"/api/documents/{id}/text", new
        {
            version = first["version"]!.GetValue<long>(), text = Measures.Replace("古树名木保护经费", "古树名木保护经费、绿地认养奖励"), effectiveOn = "2025-03-01",
            reason = "据修改决定登记修改后的文本",
        });

        var before = await app.Anonymous().GetStringAsync($"{eli}/2024-06-01");
        before.Should().Contain("古树名木保护经费。").And.NotContain("绿地认养奖励").And.Contain("版本");
        var after = await app.Anonymous().GetStringAsync($"{eli}/2025-06-01");
        after.Should().Contain("绿地认养奖励").And.Contain("自2025年3月1日起适用的文本");
    }

    [Fact]
    public async Task when_a_text_is_too_long_binary_or_misnumbered_it_should_be_refused_or_warned_and_never_crash()
    {
        var (id, version, _) = await Registered("3");
        var jumps = await Given.Post(app.Clerk(), $"/api/documents/{id}/text", new { version, text = "第一条 甲。\n第五条 乙。\n第三条 丙。", reason = "据公报" });
        jumps["warnings"]!.AsArray().Should().HaveCount(2, "recorded, with the jump and the step back named");
        version = jumps["version"]!.GetValue<long>();

        var tooLong = await app.Clerk().PostAsJsonAsync($"/api/documents/{id}/text", new { version, text = new string('a', 1_000_001), reason = "过长" });
        tooLong.StatusCode.Should().Be(HttpStatusCode.UnprocessableEntity);
        (await Given.Problem(tooLong))["errors"]!["text"]!.ToString().Should().Contain("1,000,000");

        var huge = new StringContent($"{{\"version\":{version},\"text\":\"{new string('a', 10 * 1024 * 1024)}\",\"reason\":\"x\"}}", System.Text.Encoding.UTF8, "application/json");
        (await app.Clerk().PostAsync($"/api/documents/{id}/text", huge)).StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);

        var binary = await app.Clerk().PostAsJsonAsync($"/api/documents/{id}/text", new { version, text = "第一条\u0000\u0001", reason = "二进制" });
        binary.StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var stale = await app.Clerk().PostAsJsonAsync($"/api/documents/{id}/text", new { version = version - 1, text = "第一条 甲。", reason = "过期版本" });
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await Given.Get(app.Anonymous(), $"/api/documents/{id}"))["version"]!.GetValue<long>().Should().Be(version, "nothing refused was stored");
    }

    [Fact]
    public async Task when_a_text_many_times_longer_than_a_read_chunk_is_recorded_its_document_and_its_event_should_read_back_whole()
    {
        // About 60 KB of UTF-8, escapes among it: the register reads each row's JSON whole (see BufferedJsonSerializer), not in 16 KB chunks.
        var (id, version, eli) = await Registered("5");
        var text = string.Join("\n", Enumerable.Range(1, 400).Select(i =>
            $"第{Numeral(i)}条 本条规定第{i}项城市绿化专项资金的使用、管理和监督检查，“养护补贴”按面积核定，\\路径保留。"));
        await Given.Post(app.Clerk(), $"/api/documents/{id}/text", new { version, text, reason = "据公报登记全文" });

        (await app.Anonymous().GetStringAsync($"{eli}/text.txt")).Should().Be(text);
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var events = await session.Events.FetchStreamAsync(id);
        events.Select(e => e.Data).OfType<Domain.Documents.TextRecorded>().Single().Text.Should().Be(text);

        static string Numeral(int n)
        {
            const string digits = "零一二三四五六七八九";
            var (h, t, u) = (n / 100, n / 10 % 10, n % 10);
            var tens = t == 0 ? (h > 0 && u > 0 ? "零" : "") : $"{(h == 0 && t == 1 ? "" : digits[t])}十";
            return $"{(h > 0 ? $"{digits[h]}百" : "")}{tens}{(u > 0 ? digits[u] : "")}";
        }
    }

    [Fact]
    public async Task when_a_text_is_recorded_its_data_forms_should_carry_it_as_plain_text_structured_json_and_akoma_ntoso()
    {
        var (id, version, eli) = await Registered("4");
        await Given.Post(app.Clerk(), $"/api/documents/{id}/text", new { version, text = Measures, reason = "据公报登记全文" });
        var repealed = await Given.Get(app.Anonymous(), $"/api/documents/{id}");
        await Given.Post(app.Reviewer(), $"/api/documents/{id}/repeal",
            new { version = repealed["version"]!.GetValue<long>(), on = "2026-01-01", basis = new { number = "文政发〔2025〕1号" }, reason = "据清理决定" });

        (await app.Anonymous().GetStringAsync($"{eli}/text.txt")).Should().Be(Measures.Replace("\r\n", "\n").Trim('\n'));
        var data = System.Text.Json.Nodes.JsonNode.Parse(await app.Anonymous().GetStringAsync($"{eli}/data.json"))!;
        var parts = data["text"]!["parts"]!.AsArray();
        parts.Select(p => p!["id"]!.GetValue<string>()).Should().Contain(["chp_1", "chp_2"]);
        parts.Single(p => p!["id"]!.GetValue<string>() == "chp_2")!["children"]![0]!["id"]!.GetValue<string>().Should().Be("art_3");

        var response = await app.Anonymous().GetAsync($"{eli}/data.akn.xml");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/akn+xml");
        var akn = System.Xml.Linq.XDocument.Parse(await response.Content.ReadAsStringAsync());
        System.Xml.Linq.XNamespace ns = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0";
        // The structure the LegalDocML schema requires of these elements (the OASIS schema is not shipped here).
        akn.Root!.Name.Should().Be(ns + "akomaNtoso");
        var act = akn.Root.Element(ns + "act")!;
        act.Elements().Select(e => e.Name.LocalName).Should().Equal("meta", "preface", "body");
        var identification = act.Element(ns + "meta")!.Element(ns + "identification")!;
        identification.Elements().Select(e => e.Name.LocalName).Should().Equal("FRBRWork", "FRBRExpression", "FRBRManifestation");
        foreach (var level in identification.Elements())
            level.Elements().Select(e => e.Name.LocalName).Should().StartWith(["FRBRthis", "FRBRuri", "FRBRdate", "FRBRauthor"], level.Name.LocalName);
        Uri.UnescapeDataString(identification.Element(ns + "FRBRWork")!.Element(ns + "FRBRthis")!.Attribute("value")!.Value).Should().EndWith(Uri.UnescapeDataString(eli));
        var events = act.Element(ns + "meta")!.Element(ns + "lifecycle")!.Elements(ns + "eventRef").ToList();
        events.Select(e => e.Attribute("type")!.Value).Should().Contain(["generation", "repeal"]);
        events.Should().OnlyContain(e => e.Attribute("eId") != null && e.Attribute("date") != null && e.Attribute("source") != null);
        var body = act.Element(ns + "body")!;
        var article = body.Descendants(ns + "article").Single(a => a.Attribute("eId")!.Value == "art_3");
        article.Element(ns + "num")!.Value.Should().Be("第三条");
        article.Descendants(ns + "point").Select(p => p.Attribute("eId")!.Value).Should().Equal("art_3__para_1__item_1", "art_3__para_1__item_2");
        body.Descendants(ns + "article").Should().OnlyContain(a => a.Element(ns + "num") != null && (a.Element(ns + "content") != null || a.Elements(ns + "paragraph").Any()));
        body.Descendants().Where(e => e.Attribute("eId") != null).Select(e => e.Attribute("eId")!.Value).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task when_words_are_searched_inside_the_texts_the_document_should_be_found_with_a_snippet_and_its_article()
    {
        var (id, version, eli) = await Registered("5");
        await Given.Post(app.Clerk(), $"/api/documents/{id}/text", new { version, text = Measures.Replace("古树名木", "古树名木和珍稀苗圃"), reason = "据公报登记全文" });
        var jurisdiction = eli.Split('/')[2];

        var found = await Given.Get(app.Anonymous(), $"/api/documents?in=text&q={Uri.EscapeDataString("珍稀苗圃")}&jurisdiction={jurisdiction}");
        found["total"]!.GetValue<long>().Should().Be(1);
        var match = found["items"]![0]!["match"]!;
        match["part"]!.GetValue<string>().Should().Be("art_3");
        match["partLabel"]!.GetValue<string>().Should().Be("第三条");
        var snippet = match["snippet"]!.GetValue<string>();
        snippet.Substring(match["start"]!.GetValue<int>(), match["length"]!.GetValue<int>()).Should().Be("珍稀苗圃");
        (await Given.Get(app.Anonymous(), $"/api/documents?q={Uri.EscapeDataString("珍稀苗圃")}&jurisdiction={jurisdiction}"))["total"]!.GetValue<long>()
            .Should().Be(0, "the title does not hold the words");
        (await Given.Get(app.Anonymous(), $"/api/documents?in=text&q={Uri.EscapeDataString("苗圃 养护")}&jurisdiction={jurisdiction}"))["total"]!.GetValue<long>()
            .Should().Be(1, "two words, each of two characters");
        (await app.Anonymous().GetAsync("/api/documents?in=text")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await app.Anonymous().GetAsync("/api/documents?in=body&q=x")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var page = await app.Anonymous().GetStringAsync($"/?in=text&q={Uri.EscapeDataString("珍稀苗圃")}");
        page.Should().Contain("<mark>珍稀苗圃</mark>").And.Contain("#art_3\"").And.Contain("第三条：");
    }

    [Fact]
    public async Task when_a_clerk_uploads_a_text_in_the_workspace_it_should_be_recorded_with_the_structure_s_doubts_shown()
    {
        var (id, version, eli) = await Registered("4");
        var clerk = StaffClient.Browser(app);
        await StaffClient.SignIn(clerk, RegisterApp.StaffClerk.User, RegisterApp.StaffClerk.Password);
        var form = await clerk.GetStringAsync($"/staff/documents/{id}/text");
        form.Should().Contain("登记全文").And.Contain("name=\"file\"");

        // Numbering that jumps back (第三条 after 第五条) is recorded, with the doubt shown beside what was found.
        var jumping = Measures.Replace("第四条 本办法自", "第五条 本办法自") + "\n第三条 附则。";
        var upload = new MultipartFormDataContent
        {
            { new StringContent(StaffClient.Token(form)), "__RequestVerificationToken" },
            { new StringContent(version.ToString()), "version" },
            { new ByteArrayContent([0xEF, 0xBB, 0xBF, .. System.Text.Encoding.UTF8.GetBytes(jumping)]), "file", "text.txt" },
            { new StringContent("某某县人民政府公报"), "gazette" }, { new StringContent("7"), "page" },
            { new StringContent("据公报登记全文"), "reason" },
        };
        var response = await clerk.PostAsync($"/staff/documents/{id}/text", upload);
        var shown = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.OK, shown);
        shown.Should().Contain("已登记全文第1版：识别出5条").And.Contain("结构提示");
        var page = await app.Anonymous().GetStringAsync(eli);
        page.Should().Contain("<a href=\"#art_3\">第三条</a>").And.Contain("据某某县人民政府公报第7页");

        // A file that is not UTF-8 (GBK) is refused and changes nothing; so is an empty text.
        var gbk = new MultipartFormDataContent
        {
            { new StringContent(StaffClient.Token(shown)), "__RequestVerificationToken" }, { new StringContent((version + 1).ToString()), "version" },
            { new ByteArrayContent([0xB5, 0xDA, 0xD2, 0xBB, 0xCC, 0xF5]), "file", "gbk.txt" }, { new StringContent("据公报登记全文"), "reason" },
        };
        var refused = await clerk.PostAsync($"/staff/documents/{id}/text", gbk);
        refused.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).Should().Contain("不是 UTF-8 编码");
        var empty = await clerk.PostAsync($"/staff/documents/{id}/text", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffClient.Token(shown), ["version"] = (version + 1).ToString(), ["text"] = " ", ["reason"] = "据公报登记全文",
        }));
        empty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await empty.Content.ReadAsStringAsync()).Should().Contain("href=\"#text\"", "the error summary links to the text field");
        (await Given.Get(app.Anonymous(), $"/api/documents/{id}"))["version"]!.GetValue<long>().Should().Be(version + 1);
    }

    [Fact]
    public async Task when_texts_are_searched_through_the_bigram_index_the_answer_should_equal_a_plain_scan_of_the_texts()
    {
        // Twelve texts from a small vocabulary: every query's documents are known by scanning the texts here.
        var jurisdiction = Given.Jurisdiction();
        string[] vocabulary = ["资金", "补贴", "航班保证金", "古树名木", "绿地", "考核", "PM2.5监测", "税", "养护", "公示"];
        var random = new Random(5);
        var texts = new Dictionary<Guid, string>();
        for (var i = 1; i <= 12; i++)
        {
            var words = vocabulary.Where(_ => random.Next(3) == 0).ToList();
            // Every third text holds each key of 航班保证金 (航班, 班保, 保证, 证金) without the word: a candidate its text must refuse.
            var decoy = i % 3 == 0 ? "\n第四条 航班保，保证金另行规定。" : "";
            var text = $"第一条 为规范管理，制定本办法。\n第二条 {string.Join("，", words)}按规定执行。{decoy}\n第三条 本办法自印发之日起施行。";
            var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, $"扫政规发〔2024〕{i}号", $"扫描对照测试办法{i}", $"2024-01-{i:00}"));
            await Given.Post(app.Clerk(), $"/api/documents/{id}/text", new { version, text, reason = "据公报登记全文" });
            texts[id] = text;
        }
        // One, two and five characters, a word split across two bigram keys, Latin in another case, two words, none.
        foreach (var q in new[] { "税", "资金", "航班保证金", "古树", "pm2.5监测", "补贴 考核", "绿地 公示 养护", "不存在的词", "本办法" })
        {
            var expected = texts.Where(t => TextSearch.Words(q).All(w => t.Value.Contains(w, StringComparison.OrdinalIgnoreCase))).Select(t => t.Key).ToHashSet();
            var found = await Given.Get(app.Anonymous(), $"/api/documents?in=text&q={Uri.EscapeDataString(q)}&jurisdiction={jurisdiction}&pageSize=50");
            found["items"]!.AsArray().Select(i => Guid.Parse(i!["id"]!.GetValue<string>())).Should().BeEquivalentTo(expected, q);
            found["total"]!.GetValue<long>().Should().Be(expected.Count, q);
            // Newest first: signing dates never increase down the page.
            found["items"]!.AsArray().Select(i => i!["signedOn"]!.GetValue<string>()).Should().BeInDescendingOrder(q);

            // The way a common word takes (a walk down the signing-date index, the count apart) gives the same answer.
            await using var session = app.Services.GetRequiredService<Marten.IDocumentStore>().QuerySession();
            var inJurisdiction = session.Query<Domain.Documents.Document>().Where(d => d.Jurisdiction == jurisdiction);
            // The API took the jurisdiction's way with few candidates (ordered by a query). The same with many (met on a
            // walk of the jurisdiction's index), with filters the rows must answer, and, when there are too many
            // candidates to read whole, the planner's join naming those within the filters: all exact, in the same order.
            var shown = found["items"]!.AsArray().Select(i => Guid.Parse(i!["id"]!.GetValue<string>())).ToList();
            foreach (var (way, other) in new[]
            {
                ("met on the jurisdiction's walk", await TextSearch.Find(session, [jurisdiction], null, q, 0, 50, default, walkAbove: 0, common: false)),
                ("filters, ordered by a query", await TextSearch.Find(session, null, inJurisdiction, q, 0, 50, default, walkAbove: 0, common: false)),
                ("filters, the planner's join", await TextSearch.Find(session, null, inJurisdiction, q, 0, 50, default, common: false, gather: 0)),
            })
            {
                other.Items.Select(i => i.Document.Id).Should().Equal(shown, $"{q}, {way}");
                other.Total.Should().Be(expected.Count, $"{q}, {way}");
            }
            // More than that: the page walks the signing-date index checking keys.
            var walked = await TextSearch.Find(session, null, inJurisdiction, q, 0, 50, default, walkAbove: 0, common: false, gather: 0);
            walked.Items.Select(i => i.Document.Id).Should().BeEquivalentTo(expected, q).And.BeEquivalentTo(
                found["items"]!.AsArray().Select(i => Guid.Parse(i!["id"]!.GetValue<string>())), o => o.WithStrictOrdering(), q);
            // Walking, only the first candidates are counted: the total is then "at least", never more than there are.
            walked.Total.Should().BeLessThanOrEqualTo(expected.Count, q);
            (walked.TotalCapped || walked.Total == expected.Count).Should().BeTrue(q);
            // The way of a word in most texts (a walk that counts as it goes, to the end of a small register): exact.
            var counting = await TextSearch.Find(session, null, inJurisdiction, q, 0, 50, default, common: true);
            counting.Items.Select(i => i.Document.Id).Should().BeEquivalentTo(expected, q);
            counting.Total.Should().Be(expected.Count, q);
            counting.TotalCapped.Should().BeFalse(q);

            // The whole register (no filter: counted on the texts alone), both ways, against a scan of every text.
            var everyText = await session.Query<DocumentText>().ToListAsync();
            var everywhere = everyText.Where(t => TextSearch.Words(q).All(w => t.Text.Contains(w, StringComparison.OrdinalIgnoreCase))).Select(t => t.DocumentId).ToHashSet();
            // Candidates ordered by a query, met by a walk of the index, too many to read whole, a common word's walk.
            foreach (var (walkAbove, gather, common) in new[] { (TextSearch.WalkAbove, TextSearch.Gather, false), (0, TextSearch.Gather, false), (TextSearch.WalkAbove, 0, false), (TextSearch.WalkAbove, TextSearch.Gather, true) })
            {
                var way = $"{q}, walk above {walkAbove}, gather {gather}, common {common}";
                var whole = await TextSearch.Find(session, null, null, q, 0, 200, default, walkAbove, common, gather);
                if (gather > 0) whole.Total.Should().Be(Math.Min(everywhere.Count, TextSearch.CountCap), way);
                else whole.Total.Should().BeLessThanOrEqualTo(everywhere.Count, way);
                whole.Items.Select(i => i.Document.Id).Should().BeEquivalentTo(everywhere.Take(200), way);
                whole.Items.Select(i => i.Document.SignedOn).Should().BeInDescendingOrder(way);
            }
        }
    }

    [Fact]
    public async Task when_the_planner_would_scan_the_texts_the_candidates_should_still_come_from_the_index()
    {
        // With sequential scans priced as free, a plain query of the keys scans the table (every text's keys read out of
        // line); under the setting the search's function carries, the same query goes through the index.
        var (id, version, _) = await Registered("6");
        await Given.Post(app.Clerk(), $"/api/documents/{id}/text", new { version, text = Measures.Replace("古树名木", "古树名木和胡杨林"), reason = "据公报登记全文" });
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var texts = TextSearch.TableName(store);
        await using var conn = new Npgsql.NpgsqlConnection(app.ConnectionString);
        await conn.OpenAsync();
        await using (var cheap = new Npgsql.NpgsqlCommand("set seq_page_cost = 0; set cpu_tuple_cost = 0; set cpu_operator_cost = 0", conn)) await cheap.ExecuteNonQueryAsync();
        async Task<string> Plan(string sql)
        {
            await using var explain = new Npgsql.NpgsqlCommand("explain (analyze, format text) " + sql, conn);
            explain.Parameters.Add(new() { Value = Domain.Texts.SearchKeys.OfWords(["胡杨林"]) });
            explain.Parameters.Add(new() { Value = 1000 });
            var lines = new List<string>();
            await using var reader = await explain.ExecuteReaderAsync();
            while (await reader.ReadAsync()) lines.Add(reader.GetString(0));
            return string.Join("\n", lines);
        }
        (await Plan(TextSearch.CandidatesSql(texts.QualifiedName))).Should().Contain("Seq Scan", "the planner, left alone, prices the scan of the table below the index");
        await using (var set = new Npgsql.NpgsqlCommand("set " + TextSearch.CandidatesSetting, conn)) await set.ExecuteNonQueryAsync();
        (await Plan(TextSearch.CandidatesSql(texts.QualifiedName))).Should().Contain("Bitmap Index Scan").And.NotContain("Seq Scan");
        await using (var reset = new Npgsql.NpgsqlCommand("reset enable_seqscan", conn)) await reset.ExecuteNonQueryAsync();
        // The function carries that setting (for its call alone) and finds the text.
        await using var call = new Npgsql.NpgsqlCommand($"select c from {texts.Schema}.{TextSearch.CandidatesFunction}($1, $2) c", conn);
        call.Parameters.Add(new() { Value = Domain.Texts.SearchKeys.OfWords(["胡杨林"]) });
        call.Parameters.Add(new() { Value = 1000 });
        var found = new List<Guid>();
        await using (var reader = await call.ExecuteReaderAsync()) while (await reader.ReadAsync()) found.Add(reader.GetGuid(0));
        found.Should().Contain(id);
        await using var setting = new Npgsql.NpgsqlCommand("select array_to_string(proconfig, ',') from pg_proc where proname = $1 and pronamespace = $2::regnamespace", conn);
        setting.Parameters.Add(new() { Value = TextSearch.CandidatesFunction });
        setting.Parameters.Add(new() { Value = texts.Schema });
        ((string?)await setting.ExecuteScalarAsync()).Should().Be(TextSearch.CandidatesSetting.Replace(" ", ""));
    }

    [Fact]
    public async Task when_texts_stored_before_the_index_keys_existed_the_register_starts_they_should_be_keyed_and_found()
    {
        var (id, version, _) = await Registered("5");
        await Given.Post(app.Clerk(), $"/api/documents/{id}/text", new { version, text = Measures.Replace("古树名木", "古树名木和沙枣林带"), reason = "据公报登记全文" });
        var store = app.Services.GetRequiredService<IDocumentStore>();
        var table = TextSearch.TableName(store).QualifiedName;
        await using (var conn = new Npgsql.NpgsqlConnection(app.ConnectionString))
        {
            await conn.OpenAsync();
            // As a register of the previous version left it: the text without keys.
            await using var cmd = new Npgsql.NpgsqlCommand($"update {table} set search_keys = null where document_id = '{id}'", conn);
            (await cmd.ExecuteNonQueryAsync()).Should().Be(1);
        }
        (await Given.Get(app.Anonymous(), $"/api/documents?in=text&q={Uri.EscapeDataString("沙枣林带")}"))["total"]!.GetValue<long>().Should().Be(0, "a text without keys is not found");

        await Infrastructure.RegisterSchema.ApplyStoreAsync(store);

        var found = await Given.Get(app.Anonymous(), $"/api/documents?in=text&q={Uri.EscapeDataString("沙枣林带")}");
        found["total"]!.GetValue<long>().Should().Be(1);
        found["items"]![0]!["id"]!.GetValue<string>().Should().Be(id.ToString());
        (await Given.Get(app.Anonymous(), $"/api/documents/{id}"))["version"]!.GetValue<long>().Should().Be(version + 1, "keying a text writes no event");
    }

    [Fact]
    public async Task when_the_document_changed_after_the_text_form_was_opened_the_form_should_say_so_and_write_nothing()
    {
        var (id, version, _) = await Registered("6");
        var clerk = StaffClient.Browser(app);
        await StaffClient.SignIn(clerk, RegisterApp.StaffClerk.User, RegisterApp.StaffClerk.Password);
        var form = await clerk.GetStringAsync($"/staff/documents/{id}/text");
        await Given.Post(app.Clerk(), $"/api/documents/{id}/text", new { version, text = Measures, reason = "据公报登记全文" });
        var stale = await clerk.PostAsync($"/staff/documents/{id}/text", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = StaffClient.Token(form), ["version"] = version.ToString(), ["text"] = Measures + "\n第五条 附则。", ["reason"] = "据公报登记全文",
        }));
        stale.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await stale.Content.ReadAsStringAsync()).Should().Contain("已被他人修改");
        (await Given.Get(app.Anonymous(), $"/api/documents/{id}"))["version"]!.GetValue<long>().Should().Be(version + 1);
    }
}
