using System.Net;
using System.Text;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Reliability;

/// <summary>Every write endpoint, given malformed JSON, wrong types, odd Unicode or a huge body: 4xx with ProblemDetails, never 500.</summary>
[Collection(RegisterCollection.Name)]
public class BadInputTests(RegisterApp app)
{
    private static readonly string[] Bodies =
    [
        "{not json",
        "[]",
        "null",
        "\"a string\"",
        """{"version":"abc","on":"2024-13-40","basis":{"number":12}}""",
        """{"version":1e400,"on":true}""",
        """{"number":"\ud800\udfff卫政发〔2019〕1号","title":"\u202e\u0000","issuers":[null],"jurisdiction":{},"kind":"nonsense","reason":"x"}""",
        """{"number":"卫政发〔2019〕1号💣","title":"标题","issuers":["中卫市人民政府"],"jurisdiction":"中卫市","kind":"normative","signedOn":"２０２４-０１-１６","reason":"x"}""",
        """{"items":[{"action":"explode","seq":-1,"title":null}],"number":"x","reason":"x"}""",
        """{"version":9223372036854775807,"on":"2024-01-01","basis":{"number":"卫政发〔2019〕1号"},"reason":"x"}""",
    ];

    private async Task<IReadOnlyList<string>> Paths()
    {
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(Given.Jurisdiction(), "卫政发〔2021〕77号", "关于输入测试的通知", "2021-01-01", new { on = "2021-02-01" }));
        return
        [
            "/api/documents", "/api/decisions", "/api/decisions/preview", "/api/templates/preview",
            .. new[] { "repeal", "declare-invalid", "retention", "amendment-order", "amendment", "replacement", "publication", "effective", "term", "term/resolution", "term/extension", "correction" }
                .Select(p => $"/api/documents/{id}/{p}"),
        ];
    }

    [Fact]
    public async Task when_write_endpoints_get_malformed_bodies_they_should_answer_4xx_problems_and_never_500()
    {
        var client = app.Reviewer();
        foreach (var path in await Paths())
        {
            foreach (var body in Bodies)
            {
                var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));
                var status = (int)response.StatusCode;
                status.Should().BeInRange(400, 499, $"{path} with {body}: {await response.Content.ReadAsStringAsync()}");
                response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json", $"{path} with {body}");
            }
        }
    }

    [Fact]
    public async Task when_a_body_is_over_the_limit_the_answer_should_be_413()
    {
        var huge = "{\"title\":\"" + new string('长', 3 * 1024 * 1024) + "\"}";
        var response = await app.Reviewer().PostAsync("/api/documents", new StringContent(huge, Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await Given.Problem(response))["status"]!.GetValue<int>().Should().Be(413);
    }

    [Fact]
    public async Task when_read_endpoints_get_odd_query_values_they_should_answer_400_not_500()
    {
        foreach (var url in new[]
        {
            "/api/documents?page=-1", "/api/documents?pageSize=100000", "/api/documents?status=valid", "/api/documents?year=abc", "/api/documents?number=%F0%9F%92%A3",
            $"/api/documents/{Guid.NewGuid()}/status?on=yesterday", "/api/decisions/%E2%80%AE", "/publish/catalogue?jurisdiction=x&on=2024-02-30",
            "/publish/changes?jurisdiction=x&from=x", "/api/documents?q=" + new string('字', 200),
        })
        {
            var response = await app.Anonymous().GetAsync(url);
            ((int)response.StatusCode).Should().BeOneOf([400, 404], url);
        }
    }
}
