using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Site;

/// <summary>The live OpenAPI document describes the API as it behaves: typed answers, statuses, security, ids, tags, required fields.</summary>
[Collection(RegisterCollection.Name)]
public partial class ContractTests(RegisterApp app)
{
    [GeneratedRegex("^[a-z]+[A-Z][A-Za-z]*$")]
    private static partial Regex VerbNoun();

    private async Task<JsonNode> Contract() => JsonNode.Parse(await app.Anonymous().GetStringAsync("/api/openapi/v1.json"))!;

    private static IEnumerable<(string Method, string Path, JsonNode Operation)> Operations(JsonNode contract) =>
        contract["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(m => (m.Key.ToUpperInvariant(), p.Key, m.Value!)));

    [Fact]
    public async Task when_a_client_reads_the_contract_every_operation_should_name_its_answer_statuses_and_rights()
    {
        var contract = await Contract();
        var operations = Operations(contract).ToList();
        operations.Should().HaveCountGreaterThan(50);
        var tags = contract["tags"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()).ToHashSet();
        tags.Should().BeEquivalentTo(["documents", "decisions", "drafts", "proposals", "jurisdictions", "oversight", "open-data"]);
        contract["components"]!["securitySchemes"]!["bearer"]!["scheme"]!.GetValue<string>().Should().Be("bearer");
        contract["components"]!["schemas"]!.AsObject().ContainsKey("IResult").Should().BeFalse("no answer is an untyped IResult");

        var ids = new HashSet<string>();
        foreach (var (method, path, op) in operations)
        {
            var name = $"{method} {path}";
            var id = op["operationId"]!.GetValue<string>();
            VerbNoun().IsMatch(id).Should().BeTrue($"{name}: operationId '{id}' is verbNoun");
            ids.Add(id).Should().BeTrue($"{name}: operationId '{id}' is unique");
            op["tags"]!.AsArray().Select(t => t!.GetValue<string>()).Should().ContainSingle().Which.Should().BeOneOf(tags, name);
            var responses = op["responses"]!.AsObject();
            var success = responses.Where(r => r.Key.StartsWith('2')).ToList();
            success.Should().NotBeEmpty(name);
            if (method == "GET") responses.ContainsKey("409").Should().BeFalse($"{name}: a read never conflicts");
            op["security"].Should().NotBeNull($"{name}: security is stated, anonymous ([{{}}]) or a key");
            var needsKey = op["security"]!.AsArray().Any(r => r!.AsObject().ContainsKey("bearer"));
            if (needsKey)
            {
                responses.ContainsKey("401").Should().BeTrue(name);
                responses.ContainsKey("403").Should().BeTrue(name);
                op["description"]!.GetValue<string>().Should().Contain("需要角色", name);
            }
            if (method == "POST")
            {
                responses.ContainsKey("400").Should().BeTrue(name);
                responses.ContainsKey("422").Should().BeTrue(name);
                responses.ContainsKey("413").Should().BeTrue(name);
            }
            if (path.StartsWith("/api/") && method == "POST" && path != "/api/decisions/preview")
                needsKey.Should().BeTrue($"{name}: every write names the key it needs");
        }
        ids.Should().Contain(["registerDocument", "getDocumentStatus", "applyDecision", "previewDecision", "repealDocument", "getDecision", "searchDocuments"]);

        var register = Operations(contract).Single(o => o.Operation["operationId"]!.GetValue<string>() == "registerDocument").Operation;
        register["responses"]!["201"]!["headers"]!["Location"].Should().NotBeNull();
        register["responses"]!["201"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>().Should().EndWith("/DocumentRegistration");
        var status = Operations(contract).Single(o => o.Operation["operationId"]!.GetValue<string>() == "getDocumentStatus").Operation;
        status["responses"]!["200"]!["content"]!["application/json"]!["schema"]!["$ref"]!.GetValue<string>().Should().EndWith("/StatusView");
        Operations(contract).Single(o => o.Operation["operationId"]!.GetValue<string>() == "repealDocument").Operation["description"]!.GetValue<string>()
            .Should().Contain("reviewer", "ending a document is a reviewer's act");
    }

    [Fact]
    public async Task when_a_client_builds_a_request_the_schemas_should_require_what_the_server_requires_and_no_more()
    {
        var schemas = (await Contract())["components"]!["schemas"]!;
        string[] Required(string schema) => schemas[schema]!["required"]?.AsArray().Select(r => r!.GetValue<string>()).ToArray() ?? [];
        Required("RegisterDocument").Should().BeEquivalentTo(["number", "title", "issuers", "jurisdiction", "kind", "reason"]);
        Required("RepealDocument").Should().BeEquivalentTo(["version", "on", "basis", "reason"]);
        Required("EffectiveInput").Should().BeEmpty("a date or a rule, either one");
        Required("ApplyDecision").Should().Contain("reason").And.Contain("items");
        Required("DecisionItemInput").Should().BeEquivalentTo(["action", "title"]);
        // Enums are plain references (a nullable wrapper makes generated clients send {}), integers are integers.
        schemas["RegisterDocument"]!["properties"]!["kind"]!["$ref"]!.GetValue<string>().Should().EndWith("/DocumentKind");
        schemas["EffectiveInput"]!["properties"]!["rule"]!["$ref"]!.GetValue<string>().Should().EndWith("/EffectiveRule");
        schemas["RepealDocument"]!["properties"]!["version"]!["type"]!.GetValue<string>().Should().Be("integer");
        schemas["DocumentKind"]!["enum"]!.AsArray().Select(e => e!.GetValue<string>()).Should().BeEquivalentTo(["normative", "rule", "other"]);
    }
}
