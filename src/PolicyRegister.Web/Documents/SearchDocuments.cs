using Marten;
using Marten.Pagination;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;

namespace PolicyRegister.Web.Documents;

public sealed record DocumentSummary(
    Guid Id, string? Number, string Title, IReadOnlyList<string> Issuers, string Jurisdiction, string JurisdictionName, DocumentKind Kind,
    DateOnly? SignedOn, ValidityStatus Status, DateOnly? Since, LegalBasis? Basis, bool PendingAmendment, bool KnownOnlyFromDecisions)
{
    /// <summary>The document's permanent URI (see <see cref="Site.Eli"/>).</summary>
    public string Uri { get; init; } = "";

    /// <summary>With `in=text`: where the words stand in the text (a snippet, the match in it, the article); absent otherwise.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public TextMatch? Match { get; init; }
}

public sealed record DocumentSearchPage(DateOnly On, long Total, int Page, int PageSize, IReadOnlyList<DocumentSummary> Items)
{
    /// <summary>True when counting stopped at <see cref="Total"/> and more documents may match (words of a title count up to <see cref="TitleSearch.CountCap"/>, words inside texts up to <see cref="TextSearch.CountCap"/>).</summary>
    public bool TotalIsLowerBound { get; init; }

    /// <summary>Words of a title: the cursor of the next page (pass it as <c>after</c>), absent on the last page.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? Next { get; init; }
}

/// <summary>
/// GET /api/documents?number=&amp;q=&amp;status=&amp;on=&amp;issuer=&amp;kind=&amp;year=&amp;jurisdiction=&amp;include=&amp;page=&amp;pageSize=&amp;after=
/// over the inline snapshots; the status filter is the indexed validity interval, never a replay. Words of a title
/// (<see cref="TitleSearch"/>) rank by relevance then date and page by offset or by cursor (`after`). `include=parents`
/// adds the divisions above the jurisdiction (the rules that bind its people), `include=children` those below it.
/// </summary>
public static class SearchDocumentsEndpoint
{
    public const int MaxPageSize = 200;

    /// <summary>The order of a list without words: newest first, undated last, then by number.</summary>
    public const string ListOrder = "d.signed_on desc nulls last, d.number";

    [WolverineGet("/api/documents")]
    public static async Task<IResult> Get(
        string? number, string? q, string? status, string? on, string? issuer, string? kind, string? year,
        string? jurisdiction, string? include, string? page, string? pageSize, string? after, HttpContext http, IQuerySession session, Site.PublicUrls urls, TimeProvider clock, CancellationToken token)
    {
        if (!Jurisdictions.JurisdictionQuery.TryResolve(jurisdiction, include, out var scope, out var jurisdictionProblem))
            return jurisdictionProblem!.ToResult();
        var errors = new List<RuleViolation>();
        if (!DocumentReads.TryParseOn(on, clock, out var date))
            errors.Add(new("on", $"日期格式应为 YYYY-MM-DD ('{on}' is not a date YYYY-MM-DD)"));
        // Any written form, brackets or 号 left out, or a whole series (卫政规发〔2024〕).
        NumberQuery? parsedNumber = null;
        if (!string.IsNullOrWhiteSpace(number) && (parsedNumber = NumberQuery.Read(number)) is null)
            errors.Add(new("number", DocumentNumber.TryParse(number, out _, out var numberError) ? "无法识别的文号" : numberError));
        var statusFilter = ParseEnum<ValidityStatus>(status, "status", errors);
        var kindFilter = ParseEnum<DocumentKind>(kind, "kind", errors);
        var yearFilter = ParseInt(year, "year", 1949, 2200, null, errors);
        var pageNumber = ParseInt(page, "page", 1, 100_000, 1, errors)!.Value;
        var size = ParseInt(pageSize, "pageSize", 1, MaxPageSize, 20, errors)!.Value;
        if (q is { Length: > 100 }) errors.Add(new("q", "检索词过长 (at most 100 characters)"));
        // `in` is a C# keyword (and Wolverine generates a local of the parameter's name): read from the query itself.
        var @in = http.Request.Query["in"].ToString() is { Length: > 0 } scopeText ? scopeText : null;
        if (@in is not (null or "" or "title" or "text")) errors.Add(new("in", "检索范围为 title 或 text (in is title or text)"));
        var words = TextSearch.Words(q ?? "");
        if (@in == "text" && words.Length == 0) errors.Add(new("q", "全文检索须给出字词 (in=text needs words in q)"));
        TitleCursor? cursor = null;
        if (after is not null && (@in == "text" || words.Length == 0))
            errors.Add(new("after", "after 仅用于标题检索的下一页 (after pages a search by words of a title: give q)"));
        else if (after is not null && !TitleCursor.TryParse(after, out cursor))
            errors.Add(new("after", "无法识别的游标，请使用上一页返回的 next (not a cursor this search returned)"));
        else if (after is not null && pageNumber != 1)
            errors.Add(new("page", "after 与 page 只能择一 (give after or page, not both)"));
        if (errors.Count > 0) return Problems.Invalid(errors).ToResult();

        // Filters beyond the jurisdiction: the searches by words answer without the documents' columns when there are none.
        var others = parsedNumber is not null || !string.IsNullOrWhiteSpace(issuer) || kindFilter is not null || yearFilter is not null || statusFilter is not null;
        if (@in == "text")
        {
            // Inside the texts, with the other filters applied to the candidates; newest first, the total counted up to a cap.
            // Words alone or within jurisdictions: the documents in signing order are read from an index alone.
            var filtered = others ? Filter(session.Query<Document>(), parsedNumber, scope?.Codes, issuer, kindFilter, yearFilter, statusFilter, date) : null;
            var inTexts = await TextSearch.Find(session, others ? null : scope?.Codes, filtered, q!, (pageNumber - 1) * size, size, token);
            var pageItems = inTexts.Items.Select(m => Summary(m.Document, date, urls) with { Match = m.Match }).ToList();
            return Results.Ok(new DocumentSearchPage(date, inTexts.Total, pageNumber, size, pageItems) { TotalIsLowerBound = inTexts.TotalCapped });
        }

        if (words.Length > 0)
        {
            // Words alone or within jurisdictions: the titles' own rows answer; other filters need the documents'.
            var filtered = others ? Filter(session.Query<Document>(), parsedNumber, null, issuer, kindFilter, yearFilter, statusFilter, date) : null;
            var inTitles = await TitleSearch.Find(session, scope?.Codes, filtered, q!, cursor is null ? (pageNumber - 1) * size : 0, size, cursor, token);
            return Results.Ok(new DocumentSearchPage(date, inTitles.Total, pageNumber, size, [.. inTitles.Items.Select(d => Summary(d, date, urls))])
                { TotalIsLowerBound = inTitles.TotalCapped, Next = inTitles.Next });
        }
        var query = Filter(session.Query<Document>(), parsedNumber, scope?.Codes, issuer, kindFilter, yearFilter, statusFilter, date);
        var found = await query.OrderBySql(ListOrder)
            .ToPagedListAsync(pageNumber, size, token);
        var items = found.Select(d => Summary(d, date, urls)).ToList();
        return Results.Ok(new DocumentSearchPage(date, found.TotalItemCount, pageNumber, size, items));
    }

