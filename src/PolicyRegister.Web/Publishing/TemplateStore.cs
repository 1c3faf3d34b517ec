using System.Text;
using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace PolicyRegister.Web.Publishing;

public enum OutputFormat { Html, Txt, Csv }

public sealed class TemplateOptions
{
    /// <summary>The templates shipped with the register (templates/ at the repository root, copied beside the binaries).</summary>
    public string Folder { get; set; } = Path.Combine(AppContext.BaseDirectory, "templates");

    /// <summary>A folder whose files replace same-named templates: how a legal-affairs office changes its forms.</summary>
    public string? OverrideFolder { get; set; }

    /// <summary>A template text sent for a preview renders at most this many characters (default 20 million) …</summary>
    public int MaxPreviewChars { get; set; } = 20_000_000;

    /// <summary>… in at most this many seconds (default 10).</summary>
    public int MaxPreviewSeconds { get; set; } = 10;
}

/// <summary>A previewed template went past the output or time cap.</summary>
public sealed class TemplateLimitException(string message) : Exception(message);

/// <summary>A template that does not parse: the file, line and column of every error.</summary>
public sealed class TemplateSyntaxException(string message) : Exception(message);

/// <summary>
/// Every template is read and parsed once, at start-up; one that does not parse stops start-up with its file,
/// line and column. Rendering sees only a view model turned into plain Scriban objects (no .NET members), with
/// strict variables and loop and recursion limits; for HTML every string is escaped before the template sees it,
/// for CSV every string is already a safe cell.
/// </summary>
public sealed class TemplateStore : ITemplateLoader
{
    public const int LoopLimit = 100_000;
    public const int RecursiveLimit = 50;

    private readonly Dictionary<string, (string Path, string Text, Template Template)> _templates;

    private readonly TemplateOptions _options;

    public TemplateStore(TemplateOptions options)
    {
        _options = options;
        var files = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var folder in new[] { options.Folder, options.OverrideFolder }.OfType<string>())
        {
            if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"Template folder not found: {folder}");
            foreach (var file in Directory.GetFiles(folder, "*.sbn")) files[Path.GetFileNameWithoutExtension(file)] = file;
        }
        _templates = [];
        var errors = new List<string>();
        foreach (var (name, path) in files)
        {
            var text = File.ReadAllText(path);
            var template = Template.Parse(text, path);
            if (template.HasErrors)
                errors.AddRange(template.Messages.Select(m => $"{path}({m.Span.Start.Line + 1},{m.Span.Start.Column + 1}): {m.Message}"));
            _templates[name] = (path, text, template);
        }
        if (errors.Count > 0) throw new TemplateSyntaxException("Templates with syntax errors:\n" + string.Join("\n", errors));
    }

    public IReadOnlyCollection<string> Names => _templates.Keys;

    /// <summary>
    /// The CSP hashes ('sha256-…') of every inline &lt;style&gt; block the templates print verbatim: the pages allow those
    /// styles and nothing else inline (no 'unsafe-inline'). A block with template code inside cannot be hashed ahead.
    /// </summary>
    public IReadOnlyList<string> StyleHashes() => [.. _templates.Values
        .SelectMany(t => System.Text.RegularExpressions.Regex.Matches(t.Text, "<style>(?<css>.*?)</style>", System.Text.RegularExpressions.RegexOptions.Singleline))
        .Select(m => m.Groups["css"].Value)
        .Where(css => !css.Contains("{{"))
        .Select(css => $"'sha256-{Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(css)))}'")
        .Distinct()];

    public bool Has(string name) => _templates.ContainsKey(name);

    public string Render(string name, object model, OutputFormat format) =>
        Render(_templates.TryGetValue(name, out var t) ? t.Template : throw new KeyNotFoundException($"No template '{name}'"), model, format);

    /// <summary>Parses and renders a template text that is not stored (the preview of an edited form).</summary>
    public string RenderText(string text, object model, OutputFormat format)
    {
        var template = Template.Parse(text, "preview");
        if (template.HasErrors)
            throw new TemplateSyntaxException(string.Join("\n", template.Messages.Select(m => $"line {m.Span.Start.Line + 1}, column {m.Span.Start.Column + 1}: {m.Message}")));
        // A text nobody reviewed (a clerk's edit) renders under caps: every string it builds and its output are cut at
        // the output cap, so doubling a string cannot exhaust memory, and the render is cancelled after the time cap.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(_options.MaxPreviewSeconds));
        string output;
        try
        {
            output = Render(template, model, format, _options.MaxPreviewChars, timeout.Token);
        }
        catch (Exception ex) when (timeout.IsCancellationRequested && ex is OperationCanceledException or ScriptAbortException)
        {
            throw new TemplateLimitException($"模板渲染超过{_options.MaxPreviewSeconds}秒 (the template ran longer than {_options.MaxPreviewSeconds} s)");
        }
        if (output.Length >= _options.MaxPreviewChars)
            throw new TemplateLimitException($"模板输出超过{_options.MaxPreviewChars:N0}个字符 (the output passed {_options.MaxPreviewChars:N0} characters)");
        return output;
    }

    /// <summary>
    /// Renders a stored template into <paramref name="writer"/> as it goes (a catalogue of thousands of rows is written
    /// to the response row by row, never held whole). Not for CSV, whose line endings are rewritten after rendering.
    /// </summary>
    public async Task RenderToAsync(string name, object model, OutputFormat format, TextWriter writer, CancellationToken token)
    {
        if (format == OutputFormat.Csv) throw new ArgumentException("CSV is rendered whole (its line endings are rewritten)", nameof(format));
        var template = _templates.TryGetValue(name, out var t) ? t.Template : throw new KeyNotFoundException($"No template '{name}'");
        var context = Context(model, format, 0, token);
        context.PushOutput(new TextWriterOutput(writer));
        await template.RenderAsync(context);
    }

    private string Render(Template template, object model, OutputFormat format, int limitToString = 0, CancellationToken token = default)
    {
        var output = template.Render(Context(model, format, limitToString, token));
        // CSV per RFC 4180: CRLF between records.
        return format == OutputFormat.Csv ? "\uFEFF" + output.ReplaceLineEndings("\r\n") : output;
    }

    private TemplateContext Context(object model, OutputFormat format, int limitToString, CancellationToken token)
    {
        var data = ScriptModel.From(model, format);
        var globals = new ScriptObject();
        foreach (var (key, value) in data) globals[key] = value;
        globals["format"] = format.ToString().ToLowerInvariant();
        var context = new TemplateContext
        {
            StrictVariables = true,
            LoopLimit = LoopLimit,
            LoopLimitQueryable = LoopLimit,
            RecursiveLimit = RecursiveLimit,
            ObjectRecursionLimit = RecursiveLimit,
            LimitToString = limitToString, // 0 for the shipped templates: a catalogue of 10,000 rows is several megabytes
            CancellationToken = token,
            TemplateLoader = this,
            EnableRelaxedMemberAccess = false,
            MemberFilter = _ => false, // no .NET member is visible: the model is plain script objects
        };
        context.PushGlobal(globals);
        return context;
    }

    // Partials: only names of templates already loaded, never a path.
    string ITemplateLoader.GetPath(TemplateContext context, SourceSpan callerSpan, string templateName) =>
        _templates.ContainsKey(templateName) ? templateName : throw new ScriptRuntimeException(callerSpan, $"No partial template '{templateName}'");

    string ITemplateLoader.Load(TemplateContext context, SourceSpan callerSpan, string templatePath) => _templates[templatePath].Text;

    ValueTask<string?> ITemplateLoader.LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) => new(_templates[templatePath].Text);
}
