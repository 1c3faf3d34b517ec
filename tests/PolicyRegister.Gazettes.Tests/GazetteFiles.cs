namespace PolicyRegister.Gazettes.Tests;

/// <summary>
/// The shared gazettes are read where they are, never copied into the repo: PR_GAZETTES, or ../shared/gazettes
/// beside the checkout. Without them, the tests that need them are reported as skipped, by name.
/// </summary>
public static class GazetteFiles
{
    public static readonly string? Folder = Find();

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("PR_GAZETTES") is { Length: > 0 } configured)
            return Directory.Exists(configured) ? configured : null;
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PolicyRegister.sln")))
            {
                var shared = Path.Combine(dir.FullName, "..", "shared", "gazettes");
                return Directory.Exists(shared) ? Path.GetFullPath(shared) : null;
            }
        }
        return null;
    }

    public static ImportPlan Plan(string name) => GazetteParser.Parse(File.ReadAllBytes(Path.Combine(Folder!, name)));
}

/// <summary>A fact that needs the shared gazettes; skipped, with the reason, when they are absent.</summary>
public sealed class GazetteFactAttribute : FactAttribute
{
    public GazetteFactAttribute()
    {
        if (GazetteFiles.Folder is null) Skip = "the shared gazettes are not here (set PR_GAZETTES or put shared/ beside the checkout)";
    }
}