    /// <summary>The search's filters, shared by the API and the public search page.</summary>
    public static IQueryable<Document> Filter(IQueryable<Document> query, NumberQuery? number, IReadOnlyList<string>? jurisdictions, string? issuer,
        DocumentKind? kind, int? year, ValidityStatus? status, DateOnly on)
    {
        if (number?.Exact is { } exact)
        {
            var key = exact.Key;
            query = query.Where(d => d.NumberKey == key);
        }
        else if (number?.KeyPrefix is { } prefix)
            query = query.Where(d => d.NumberKey!.StartsWith(prefix));
        if (jurisdictions is [var only]) query = query.Where(d => d.Jurisdiction == only);
        else if (jurisdictions is { Count: > 1 }) query = query.Where(d => d.Jurisdiction.IsOneOf(jurisdictions.ToArray()));
        if (!string.IsNullOrWhiteSpace(issuer)) query = query.Where(d => d.Issuers.Contains(issuer.Trim()));
        if (kind is { } k) query = query.Where(d => d.Kind == k);
        if (year is { } y)
        {
            DateOnly first = new(y, 1, 1), last = new(y, 12, 31);
            query = query.Where(d => d.SignedOn >= first && d.SignedOn <= last);
        }
        return status is { } s ? WithStatusOn(query, s, on) : query;
    }

    public static DocumentSummary Summary(Document d, DateOnly on, Site.PublicUrls urls)
    {
        var a = Validity.On(d, on);
        return new(d.Id, d.Number, d.Title, d.Issuers, d.Jurisdiction, Domain.Jurisdictions.Divisions.NameOf(d.Jurisdiction), d.Kind, d.SignedOn, a.Status, a.Since, a.Basis,
            a.PendingAmendment, d.KnownOnlyFromDecisions) { Uri = urls.Absolute(Site.Eli.Of(d)) };
    }

    /// <summary>The status rules of <see cref="Validity.On"/>, written as a query over the stored validity interval.</summary>
    public static IQueryable<Document> WithStatusOn(IQueryable<Document> query, ValidityStatus status, DateOnly d) => status switch
    {
        ValidityStatus.InForce => query.Where(x => x.InForceFrom <= d && (x.InForceUntil == null || x.InForceUntil > d)),
        ValidityStatus.Expired or ValidityStatus.Repealed or ValidityStatus.DeclaredInvalid =>
            query.Where(x => x.InForceUntil <= d && x.UntilStatus == status),
        ValidityStatus.NotYetEffective => query.Where(x => (x.InForceUntil == null || x.InForceUntil > d)
            && (x.EffectiveOn > d || (x.EffectiveOn == null && x.SignedOn > d))),
        _ => query.Where(x => (x.InForceUntil == null || x.InForceUntil > d)
            && (x.InForceFrom == null || x.InForceFrom > d)
            && !(x.EffectiveOn > d)
            && !(x.EffectiveOn == null && x.SignedOn > d)),
    };

    private static T? ParseEnum<T>(string? text, string field, List<RuleViolation> errors) where T : struct, Enum
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var wanted = text.Trim().Replace("_", "");
        if (Enum.TryParse<T>(wanted, ignoreCase: true, out var value) && Enum.IsDefined(value)) return value;
        var names = Enum.GetNames<T>().Select(n => ConfigureHttp.EnumNaming.ConvertName(n));
        errors.Add(new(field, $"可选值：{string.Join(", ", names)} ('{text}' is not one of these)"));
        return null;
    }

    private static int? ParseInt(string? text, string field, int min, int max, int? fallback, List<RuleViolation> errors)
    {
        if (string.IsNullOrWhiteSpace(text)) return fallback;
        if (int.TryParse(text.Trim(), out var n) && n >= min && n <= max) return n;
        errors.Add(new(field, $"应为{min}到{max}之间的整数 ('{text}' must be a whole number from {min} to {max})"));
        return fallback;
    }
}
