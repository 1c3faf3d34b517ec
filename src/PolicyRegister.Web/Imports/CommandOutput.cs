namespace PolicyRegister.Web.Imports;

/// <summary>
/// `import --dry-run --json` must print nothing but the plan on stdout, while the command line framework
/// writes its own notes (assembly scanning) to the console. With --json, everything else goes to stderr.
/// </summary>
public static class CommandOutput
{
    public static TextWriter Data { get; private set; } = Console.Out;

    public static void KeepStdoutForData(string[] args)
    {
        if (!args.Contains("--json")) return;
        Data = Console.Out;
        Console.SetOut(Console.Error);
    }
}
