using JasperFx.CommandLine;
using Spectre.Console;

namespace PolicyRegister.Web.Imports;

/// <summary>
/// The command line speaks like a tool: stdout carries only data (`import --dry-run --json`, `publish` without
/// `--out`), notes and progress go to stderr, and the framework's own assembly-scanning notes are not printed.
/// </summary>
public static class CommandOutput
{
    public static TextWriter Data { get; private set; } = Console.Out;

    /// <summary>True when the process runs a command (import, publish, sample …) rather than serving.</summary>
    public static bool IsCommand(string[] args) => args.Length > 0 && !args[0].StartsWith('-') && args[0] != "run";

    /// <summary>Whether the arguments ask JasperFx's projections command for a rebuild (which is then followed by a vacuum).</summary>
    public static bool IsRebuild(string[] args) => args.Length > 1 && args[0] == "projections" && args.Skip(1).Any(a => a is "rebuild" or "--rebuild");

    /// <summary>
    /// How long one projection's rebuild may run when the command does not say (<c>--shard-timeout</c>). JasperFx
    /// cancels a shard after 5 minutes by default, and the texts of 100,000 documents took 295 s on a 2-core machine
    /// (one run) and were cut off in the next, leaving that table partly filled.
    /// </summary>
    public static readonly TimeSpan RebuildTimeout = TimeSpan.FromHours(2);

    /// <summary>The arguments, with <see cref="RebuildTimeout"/> added to a rebuild that names no shard timeout of its own.</summary>
    public static string[] WithRebuildTimeout(string[] args) =>
        IsRebuild(args) && !args.Any(a => a.StartsWith("--shard-timeout", StringComparison.Ordinal))
            ? [.. args, "--shard-timeout", RebuildTimeout.ToString("c", System.Globalization.CultureInfo.InvariantCulture)]
            : args;

    /// <summary>A dry run, the help text, code generation and the OpenAPI export (Wolverine's `openapi`, which never starts the host) need no database.</summary>
    public static bool NeedsNoDatabase(string[] args) =>
        args.Contains("--dry-run") || (args.Length > 0 && args[0] is "help" or "?" or "--help" or "-h" or "codegen" or "openapi");

    public static void Prepare(string[] args)
    {
        // JasperFx prints "Searching '<assembly>' for commands" until extensions count as applied; applying an
        // empty set marks them so (the flag is static). Commands are still found the same way.
        new CommandFactory().ApplyExtensions(new ServiceCollection());
        Data = Console.Out;
        if (args.Contains("--json")) Console.SetOut(Console.Error);
    }

    /// <summary>A console on stderr; wide when redirected, so that a log file keeps one line per step.</summary>
    public static IAnsiConsole Notes()
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        if (Console.IsErrorRedirected) console.Profile.Width = 240;
        return console;
    }

    /// <summary>Reports each step as it happens, on the caller's thread (Progress&lt;T&gt; posts them out of order).</summary>
    public sealed class Steps(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
