using System.Text.Json.Serialization;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;

namespace PolicyRegister.Gazettes;

// The import plan: what a gazette justifies, each fact with the line it came from.
// A document here is the body of POST /api/documents; a decision the body of POST /api/decisions.

public sealed record ImportPlan(
    GazetteInfo Gazette,
    IReadOnlyList<TocEntry> Toc,
    IReadOnlyList<PlannedDocument> Documents,
    IReadOnlyList<PlannedDecision> Decisions,
    IReadOnlyList<ImportWarning> Warnings)
{
    /// <summary>What a person must settle before the plan can be committed; a commit refuses while any is left.</summary>
    public IReadOnlyList<ImportWarning> Blocking { get; init; } = [];

    public const string JurisdictionBlock = "jurisdiction";

    /// <summary>
    /// The plan with the jurisdiction a person chose (a division code): every document is filed under it, and the
    /// doubt about the masthead is settled. The masthead as written stays in the gazette's details.
    /// </summary>
    public ImportPlan WithJurisdiction(string code) => this with
    {
        Gazette = Gazette with { Jurisdiction = code },
        Documents = [.. Documents.Select(d => d with { Jurisdiction = code })],
        Blocking = [.. Blocking.Where(b => b.Code != JurisdictionBlock)],
    };
}

/// <param name="Jurisdiction">The division code the masthead names, resolved against the administrative divisions; null when it
/// could not be resolved (then the plan blocks its commit until a person chooses).</param>
/// <param name="JurisdictionWritten">What the masthead says, as written (宁夏回族自治区, 中卫市).</param>
public sealed record GazetteInfo(
    string? Name, int? Year, int? Issue, int? CumulativeIssue, DateOnly? PublishedOn, string? Jurisdiction, string? JurisdictionWritten = null)
{
    /// <summary>"2024年第1期（总第22期）", as the register cites an issue.</summary>
    [JsonIgnore]
    public string? IssueLabel => Year is null || Issue is null ? null
        : CumulativeIssue is null ? $"{Year}年第{Issue}期" : $"{Year}年第{Issue}期（总第{CumulativeIssue}期）";
}

public sealed record TocEntry(string? Section, string Title, string? Number, int? Page, int Line);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Skip)]
public sealed record PlannedEffective(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? On,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] EffectiveRule? Rule);

public sealed record PlannedExpiry(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] DateOnly? On,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Text);

public sealed record Evidence(int Line, string Text, string Fact);

/// <summary>An earlier document that this one repeals or stops (同时废止 / 停止执行), as written.</summary>
public sealed record PlannedRepeal(string? Number, string? Title, int Line);

public sealed record PlannedDocument(
    string Number,
    string Title,
    IReadOnlyList<string> Issuers,
    string? Jurisdiction,
    DocumentKind Kind,
    DateOnly? SignedOn,
    bool Normative,
    string? Section,
    int? Page,
    bool Trial,
    bool Public,
    PlannedEffective? Effective,
    PlannedExpiry? Expires,
    IReadOnlyList<PlannedRepeal> Repeals,
    IReadOnlyList<string> AlternativeTitles,
    IReadOnlyList<Evidence> Evidence,
    int Line)
{
    /// <summary>The document's text as the gazette prints it (the 发文 body with what it attaches), and the lines it spans.</summary>
    public string? Body { get; init; }
    public int? BodyFrom { get; init; }
    public int? BodyTo { get; init; }
}

public sealed record PlannedItem(DecisionAction Action, int Seq, string Title, string? Number, int Line)
{
    /// <summary>The verb as the list's heading or sentence wrote it (废止, 宣布失效, 宣布继续有效, 停止执行 …).</summary>
    public string? Verb { get; init; }

    /// <summary>The row's own reason column (废止理由, 清理理由, 备注), as printed.</summary>
    public string? ReasonText { get; init; }

    /// <summary>The articles or annexes the row names after its title (《…》第五条、第八条); null for the whole document.</summary>
    public PolicyRegister.Domain.Documents.PartScope? Scope { get; init; }

    /// <summary>Listed for information (已由…废止): applying it ends nothing.</summary>
    public bool Reference { get; init; }

    public string? EndedBy { get; init; }
}

public sealed record PlannedDecision(
    string Number,
    string Title,
    IReadOnlyList<string> Issuers,
    DateOnly? SignedOn,
    PlannedEffective? Effective,
    IReadOnlyList<PlannedItem> Items,
    IReadOnlyDictionary<string, int> Announced,
    int Line)
{
    /// <summary>The decision's addressee line (主送) as printed, and the line it stands on.</summary>
    public string? Addressees { get; init; }

    /// <summary>The decision's own paragraphs as printed (lines broken by the layout joined), one per line.</summary>
    public string? Body { get; init; }

    /// <summary>The lines the addressees and the body were read from.</summary>
    public IReadOnlyList<Evidence> TextEvidence { get; init; } = [];
}

/// <param name="Code">For what blocks a commit: which settlement lifts it (`jurisdiction`: choose the division).</param>
public sealed record ImportWarning(int Line, string Message, string? Code = null);

/// <summary>The input cannot be read as a gazette at all (empty, binary, undecodable): nothing is planned.</summary>
public sealed class GazetteFormatException(string message) : Exception(message);
