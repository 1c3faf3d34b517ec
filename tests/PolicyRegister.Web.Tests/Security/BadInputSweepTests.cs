using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using PolicyRegister.Web.Tests.Fixtures;
using Xunit.Abstractions;

namespace PolicyRegister.Web.Tests.Security;

/// <summary>
/// Every write endpoint, every field of a valid body replaced by each hostile value: null, a wrong type, a text far
/// too long, control characters, a NUL, a huge list. Every answer must be a 4xx (or a success where the field is
/// optional and the value harmless); none may be 5xx. The figure goes to the test output.
/// </summary>
[Collection(RegisterCollection.Name)]
public class BadInputSweepTests(RegisterApp app, ITestOutputHelper output)
{
    private static readonly JsonNode?[] Hostile =
    [
        null,
        JsonValue.Create(12345),
        JsonValue.Create(new string('长', 100_000)),
        JsonValue.Create("控制\u0001字符\u001f"),
        JsonValue.Create("空\u0000字符"),
        new JsonArray([.. Enumerable.Range(0, 10_000).Select(i => (JsonNode?)JsonValue.Create($"项{i}"))]),
        new JsonObject { ["nested"] = new JsonObject { ["deeper"] = "x" } },
    ];

    private async Task<IReadOnlyList<(string Path, JsonObject Body)>> Endpoints()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政发〔2021〕88号", "关于扫描测试的通知", "2021-01-01", new { on = "2021-02-01" }));
        JsonObject Fact(object body) => JsonSerializerNode(body);
        var basis = new { number = "卫政规发〔2022〕1号" };
        return
        [
            ("/api/documents", Fact(Given.Document(jurisdiction, "卫政发〔2021〕89号", "扫描", "2021-01-01", new { on = "2021-02-01" }, new { on = "2025-01-01" }))),
            ("/api/decisions/preview", Fact(new { number = "测规发〔2022〕3号", title = "决定", issuers = new[] { "机关" }, jurisdiction, signedOn = "2022-01-01",
                items = new[] { new { action = "repeal", seq = 1, title = "关于扫描测试的通知", number = "卫政发〔2021〕88号" } }, reason = "r" })),
            ($"/api/documents/{id}/repeal", Fact(new { version, on = "2022-01-01", basis, note = "n", reason = "r" })),
            ($"/api/documents/{id}/declare-invalid", Fact(new { version, on = "2022-01-01", basis, reason = "r" })),
            ($"/api/documents/{id}/retention", Fact(new { version, on = "2022-01-01", basis, reason = "r" })),
            ($"/api/documents/{id}/effective", Fact(new { version, effective = new { on = "2021-03-01" }, reason = "r" })),
            ($"/api/documents/{id}/term", Fact(new { version, expires = new { on = "2026-01-01" }, reason = "r" })),
            ($"/api/documents/{id}/publication", Fact(new { version, publication = new { on = "2021-01-05", gazette = "公报", issue = "1" }, reason = "r" })),
            ($"/api/documents/{id}/correction", Fact(new { version, field = "title", newValue = "新标题", note = "n", reason = "r" })),
            ("/api/templates/preview", Fact(new { output = "certificate", format = "txt", documentId = id, on = "2022-01-01" })),
            ($"/api/documents/{id}/repeal", Fact(new { version, on = "2022-01-01", basis, verb = "停止执行", scope = new { articles = new[] { "第五条" } }, reason = "r" })),
            ($"/api/documents/{id}/status-checks", Fact(new { version, checkedUpTo = "2022-01-01", against = "gazette", reference = "公报2022年第1期", reason = "r" })),
            ($"/api/documents/{id}/claims", Fact(new { version, source = "门户网站", status = "not_in_force", claimedOn = "2022-01-01", url = "https://example.gov.cn/a", reason = "r" })),
            ($"/api/documents/{id}/proposals", Fact(new { kind = "repeal", on = "2022-01-01", basis, verb = "废止", reason = "r" })),
            ("/api/decisions/drafts", Fact(new { number = "测规发〔2022〕4号", title = "决定", issuers = new[] { "机关" }, jurisdiction, signedOn = "2022-01-01",
                items = new[] { new { action = "repeal", seq = 1, title = "关于扫描测试的通知", number = "卫政发〔2021〕88号" } }, reason = "r" })),
            ($"/api/jurisdictions/{jurisdiction}/status-checks", Fact(new { checkedUpTo = "2022-01-01", against = "cleanup", reference = "清理", reason = "r" })),
        ];
    }

    private static JsonObject JsonSerializerNode(object body) => System.Text.Json.JsonSerializer.SerializeToNode(body)!.AsObject();

    [Fact]
    public async Task when_every_field_of_every_write_gets_every_hostile_value_no_answer_should_be_a_server_error()
    {
        var statuses = new Dictionary<int, int>();
        var failures = new List<string>();
        var cases = 0;
        foreach (var (path, valid) in await Endpoints())
        {
            foreach (var field in valid.Select(p => p.Key).ToList())
            {
                foreach (var value in Hostile)
                {
                    var body = valid.DeepClone().AsObject();
                    body[field] = value?.DeepClone();
                    // Lifecycle writes carry a version: a 409 for a stale one is as fine an answer as a 400.
                    var response = await app.Reviewer().PostAsync(path, new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"));
                    var status = (int)response.StatusCode;
                    statuses[status] = statuses.GetValueOrDefault(status) + 1;
                    cases++;
                    if (status >= 500) failures.Add($"{path} {field}={Describe(value)}: {status} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }
        output.WriteLine($"{cases} cases, {failures.Count} × 5xx; by status: {string.Join(", ", statuses.OrderBy(s => s.Key).Select(s => $"{s.Key} × {s.Value}"))}");
        failures.Should().BeEmpty();
    }

    private static string Describe(JsonNode? value) => value switch
    {
        null => "null",
        JsonArray a => $"[{a.Count} items]",
        _ => value.ToJsonString() is var s && s.Length > 20 ? s[..20] + "…" : value.ToJsonString(),
    };
}
