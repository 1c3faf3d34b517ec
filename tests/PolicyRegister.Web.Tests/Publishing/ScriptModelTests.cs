using System.Text.Json.Nodes;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Publishing;
using Scriban.Runtime;

namespace PolicyRegister.Web.Tests.Publishing;

/// <summary>The direct reading of a view model gives what its JSON gives, member for member, in every output format.</summary>
public class ScriptModelTests
{
    private const string Hostile = "=HYPERLINK(\"http://evil\")<script>alert(1)</script>";

    private sealed record Row(int Seq, string Title, double Share, double Whole, long Big, bool Trial, string? Missing, DateOnly On, DateOnly? NoDate,
        Guid Id, ValidityStatus Status, DateTimeOffset At, char Mark, IReadOnlyList<string> Tags);

    public static IEnumerable<object[]> Models()
    {
        var row = new Row(1, Hostile, 0.25, 2.0, 9_000_000_000L, true, null, new DateOnly(2024, 7, 4), null, Guid.NewGuid(), ValidityStatus.NotYetEffective,
            new DateTimeOffset(2024, 7, 4, 10, 0, 0, TimeSpan.FromHours(8)), '《', ["a&b", "<c>"]);
        yield return [TemplateTests.Catalogue(Hostile)];
        yield return [TemplateTests.Decision(Hostile)];
        yield return [TemplateTests.Changes(Hostile)];
        yield return [TemplateTests.Certificate(Hostile)];
        yield return [new { heading = Hostile, rows = new[] { row, row with { Trial = false, Tags = [] } }, json_ld = "{\"name\":\"<\\u003c>\"}" }];
        yield return [new { counts = new Dictionary<string, int> { ["Retain"] = 2, ["repeal"] = 1 }, node = new JsonObject { ["A b"] = Hostile }, empty = Array.Empty<Row>() }];
    }

    [Theory]
    [MemberData(nameof(Models))]
    public void when_a_view_model_is_read_directly_it_should_equal_its_json_in_every_format(object model)
    {
        foreach (var format in Enum.GetValues<OutputFormat>())
            Same(ScriptModel.From(model, format), ScriptModel.FromJson(model, format), $"{format}");
    }

    private static void Same(object? actual, object? expected, string path)
    {
        switch (expected)
        {
            case ScriptObject e:
                var a = actual.Should().BeOfType<ScriptObject>($"{path} is an object").Subject;
                a.Keys.Should().BeEquivalentTo(e.Keys, path);
                foreach (var key in e.Keys) Same(a[key], e[key], $"{path}.{key}");
                break;
            case ScriptArray e:
                var list = actual.Should().BeOfType<ScriptArray>($"{path} is an array").Subject;
                list.Count.Should().Be(e.Count, path);
                for (var i = 0; i < e.Count; i++) Same(list[i], e[i], $"{path}[{i}]");
                break;
            case null:
                actual.Should().BeNull(path);
                break;
            default:
                actual.Should().BeOfType(expected.GetType(), path).And.Be(expected, path);
                break;
        }
    }
}
