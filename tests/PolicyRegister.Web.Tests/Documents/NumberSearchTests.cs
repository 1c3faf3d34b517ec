using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Documents;

/// <summary>The public finds a number however it is typed: without brackets, without 号, or a whole series.</summary>
[Collection(RegisterCollection.Name)]
public class NumberSearchTests(RegisterApp app)
{
    [Fact]
    public async Task when_a_number_is_typed_without_brackets_the_search_should_go_to_the_document_and_a_series_should_list_it()
    {
        var jurisdiction = Given.Jurisdiction();
        // An issuer code of this test's own (another test's 卫政规发〔2024〕1号 would make the home page list, not go).
        const string stems = "甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳";
        var code = "测" + string.Concat(Guid.NewGuid().ToString("N")[..4].Select(h => stems[Convert.ToInt32(h.ToString(), 16)])) + "规发";
        var (first, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, $"{code}〔2024〕1号", "第一件", "2024-01-16"));
        var (second, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, $"{code}〔2024〕2号", "第二件", "2024-02-16"));
        var browser = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        foreach (var typed in new[] { $"{code}2024年1号", $"{code} 2024 1号", $"{code}〔2024〕1" })
        {
            var answer = await browser.GetAsync($"/?q={Uri.EscapeDataString(typed)}");
            answer.StatusCode.Should().Be(HttpStatusCode.Redirect, typed);
            Uri.UnescapeDataString(answer.Headers.Location!.OriginalString).Should().Be($"/eli/{jurisdiction}/2024/{code}/1", "the number's permanent URI");
        }
        var series = Uri.UnescapeDataString(await browser.GetStringAsync($"/?q={Uri.EscapeDataString($"{code}〔2024〕")}"));
        series.Should().Contain($"/eli/{jurisdiction}/2024/{code}/1\"").And.Contain($"/eli/{jurisdiction}/2024/{code}/2\"");

        var api = await Given.Get(app.Anonymous(), $"/api/documents?number={Uri.EscapeDataString($"{code}2024")}");
        api["total"]!.GetValue<long>().Should().Be(2);
        var status = await Given.Get(app.Anonymous(), $"/api/documents/status?number={Uri.EscapeDataString($"{code}2024年2号")}&jurisdiction={jurisdiction}");
        status["documentId"]!.GetValue<Guid>().Should().Be(second);
    }
}

/// <summary>Number series reveal documents the register missed.</summary>
[Collection(RegisterCollection.Name)]
public class NumberGapTests(RegisterApp app)
{
    [Fact]
    public async Task when_a_series_misses_serials_the_gaps_endpoint_should_list_them_and_a_query_without_jurisdiction_should_be_400()
    {
        var jurisdiction = Given.Jurisdiction();
        foreach (var serial in new[] { 1, 2, 5 })
            await Given.Registered(app.Clerk(), Given.Document(jurisdiction, $"卫政办规发〔2021〕{serial}号", $"第{serial}件", "2021-01-10"));
        var gaps = await Given.Get(app.Anonymous(), $"/api/numbers/gaps?jurisdiction={jurisdiction}");
        gaps["seriesWithGaps"]!.GetValue<int>().Should().Be(1);
        var series = gaps["gaps"]![0]!;
        series["issuerCode"]!.GetValue<string>().Should().Be("卫政办规发");
        series["missing"]!.AsArray().Select(m => m!.GetValue<int>()).Should().Equal(3, 4);
        (await app.Anonymous().GetAsync("/api/numbers/gaps")).StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
        (await app.Anonymous().GetAsync($"/api/numbers/gaps?jurisdiction={jurisdiction}&year=abc")).StatusCode.Should().Be(System.Net.HttpStatusCode.BadRequest);
    }
}
