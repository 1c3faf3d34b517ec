using System.Net;
using System.Net.Http.Json;
using Marten;
using Microsoft.Extensions.DependencyInjection;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Jurisdictions;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Jurisdictions;

[Collection(RegisterCollection.Name)]
public class JurisdictionTests(RegisterApp app)
{
    private static string Q(string s) => Uri.EscapeDataString(s);

    [Fact]
    public async Task when_a_document_names_an_unknown_jurisdiction_it_should_be_400_naming_the_closest_divisions_and_store_nothing()
    {
        var response = await app.Clerk().PostAsJsonAsync("/api/documents", Given.Document("中为市", "卫政发〔2019〕88号", "管辖区拼错的文件", "2019-01-10"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var problem = await Given.Problem(response);
        problem["errors"]!["jurisdiction"]![0]!.GetValue<string>().Should().Contain("中卫市（640500）");
        (await Given.Get(app.Anonymous(), $"/api/documents?number={Q("卫政发〔2019〕88号")}"))["total"]!.GetValue<long>().Should().Be(0);
    }

    [Fact]
    public async Task when_an_ambiguous_or_contextual_jurisdiction_is_given_it_should_be_400_never_a_guess()
    {
        foreach (var written in new[] { "朝阳区", "市", "人民" })
        {
            var response = await app.Clerk().PostAsJsonAsync("/api/documents", Given.Document(written, "卫政发〔2019〕89号", "管辖区不明的文件", "2019-01-10"));
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest, written);
        }
    }

    [Fact]
    public async Task when_the_same_division_is_written_by_name_and_by_code_it_should_be_one_jurisdiction()
    {
        var code = Given.Jurisdiction();
        var division = Divisions.ByCode(code)!;
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(code, "卫政发〔2020〕31号", "按代码登记的文件", "2020-01-10"));
        var doc = await Given.Get(app.Anonymous(), $"/api/documents/{id}");
        doc["jurisdiction"]!.GetValue<string>().Should().Be(code);
        doc["jurisdictionName"]!.GetValue<string>().Should().Be(division.Name);

        var again = await app.Clerk().PostAsJsonAsync("/api/documents",
            Given.Document(Divisions.FullName(division), "卫政发〔2020〕31号", "按全称再登记", "2020-01-10"));
        again.StatusCode.Should().Be(HttpStatusCode.Conflict, "the full name names the same division as the code");
        var byName = await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={Q(Divisions.FullName(division))}");
        byName["total"]!.GetValue<long>().Should().Be(1);
    }

