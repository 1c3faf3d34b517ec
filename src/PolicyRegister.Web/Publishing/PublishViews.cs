using System.Globalization;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;

namespace PolicyRegister.Web.Publishing;

// View models: made for one output each, never Marten documents. Dates come both as ISO and as printed (2024年7月4日).

public sealed record CatalogueRow(int Seq, string Id, string Title, string Number, string Issuers, string SignedOn, string EffectiveOn, string Expiry, bool Trial)
{
    /// <summary>部分废止：第五条、第八条 — parts ended on the list's date while the rest stays in force; empty otherwise.</summary>
    public string Partial { get; init; } = "";

    /// <summary>The term ends within 90 days of the list's date (marked so readers know it is about to lapse).</summary>
    public bool EndingSoon { get; init; }

    /// <summary>The document's permanent URI (see <see cref="Site.Eli"/>): <see cref="Url"/> for the site's own links, <see cref="Uri"/> absolute for what leaves it.</summary>
    public string Url { get; init; } = "";
    public string Uri { get; init; } = "";
}

public sealed record CatalogueGroup(string Name, int Count, IReadOnlyList<CatalogueRow> Rows);

public sealed record CatalogueView(
    string Heading, string Jurisdiction, string? Issuer, string On, string OnText, string GroupBy, int Count,
    IReadOnlyList<CatalogueGroup> Groups, string UpToDateAsOf);

public sealed record AnnexRow(int Seq, string Title, string Number)
{
    /// <summary>The row's own reason (废止理由), or for a row listed for reference what it notes (已由…废止，列明备查).</summary>
    public string Reason { get; init; } = "";

    /// <summary>The verb as the decision wrote it for this row, printed when the rows of one list differ.</summary>
    public string Verb { get; init; } = "";

    /// <summary>The articles or annexes the row acts on (第五条、第八条), empty for the whole document.</summary>
    public string Scope { get; init; } = "";

    public bool Reference { get; init; }
}

public sealed record AnnexView(int Index, string Heading, string Action, int Count, IReadOnlyList<AnnexRow> Rows)
{
    public bool HasReasons { get; init; }
    public bool HasVerbs { get; init; }
}

public sealed record DecisionNoticeView(
    string Number, string Title, string Addressees, IReadOnlyList<string> Paragraphs, IReadOnlyList<string> Issuers,
    string SignedOnText, bool Draft, bool Public, IReadOnlyList<string> AnnexList, IReadOnlyList<AnnexView> Annexes)
{
    /// <summary>No body was recorded: the paragraphs were generated from the lists (said in the staff preview).</summary>
    public bool GeneratedBody { get; init; }
}

public sealed record ChangeRow(int Seq, string Id, string Title, string Number, string CeasedOn, string Status, string StatusText, string BasisNumber, string BasisTitle)
{
    /// <summary>The document's permanent URI (see <see cref="Site.Eli"/>): <see cref="Url"/> for the site's own links, <see cref="Uri"/> absolute for what leaves it.</summary>
    public string Url { get; init; } = "";
    public string Uri { get; init; } = "";
}

public sealed record ChangesView(string Heading, string Jurisdiction, string From, string To, string FromText, string ToText, int Count, IReadOnlyList<ChangeRow> Rows, string UpToDateAsOf);

public sealed record CertificateFact(string LegalDate, string Summary, string BasisNumber, string RecordedAt, string RecordedBy);

public sealed record CertificateView(
    string Id, string Number, string Title, string Issuers, string Jurisdiction, string On, string OnText,
    string Status, string StatusText, string Since, string BasisNumber, string BasisTitle, bool PendingAmendment,
    string Expiry, string EffectiveOn, IReadOnlyList<CertificateFact> Timeline, string UpToDateAsOf, string IssuedAt)
{
    public string Caveat { get; init; } = "";
}

public static class Printed
{
    public static string Date(DateOnly? d) => d is { } x ? $"{x.Year}年{x.Month}月{x.Day}日" : "";

    /// <summary>A title to print inside 《》: quotes nested in it become 〈〉, as gazettes print them.</summary>
    public static string Inner(string title) => title.Replace('《', '〈').Replace('》', '〉');

    public static string Iso(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    public static string Moment(DateTimeOffset? t) => t is { } x
        ? TimeZoneInfo.ConvertTime(x, Domain.Dates.RegisterCalendar.Zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + " (北京时间)"
        : "";

    public static string Status(ValidityStatus s) => s switch
    {
        ValidityStatus.NotYetEffective => "尚未生效",
        ValidityStatus.InForce => "现行有效",
        ValidityStatus.Expired => "已失效",
        ValidityStatus.Repealed => "已废止",
        ValidityStatus.DeclaredInvalid => "已宣布失效",
        _ => "状态待核实",
    };

    public static string Code(ValidityStatus s) => Infrastructure.ConfigureHttp.EnumNaming.ConvertName(s.ToString());

    public static string Expiry(Document d) => d.ExpiresOn is { } on ? Date(on) : d.ExpiryText is { } text ? $"{text}（待核定）" : "";

    public static string Effective(Document d) => d.EffectiveOn is { } on ? Date(on) : d.EffectiveRule switch
    {
        EffectiveRule.OnPublication => "自公布之日",
        EffectiveRule.OnSigning => "自印发之日",
        _ => "",
    };

    public static string Action(DecisionAction a) => DecisionPlanner.Label(a);

    public static string Code2Kind(DocumentKind k) => Infrastructure.ConfigureHttp.EnumNaming.ConvertName(k.ToString());

    public static string Code2(DecisionAction a) => Infrastructure.ConfigureHttp.EnumNaming.ConvertName(a.ToString());
}
