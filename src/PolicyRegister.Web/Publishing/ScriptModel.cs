using System.Collections;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq.Expressions;
using System.Net;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Nodes;
using Scriban.Runtime;

namespace PolicyRegister.Web.Publishing;

/// <summary>
/// A view model as the templates see it: plain Scriban objects under snake_case names, every string already escaped
/// for the output (HTML-encoded, or a safe CSV cell). The model's JSON (<see cref="FromJson"/>) is the definition;
/// <see cref="From"/> reads the members of plain records directly and gives the same objects without writing and
/// parsing JSON (a catalogue of 10,000 rows spent a third of its render there), and hands every other value to JSON.
/// </summary>
public static class ScriptModel
{
    /// <summary>The one model member rendered unencoded: structured data built by <see cref="Site.JsonLd"/>.</summary>
    public const string JsonLdMember = "json_ld";

    private static readonly JsonSerializerOptions ModelJson = CreateJson();
    private static readonly ConcurrentDictionary<Type, Member[]?> Members = new();

    private sealed record Member(string Name, Func<object, object?> Get);

    public static ScriptObject From(object model, OutputFormat format) => (ScriptObject)Convert(model, format)!;

    /// <summary>The definition: the model written as JSON (snake_case names, enums as snake_case strings) and read back.</summary>
    public static ScriptObject FromJson(object model, OutputFormat format) =>
        (ScriptObject)ToScript(JsonSerializer.SerializeToElement(model, model.GetType(), ModelJson), format)!;

    private static object? Convert(object? value, OutputFormat format)
    {
        switch (value)
        {
            case null: return null;
            case string s: return Prepare(s, format);
            case bool b: return b;
            case int or long or short or byte or sbyte or ushort or uint: return System.Convert.ToInt64(value, CultureInfo.InvariantCulture);
            // JSON writes a whole double without a fraction, which reads back as an integer.
            case double d when double.IsFinite(d): return Math.Floor(d) == d && Math.Abs(d) < 9e15 ? (object)(long)d : d;
            case Guid g: return Prepare(g.ToString("D"), format);
            case DateOnly date: return Prepare(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), format);
            case Enum e when Enum.IsDefined(e.GetType(), e) && !e.GetType().IsDefined(typeof(FlagsAttribute), false):
                return Prepare(JsonNamingPolicy.SnakeCaseLower.ConvertName(e.ToString()), format);
            case JsonNode or JsonElement or IDictionary: break;
            case IEnumerable when IsDictionary(value.GetType()): break;
            case IEnumerable list:
            {
                var array = new ScriptArray();
                foreach (var item in list) array.Add(Convert(item, format));
                return array;
            }
            default:
                if (MembersOf(value.GetType()) is { } members)
                {
                    var o = new ScriptObject(members.Length);
                    foreach (var m in members)
                    {
                        var v = m.Get(value);
                        o[m.Name] = m.Name == JsonLdMember && v is string raw ? raw : Convert(v, format);
                    }
                    return o;
                }
                break;
        }
        return ToScript(JsonSerializer.SerializeToElement(value, value.GetType(), ModelJson), format);
    }

    private static bool IsDictionary(Type t) => t.GetInterfaces().Any(i => i.IsGenericType
        && (i.GetGenericTypeDefinition() == typeof(IDictionary<,>) || i.GetGenericTypeDefinition() == typeof(IReadOnlyDictionary<,>)));

    /// <summary>
    /// The public properties of a plain class, as JSON would name them; null (use JSON) for any type whose JSON is
    /// shaped by attributes or converters, or that is not a plain class.
    /// </summary>
    private static Member[]? MembersOf(Type type) => Members.GetOrAdd(type, static t =>
    {
        if (!t.IsClass || t.IsDefined(typeof(System.Text.Json.Serialization.JsonConverterAttribute), true)) return null;
        var properties = t.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is { IsPublic: true } && p.GetIndexParameters().Length == 0).ToList();
        if (properties.Any(p => p.GetCustomAttributes(true).Any(a => a.GetType().Namespace == "System.Text.Json.Serialization"))) return null;
        if (t.GetFields(BindingFlags.Public | BindingFlags.Instance).Any(f => f.IsDefined(typeof(System.Text.Json.Serialization.JsonIncludeAttribute)))) return null;
        return [.. properties.Select(p =>
        {
            var instance = Expression.Parameter(typeof(object));
            var get = Expression.Lambda<Func<object, object?>>(Expression.Convert(Expression.Property(Expression.Convert(instance, t), p), typeof(object)), instance);
            return new Member(JsonNamingPolicy.SnakeCaseLower.ConvertName(p.Name), get.Compile());
        })];
    });

    private static object? ToScript(JsonElement e, OutputFormat format) => e.ValueKind switch
    {
        JsonValueKind.Object => e.EnumerateObject().Aggregate(new ScriptObject(), (o, p) =>
        {
            // JSON-LD is serialised by the register with JavaScriptEncoder.Default (every < > & ' " inside a value is
            // a \u escape), so it is safe in a <script type="application/ld+json"> as it is; HTML-encoding would break it.
            o[p.Name] = p.Name == JsonLdMember && p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString() : ToScript(p.Value, format);
            return o;
        }),
        JsonValueKind.Array => new ScriptArray(e.EnumerateArray().Select(x => ToScript(x, format))),
        JsonValueKind.String => Prepare(e.GetString()!, format),
        // (object): else the switch's common type turns every whole number into a double.
        JsonValueKind.Number => e.TryGetInt64(out var l) ? (object)l : e.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static string Prepare(string s, OutputFormat format) => format switch
    {
        OutputFormat.Html => WebUtility.HtmlEncode(s),
        OutputFormat.Csv => CsvCell(s),
        _ => s,
    };

    /// <summary>A quoted CSV cell; a leading = + - @ (or tab, CR) is neutralised so a spreadsheet never runs it as a formula.</summary>
    public static string CsvCell(string s)
    {
        if (s.Length > 0 && s[0] is '=' or '+' or '-' or '@' or '\t' or '\r') s = "'" + s;
        return "\"" + s.Replace("\"", "\"\"") + "\"";
    }

    private static JsonSerializerOptions CreateJson()
    {
        var o = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
        o.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        return o;
    }
}
