using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Testing;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Site;

/// <summary>ELI-style permanent URIs: built from the division and the number, old addresses redirect, each answers HTML, JSON or CSV.</summary>
[Collection(RegisterCollection.Name)]
public class PermanentUriTests(RegisterApp app)
{
    private HttpClient NoRedirects() => app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    private static HttpRequestMessage Get(string url, string accept)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd(accept);
        return request;
    }

    [Fact]
    public async Task when_a_document_has_a_dated_number_its_permanent_uri_should_answer_and_old_addresses_should_redirect_to_it()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "永政规发〔2024〕07号", "某某县永久链接测试办法", "2024-01-16",
            effective: new { on = "2024-02-17" }));
        var eli = $"/eli/{jurisdiction}/2024/{Uri.EscapeDataString("永政规发")}/7";

        var byId = await NoRedirects().GetAsync($"/documents/{id}?on=2024-02-01");
        byId.StatusCode.Should().Be(HttpStatusCode.MovedPermanently);
        byId.Headers.Location!.OriginalString.Should().Be($"{eli}?on=2024-02-01", "the query (the date asked about) is kept");
        var old = await NoRedirects().GetAsync($"/documents/{jurisdiction}/2024/{Uri.EscapeDataString("永政规发")}/07");
        old.StatusCode.Should().Be(HttpStatusCode.MovedPermanently);
        old.Headers.Location!.OriginalString.Should().Be(eli, "01号 and 1号 are one number: the serial is written without leading zeros");

        var page = await app.Anonymous().GetStringAsync(eli);
        page.Should().Contain("某某县永久链接测试办法").And.Contain("<link rel=\"canonical\" href=\"http")
            .And.Contain($"<link rel=\"alternate\" type=\"application/json\" href=\"{eli}/data.json\"")
            .And.Contain($"<link rel=\"alternate\" type=\"text/csv\" href=\"{eli}/data.csv\"");

        // The document as it stood on a date: its own URI.
        var before = await app.Anonymous().GetStringAsync($"{eli}/2024-02-01");
        before.Should().Contain("尚未生效");

        var data = JsonNode.Parse(await app.Anonymous().GetStringAsync($"{eli}/data.json"))!;
        data["id"]!.GetValue<Guid>().Should().Be(id);
        data["uri"]!.GetValue<string>().Should().EndWith(eli);
        data["status"]!["status"]!.GetValue<string>().Should().Be("in_force");
        var onDate = JsonNode.Parse(await (await app.Anonymous().SendAsync(Get($"{eli}/2024-02-01", "application/json"))).Content.ReadAsStringAsync())!;
        onDate["status"]!["status"]!.GetValue<string>().Should().Be("not_yet_effective");

        var csv = await app.Anonymous().GetStringAsync($"{eli}/data.csv");
        var lines = csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines.Should().HaveCount(2, "a header and one record, separated by CRLF");
        lines[0].Should().EndWith("\"uri\"");
        lines[1].Should().Contain("永政规发〔2024〕07号").And.EndWith($"{eli}\"");

        // The search API and the open data carry the same URI.
        var found = await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={jurisdiction}");
        found["items"]![0]!["uri"]!.GetValue<string>().Should().EndWith(eli);
    }

    [Fact]
    public async Task when_a_client_asks_for_a_representation_the_uri_should_negotiate_it_or_answer_406()
    {
        var jurisdiction = Given.Jurisdiction();
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "协政规发〔2023〕3号", "某某县内容协商测试办法", "2023-01-16", effective: new { on = "2023-02-01" }));
        var eli = $"/eli/{jurisdiction}/2023/{Uri.EscapeDataString("协政规发")}/3";
        var client = app.Anonymous();

        foreach (var (accept, type) in new[]
        {
            ("text/html,application/xhtml+xml,*/*;q=0.8", "text/html"), ("application/json", "application/json"), ("text/csv", "text/csv"),
            ("*/*", "text/html"), ("application/json;q=0.5, text/csv", "text/csv"),
        })
        {
            var response = await client.SendAsync(Get(eli, accept));
            response.StatusCode.Should().Be(HttpStatusCode.OK, accept);
            response.Content.Headers.ContentType!.MediaType.Should().Be(type, accept);
            response.Headers.Vary.Should().Contain("Accept", accept);
        }
        var refused = await client.SendAsync(Get(eli, "image/png"));
        refused.StatusCode.Should().Be(HttpStatusCode.NotAcceptable);
        refused.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");

        var missing = await client.SendAsync(Get($"/eli/{jurisdiction}/2023/{Uri.EscapeDataString("协政规发")}/999", "application/json"));
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        missing.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        (await client.GetAsync($"{eli}/not-a-date")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task when_a_decision_is_applied_its_permanent_uri_should_show_its_annex_and_its_id_and_number_should_redirect_there()
    {
        var jurisdiction = Given.Jurisdiction();
        var applied = await Given.Post(app.Reviewer(), "/api/decisions", ZhongweiDecisions.Load("卫政规发〔2023〕2号", jurisdiction));
        var decisionId = applied["decisionId"]?.GetValue<Guid>() ?? applied["id"]!.GetValue<Guid>();
        var eli = $"/eli/{jurisdiction}/2023/{Uri.EscapeDataString("卫政规发")}/2";

        var byId = await NoRedirects().GetAsync($"/decisions/{decisionId}");
        byId.StatusCode.Should().Be(HttpStatusCode.MovedPermanently);
        byId.Headers.Location!.OriginalString.Should().Be(eli);
        var page = await app.Anonymous().GetStringAsync(eli);
        page.Should().Contain("id=\"annex\"").And.Contain("决定的目录");
        var rows = ZhongweiDecisions.Items(ZhongweiDecisions.Load("卫政规发〔2023〕2号", jurisdiction)).ToList();
        foreach (var (number, _) in rows.Where(r => r.Number.Length > 0).Take(5)) page.Should().Contain(number);
        // Its metadata says which documents it changes.
        var ld = JsonNode.Parse(System.Text.RegularExpressions.Regex.Match(page, @"<script type=""application/ld\+json"">(.*?)</script>", System.Text.RegularExpressions.RegexOptions.Singleline).Groups[1].Value)!;
        ld["legislationChanges"]!.AsArray().Select(c => c!["legislationIdentifier"]!.GetValue<string>()).Should().Contain(rows.First(r => r.Number.Length > 0).Number);

        // Another jurisdiction may hold the same number: /decisions/{number} goes to the decision when it is the only one.
        var byNumber = await NoRedirects().GetAsync($"/decisions/{Uri.EscapeDataString("卫政规发〔2023〕2号")}");
        byNumber.StatusCode.Should().BeOneOf(HttpStatusCode.MovedPermanently, HttpStatusCode.NotFound);
        if (byNumber.StatusCode == HttpStatusCode.MovedPermanently) byNumber.Headers.Location!.OriginalString.Should().StartWith("/eli/");
    }

    [Fact]
    public async Task when_open_data_is_read_as_csv_every_record_should_end_in_crlf_and_carry_its_permanent_uri()
    {
        var jurisdiction = Given.Jurisdiction();
        await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "表政规发〔2022〕5号", "某某县“表格”，测试办法", "2022-01-16", effective: new { on = "2022-02-01" }));
        var eli = $"/eli/{jurisdiction}/2022/{Uri.EscapeDataString("表政规发")}/5";
        foreach (var url in new[] { "/data/register.csv", $"/publish/catalogue?jurisdiction={jurisdiction}&on=2024-01-01&format=csv" })
        {
            var text = (await app.Anonymous().GetStringAsync(url)).TrimStart('\uFEFF');
            text.Replace("\r\n", "").Should().NotContain("\n", $"{url}: RFC 4180 separates records by CRLF");
            var records = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
            (records[0].Contains("\"uri\"") || records[0].Contains("\"固定链接\"")).Should().BeTrue(url);
            records.Should().Contain(r => r.Contains("测试办法") && r.Contains(eli), url);
        }
    }
}

