using PolicyRegister.Web.Publishing;

namespace PolicyRegister.Web.Tests.Publishing;

/// <summary>The shipped templates, rendered against sample view models with no host and no database.</summary>
public class TemplateTests
{
    private static readonly TemplateStore Store = new(new TemplateOptions { Folder = Path.Combine(AppContext.BaseDirectory, "templates") });

    private const string Hostile = "=HYPERLINK(\"http://evil\")<script>alert(1)</script>";

    public static CatalogueView Catalogue(string title = "中卫市地震宏观监测管理办法") => new("中卫市现行有效行政规范性文件目录", "中卫市", null, "2024-07-04", "2024年7月4日", "issuer", 1,
        [new CatalogueGroup("中卫市人民政府办公室", 1, [new CatalogueRow(1, Guid.NewGuid().ToString(), title, "卫政办发〔2011〕105号", "中卫市人民政府办公室", "2011年5月4日", "2011年5月4日", "", false)])],
        "2024-07-04 10:00:00 (北京时间)");

    public static DecisionNoticeView Decision(string title = "《中卫市地震宏观监测管理办法》") => new("卫政规发〔2023〕2号", "中卫市人民政府关于保留、废止和修改市人民政府行政规范性文件的决定",
        "各县(区)人民政府，市政府各部门、直属机构：", ["经研究，决定保留市人民政府行政规范性文件1件。", "本决定自公布之日起施行。"], ["中卫市人民政府"], "2023年12月19日", false, true,
        ["1.决定保留的市人民政府行政规范性文件目录"], [new AnnexView(1, "决定保留的市人民政府行政规范性文件目录", "retain", 1, [new AnnexRow(1, title, "卫政办发〔2011〕105号")])]);

    public static ChangesView Changes(string title = "中卫市公益性岗位管理办法") => new("中卫市失效和废止的行政规范性文件", "中卫市", "2024-01-01", "2024-12-31", "2024年1月1日", "2024年12月31日", 1,
        [new ChangeRow(1, Guid.NewGuid().ToString(), title, "卫政办发〔2010〕226号", "2024年7月3日", "repealed", "已废止", "卫政规发〔2023〕2号", "中卫市人民政府关于保留、废止和修改市人民政府行政规范性文件的决定")],
        "2024-07-04 10:00:00 (北京时间)");

    public static CertificateView Certificate(string title = "中卫市航空运输发展专项资金管理办法") => new(Guid.NewGuid().ToString(), "卫政规发〔2024〕1号", title, "中卫市人民政府", "中卫市",
        "2024-03-01", "2024年3月1日", "in_force", "现行有效", "2024年2月17日", "卫政规发〔2024〕1号", title, false, "2027年夏秋航季结束（待核定）", "2024年2月17日",
        [new CertificateFact("2024年2月17日", "自2024年2月17日起施行", "卫政规发〔2024〕1号", "2024-07-04 10:00:00 (北京时间)", "clerk")],
        "2024-07-04 10:00:00 (北京时间)", "2024-07-05 09:00:00 (北京时间)");

    private static object SampleFor(string name) => name.Split('.')[0] switch
    {
        "catalogue" => Catalogue(),
        "decision" => Decision(),
        "changes" => Changes(),
        "certificate" => Certificate(),
        var other => throw new InvalidOperationException($"a template '{name}' without a sample model: add one to this test"),
    };

    [Fact]
    public void when_every_shipped_template_renders_its_sample_model_it_should_produce_its_content()
    {
        // Site and workspace pages are rendered by the HTTP and browser tests against real data.
        var rendered = Store.Names.Where(n => !n.StartsWith('_') && !n.StartsWith("site-") && !n.StartsWith("staff-") && n != "feed.atom").ToList();
        rendered.Should().HaveCount(11);
        Store.Names.Should().Contain(["site-home.html", "site-document.html", "staff-decision.html", "feed.atom"]);
        foreach (var name in rendered)
        {
            var format = Enum.Parse<OutputFormat>(name.Split('.')[1], ignoreCase: true);
            var text = Store.Render(name, SampleFor(name), format);
            text.Should().Contain("卫政", name);
            if (format == OutputFormat.Html) text.Should().Contain("@page { size: A4", name).And.Contain("</html>", name);
            if (format == OutputFormat.Csv) text.Should().StartWith("\uFEFF", name);
        }
    }

    [Fact]
    public void when_a_title_is_hostile_html_output_should_show_it_as_text()
    {
        foreach (var (name, model) in new (string, object)[] { ("catalogue.html", Catalogue(Hostile)), ("decision.html", Decision(Hostile)), ("changes.html", Changes(Hostile)), ("certificate.html", Certificate(Hostile)) })
        {
            var html = Store.Render(name, model, OutputFormat.Html);
            html.Should().NotContain("<script>alert", name).And.Contain("&lt;script&gt;alert(1)&lt;/script&gt;", name);
        }
    }

