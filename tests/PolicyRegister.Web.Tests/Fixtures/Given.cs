using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace PolicyRegister.Web.Tests.Fixtures;

/// <summary>"Given" state, built only through the public API.</summary>
public static class Given
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>A jurisdiction of its own for each test, so that tests sharing one database never see each other's numbers.</summary>
    /// <summary>
    /// A jurisdiction of the test's own: a real county-level division (its GB/T 2260 code) that no other test of this
    /// run uses, outside 中卫市, whose gazettes the import tests read. Each run has a fresh database.
    /// </summary>
    public static string Jurisdiction() => Counties[Interlocked.Increment(ref nextCounty) % Counties.Count].Code;

    private static int nextCounty = -1;

    private static readonly IReadOnlyList<Domain.Jurisdictions.Division> Counties =
        [.. Domain.Jurisdictions.Divisions.All.Where(d => d.Level == Domain.Jurisdictions.DivisionLevel.County && !d.Code.StartsWith("6405", StringComparison.Ordinal))];

    public static object Document(string jurisdiction, string number, string title, string signedOn,
        object? effective = null, object? expires = null, string kind = "normative", string[]? issuers = null) => new
    {
        number, title, issuers = issuers ?? ["中卫市人民政府"], jurisdiction, kind, signedOn,
        effective, expires, reason = "登记测试文件",
    };

    public static async Task<(Guid Id, long Version)> Registered(HttpClient client, object document)
    {
        var response = await client.PostAsJsonAsync("/api/documents", document);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode is not (HttpStatusCode.Created or HttpStatusCode.OK))
            throw new InvalidOperationException($"registering failed: {(int)response.StatusCode} {body}");
        var node = JsonNode.Parse(body)!;
        return (node["id"]!.GetValue<Guid>(), node["version"]!.GetValue<long>());
    }

    public static async Task<JsonNode> Ok(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri} answered {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!;
    }

    public static async Task<JsonNode> Get(HttpClient client, string url) => await Ok(await client.GetAsync(url));

    public static async Task<JsonNode> Post(HttpClient client, string url, object body) => await Ok(await client.PostAsJsonAsync(url, body));

    public static async Task<JsonNode> Problem(HttpResponseMessage response)
    {
        response.Content.Headers.ContentType?.MediaType.Should().Be("application/problem+json");
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
    }
}
