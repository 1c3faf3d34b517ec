using System.Net;
using System.Net.Http.Json;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Reliability;

[Collection(RegisterCollection.Name)]
public class ConcurrencyTests(RegisterApp app)
{
    [Fact]
    public async Task when_50_writers_race_on_one_document_every_write_should_land_or_get_409_and_none_be_lost_or_doubled()
    {
        var (id, initial) = await Given.Registered(app.Clerk(), Given.Document(Given.Jurisdiction(), "卫政发〔2021〕50号", "关于并发测试的通知", "2021-01-01", new { on = "2021-02-01" }));

        var writers = Enumerable.Range(0, 50).Select(async i =>
        {
            var client = i % 2 == 0 ? app.Clerk() : app.Reviewer();
            var version = (await Given.Get(client, $"/api/documents/{id}"))["version"]!.GetValue<long>();
            var response = await client.PostAsJsonAsync($"/api/documents/{id}/amendment-order",
                new { version, on = "2022-01-01", basis = new { number = $"卫政规发〔2022〕{i + 1}号" }, reason = $"writer {i}" });
            return (i, response.StatusCode);
        });
        var results = await Task.WhenAll(writers);

        results.Should().OnlyContain(r => r.StatusCode == HttpStatusCode.OK || r.StatusCode == HttpStatusCode.Conflict);
        var landed = results.Where(r => r.StatusCode == HttpStatusCode.OK).Select(r => $"卫政规发〔2022〕{r.i + 1}号").ToList();
        landed.Should().NotBeEmpty();

        var doc = await Given.Get(app.Anonymous(), $"/api/documents/{id}");
        doc["version"]!.GetValue<long>().Should().Be(initial + landed.Count);
        var orders = doc["timeline"]!.AsArray().Where(t => t!["kind"]!.GetValue<string>() == "amendment_ordered").ToList();
        orders.Select(o => o!["basis"]!["number"]!.GetValue<string>()).Should().BeEquivalentTo(landed);
        doc["timeline"]!.AsArray().Select(t => t!["version"]!.GetValue<long>()).Should().OnlyHaveUniqueItems().And.BeInAscendingOrder();
    }
}