    [Fact]
    public async Task when_divisions_are_looked_up_they_should_give_parent_children_and_document_counts()
    {
        var found = await Given.Get(app.Anonymous(), $"/api/jurisdictions?q={Q("中卫")}");
        found.AsArray().Select(d => d!["code"]!.GetValue<string>()).Should().Contain("640500");

        var code = Given.Jurisdiction();
        var county = Divisions.ByCode(code)!;
        var (id, version) = await Given.Registered(app.Clerk(), Given.Document(code, "卫政发〔2020〕41号", "计数测试文件", "2020-01-10"));
        var parent = await Given.Get(app.Anonymous(), $"/api/jurisdictions/{county.ParentCode}");
        parent["code"]!.GetValue<string>().Should().Be(county.ParentCode);
        var child = parent["children"]!.AsArray().Single(c => c!["division"]!["code"]!.GetValue<string>() == code)!;
        child["documents"]!.GetValue<int>().Should().Be(1);
        parent["documentsWithChildren"]!.GetValue<int>().Should().BeGreaterThanOrEqualTo(1);

        var byName = await Given.Get(app.Anonymous(), $"/api/jurisdictions/{Q(Divisions.FullName(county))}");
        byName["code"]!.GetValue<string>().Should().Be(code);
        (await app.Anonymous().GetAsync("/api/jurisdictions/999999")).StatusCode.Should().Be(HttpStatusCode.NotFound);

        // A correction of the jurisdiction moves the count at once.
        var other = Given.Jurisdiction();
        await Given.Post(app.Clerk(), $"/api/documents/{id}/correction", new { version, field = "jurisdiction", newValue = other, reason = "制定机关所属区划更正" });
        (await Given.Get(app.Anonymous(), $"/api/jurisdictions/{code}"))["documents"]!.GetValue<int>().Should().Be(0);
        (await Given.Get(app.Anonymous(), $"/api/jurisdictions/{other}"))["documents"]!.GetValue<int>().Should().Be(1);
        (await app.Anonymous().GetAsync("/api/jurisdictions")).StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task when_a_county_asks_with_its_parents_it_should_see_the_provinces_rules_too()
    {
        var code = Given.Jurisdiction();
        var province = Divisions.SelfAndAncestors(code).Last();
        var number = $"测规发〔2021〕{Random.Shared.Next(1000, 9999)}号";
        var (own, _) = await Given.Registered(app.Clerk(), Given.Document(code, number, "县级文件", "2021-01-10", new { on = "2021-02-01" }));
        var (above, _) = await Given.Registered(app.Clerk(), Given.Document(province.Code, number, "省级文件", "2021-01-10", new { on = "2021-02-01" }));

        async Task<Guid[]> Ids(string jurisdiction, string? include) =>
            [.. (await Given.Get(app.Anonymous(), $"/api/documents?number={Q(number)}&jurisdiction={jurisdiction}{(include is null ? "" : $"&include={include}")}"))["items"]!
                .AsArray().Select(i => i!["id"]!.GetValue<Guid>())];

        (await Ids(code, null)).Should().Equal(own);
        (await Ids(code, "parents")).Should().BeEquivalentTo([own, above]);
        (await Ids(province.Code, null)).Should().Equal(above);
        (await Ids(province.Code, "children")).Should().BeEquivalentTo([own, above]);
        (await app.Anonymous().GetAsync($"/api/documents?jurisdiction={code}&include=everything")).StatusCode.Should().Be(HttpStatusCode.BadRequest);

        var catalogue = await app.Anonymous().GetStringAsync($"/publish/catalogue?on=2021-03-01&jurisdiction={code}&include=parents&format=csv");
        catalogue.Should().Contain("县级文件").And.Contain("省级文件");
    }

    [Fact]
    public async Task when_a_published_list_names_an_unknown_jurisdiction_it_should_be_404_not_an_empty_list()
    {
        (await app.Anonymous().GetAsync($"/publish/catalogue?jurisdiction={Q("中为市")}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await app.Anonymous().GetAsync($"/publish/changes?jurisdiction={Q("中为市")}&from=2024-01-01")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await app.Anonymous().GetAsync($"/catalogue?jurisdiction={Q("中为市")}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await app.Anonymous().GetAsync($"/feed.atom?jurisdiction={Q("中为市")}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task when_an_event_written_before_divisions_names_its_jurisdiction_it_should_be_read_as_the_divisions_code()
    {
        // Data recorded before jurisdictions were divisions carries the name: folding it is the upcast.
        var code = Enumerable.Range(0, 50).Select(_ => Given.Jurisdiction()).First(c => Divisions.Resolve(Divisions.NameOf(c)).Division?.Code == c);
        var id = Guid.CreateVersion7();
        var store = app.Services.GetRequiredService<IDocumentStore>();
        await using (var session = store.LightweightSession())
        {
            session.Events.StartStream<Document>(id, new DocumentRegistered(id, "旧登发〔2018〕1号", "按名称登记的旧文件", [], ["旧机关"],
                Divisions.NameOf(code), DocumentKind.Normative, new DateOnly(2018, 1, 1), null, false, [], null));
            await session.SaveChangesAsync();
        }
        var doc = await Given.Get(app.Anonymous(), $"/api/documents/{id}");
        doc["jurisdiction"]!.GetValue<string>().Should().Be(code);
        (await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={code}&number={Q("旧登发〔2018〕1号")}"))["total"]!.GetValue<long>().Should().Be(1);
    }
}