    [Fact]
    public void when_a_title_starts_like_a_formula_csv_output_should_neutralise_it()
    {
        foreach (var (name, model) in new (string, object)[] { ("catalogue.csv", Catalogue(Hostile)), ("decision.csv", Decision(Hostile)), ("changes.csv", Changes(Hostile)) })
        {
            var csv = Store.Render(name, model, OutputFormat.Csv);
            csv.Should().Contain("\"'=HYPERLINK(\"\"http://evil\"\")<script>", name);
            csv.Split('\n').Skip(1).Should().NotContain(line => line.Contains(",\"=") || line.Contains(",="), name);
        }
    }

    [Theory]
    [InlineData("+1", "\"'+1\"")]
    [InlineData("-1", "\"'-1\"")]
    [InlineData("@SUM(A1)", "\"'@SUM(A1)\"")]
    [InlineData("普通标题", "\"普通标题\"")]
    [InlineData("含\"引号\"", "\"含\"\"引号\"\"\"")]
    public void when_a_value_becomes_a_csv_cell_it_should_be_quoted_and_safe(string value, string cell)
    {
        ScriptModel.CsvCell(value).Should().Be(cell);
    }

    [Fact]
    public void when_a_template_has_a_syntax_error_loading_should_fail_with_file_line_and_column()
    {
        var folder = Directory.CreateTempSubdirectory("templates-").FullName;
        File.WriteAllText(Path.Combine(folder, "broken.html.sbn"), "<p>\n{{ for x in items }}\n{{ x }\n</p>");
        var act = () => new TemplateStore(new TemplateOptions { Folder = folder });
        act.Should().Throw<TemplateSyntaxException>().Which.Message.Should().MatchRegex(@"broken\.html\.sbn\(\d+,\d+\)");
    }

    [Fact]
    public void when_a_template_names_an_undefined_variable_rendering_should_fail_instead_of_printing_nothing()
    {
        var act = () => Store.RenderText("{{ no_such_value }}", Catalogue(), OutputFormat.Txt);
        act.Should().Throw<Exception>().Which.Message.Should().Contain("no_such_value");
    }

    [Fact]
    public void when_a_template_reaches_for_dotnet_members_it_should_find_none()
    {
        // The model is plain script objects: no GetType(), no reflection into the view model's .NET type.
        var act = () => Store.RenderText("{{ groups[0].rows[0].GetType }}", Catalogue(), OutputFormat.Txt);
        act.Should().Throw<Exception>();
    }

    [Fact]
    public void when_a_template_loops_forever_the_loop_limit_should_stop_it()
    {
        var act = () => Store.RenderText("{{ while true }}x{{ end }}", Catalogue(), OutputFormat.Txt);
        act.Should().Throw<Exception>().Which.Message.Should().Contain("limit");
    }

    [Fact]
    public void when_a_partial_is_included_by_path_it_should_be_refused()
    {
        var act = () => Store.RenderText("{{ include '../../etc/passwd' }}", Catalogue(), OutputFormat.Txt);
        act.Should().Throw<Exception>().Which.Message.Should().Contain("No partial template");
    }

    [Fact]
    public void when_an_override_folder_has_a_template_it_should_replace_the_shipped_one()
    {
        var folder = Directory.CreateTempSubdirectory("overrides-").FullName;
        File.WriteAllText(Path.Combine(folder, "catalogue.txt.sbn"), "本地格式：{{ count }}件");
        var store = new TemplateStore(new TemplateOptions { Folder = Path.Combine(AppContext.BaseDirectory, "templates"), OverrideFolder = folder });
        store.Render("catalogue.txt", Catalogue(), OutputFormat.Txt).Should().Be("本地格式：1件");
        store.Has("decision.html").Should().BeTrue();
    }
}

public class LargeOutputTests
{
    [Fact]
    public void when_a_catalogue_has_ten_thousand_rows_the_html_should_hold_every_row_and_close()
    {
        var store = new TemplateStore(new TemplateOptions { Folder = Path.Combine(AppContext.BaseDirectory, "templates") });
        var rows = Enumerable.Range(1, 10_000).Select(i => new CatalogueRow(i, Guid.NewGuid().ToString(), $"中卫市人民政府关于印发〈中卫市某事项管理办法第{i}号〉的通知",
            $"卫政发〔2020〕{i}号", "中卫市人民政府", "2020年1月1日", "2020年2月1日", "", false)).ToList();
        var view = new CatalogueView("目录", "中卫市", null, "2024-07-04", "2024年7月4日", "issuer", rows.Count, [new CatalogueGroup("中卫市人民政府", rows.Count, rows)], "now");
        var html = store.Render("catalogue.html", view, OutputFormat.Html);
        html.Should().Contain("卫政发〔2020〕10000号").And.EndWith("</html>\n");
    }
}