/// <summary>The open data file keeps to its published JSON Schema.</summary>
[Collection(RegisterCollection.Name)]
public class OpenDataSchemaTests(RegisterApp app)
{
    [Fact]
    public async Task when_the_open_data_is_read_it_should_validate_against_its_published_schema()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "模政规发〔2021〕2号", "某某县开放数据模式测试办法", "2021-01-16", effective: new { on = "2021-02-01" }));
        await Given.Post(app.Reviewer(), $"/api/documents/{id}/repeal", new { version, on = "2024-07-01", basis = new { number = "模政发〔2024〕1号" }, reason = "据清理决定" });

        var schemaResponse = await app.Anonymous().GetAsync("/data/register.schema.json");
        schemaResponse.Content.Headers.ContentType!.MediaType.Should().Be("application/schema+json");
        var schema = await NJsonSchema.JsonSchema.FromJsonAsync(await schemaResponse.Content.ReadAsStringAsync());
        var data = await app.Anonymous().GetStringAsync("/data/register.json");
        var errors = schema.Validate(data);
        errors.Should().BeEmpty(string.Join("; ", errors.Take(5).Select(e => $"{e.Path}: {e.Kind}")));
        data.Contains("某某县开放数据模式测试办法").Should().BeTrue("the file is UTF-8 Chinese, not \\u escapes");

        // The checker is live: a record without its permanent URI is refused.
        schema.Validate("""{"on":"2024-01-01","documents":[{"id":"00000000-0000-0000-0000-000000000000"}]}""").Should().NotBeEmpty();
    }
}
