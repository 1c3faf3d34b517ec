using Marten;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Jurisdictions;
using PolicyRegister.Domain.Numbers;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;
using PolicyRegister.Web.Jurisdictions;
using Wolverine.Http;

namespace PolicyRegister.Web.Oversight;

public sealed record AttentionReasonView(AttentionReason Reason, DateOnly DueOn, string Detail);

public sealed record AttentionEntry(
    Guid DocumentId, string? Number, string Title, string Jurisdiction, ValidityStatus Status, DateOnly DueOn, IReadOnlyList<AttentionReasonView> Reasons);

public sealed record AttentionLimitsView(int DefaultValidityYears, int TrialValidityYears, int PendingAmendmentDays, int NotCheckedDays, string Source);

public sealed record NumberGapsSummary(int Series, int SeriesWithGaps, int Missing, string Url)
{
    /// <summary>The series with gaps (for the staff home); the API gives the count and the link.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyList<SeriesGaps> WithGaps { get; init; } = [];
}

public sealed record AttentionAnswer(
    string Jurisdiction, string JurisdictionName, DateOnly On, int Within, AttentionLimitsView Limits,
    Dictionary<string, int> Counts, int Total, bool Truncated, IReadOnlyList<AttentionEntry> Items, NumberGapsSummary NumberGaps);

/// <summary>
/// GET /api/attention?jurisdiction=&amp;on=&amp;within=&amp;reason=&amp;include=children&amp;limit=: the documents that need a person on
/// the date — terms ending within `within` days, text terms possibly past, trial and termless documents past the
/// jurisdiction's limits, amendments ordered long ago, documents known only from lists, statuses not checked for
/// long, claims from other sources that disagree — each with its reasons and the date it became due; and the number
/// series with gaps. Staff only: it names the office's backlog.
/// </summary>
public static class GetAttentionEndpoint
{
    public const int MaxLimit = 1000;

    [WolverineGet("/api/attention"), Microsoft.AspNetCore.Authorization.Authorize(Policy = Auth.Policies.Write)]
    public static async Task<IResult> Get(
        string? jurisdiction, string? on, string? within, string? reason, string? include, string? limit,
        IQuerySession session, TimeProvider clock, AttentionOptions options, JurisdictionChecks checks, CancellationToken token)
    {
        if (string.IsNullOrWhiteSpace(jurisdiction))
            return Problems.Invalid(new RuleViolation("jurisdiction", "请指定管辖区 (jurisdiction is required)")).ToResult();
        if (!JurisdictionQuery.TryResolve(jurisdiction, include, out var scope, out var problem)) return problem!.ToResult();
        if (!DocumentReads.TryParseOn(on, clock, out var date))
            return Problems.Invalid(new RuleViolation("on", $"日期格式应为 YYYY-MM-DD ('{on}' is not a date YYYY-MM-DD)")).ToResult();
        if (!Whole(within, 90, 0, 3650, out var days))
            return Problems.Invalid(new RuleViolation("within", "within 应为 0–3650 的天数 (within is a number of days, 0–3650)")).ToResult();
        if (!Whole(limit, 200, 1, MaxLimit, out var take))
            return Problems.Invalid(new RuleViolation("limit", $"limit 应为 1–{MaxLimit} (limit must be 1–{MaxLimit})")).ToResult();
        AttentionReason? only = null;
        if (!string.IsNullOrWhiteSpace(reason))
        {
            var named = Enum.GetValues<AttentionReason>().Where(r => ConfigureHttp.EnumNaming.ConvertName(r.ToString()) == reason.Trim()).ToList();
            if (named.Count == 0)
                return Problems.Invalid(new RuleViolation("reason", $"未知的原因“{reason}”，可选：{string.Join("、", Names())} (unknown reason)")).ToResult();
            only = named[0];
        }

        return Results.Ok(await AttentionQuery.Run(session, scope!, date, days, only, take, options, checks, token));
    }

    public static IEnumerable<string> Names() => Enum.GetValues<AttentionReason>().Select(r => ConfigureHttp.EnumNaming.ConvertName(r.ToString()));

    private static bool Whole(string? text, int fallback, int min, int max, out int value)
    {
        if (string.IsNullOrWhiteSpace(text)) { value = fallback; return true; }
        return int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out value)
            && value >= min && value <= max;
    }
}

/// <summary>The attention list of one jurisdiction scope: the one computation behind the API and the staff home.</summary>
public static class AttentionQuery
{
    public static async Task<AttentionAnswer> Run(
        IQuerySession session, JurisdictionScope scope, DateOnly date, int days, AttentionReason? only, int take,
        AttentionOptions options, JurisdictionChecks checks, CancellationToken token)
    {
        var codes = scope.Codes;
        var docs = await session.Query<Document>().Where(d => codes.Contains(d.Jurisdiction)).ToListAsync(token);
        var (limits, source) = options.For(scope.Code);
        var entries = new List<AttentionEntry>();
        var jurisdictionChecks = new Dictionary<string, CheckView?>();
        foreach (var doc in docs)
        {
            if (!jurisdictionChecks.TryGetValue(doc.Jurisdiction, out var byJurisdiction))
                jurisdictionChecks[doc.Jurisdiction] = byJurisdiction = await checks.For(doc.Jurisdiction, null, session, token);
            var check = JurisdictionChecks.Latest(doc, byJurisdiction);
            var found = Attention.Of(doc, date, days, limits, check?.On).Where(a => only is null || a.Reason == only).ToList();
            if (found.Count == 0) continue;
            entries.Add(new AttentionEntry(doc.Id, doc.Number, doc.Title, doc.Jurisdiction, Validity.On(doc, date).Status, found.Min(a => a.DueOn),
                [.. found.Select(a => new AttentionReasonView(a.Reason, a.DueOn, a.Detail))]));
        }
        var counts = Enum.GetValues<AttentionReason>().ToDictionary(
            r => ConfigureHttp.EnumNaming.ConvertName(r.ToString()), r => entries.Count(e => e.Reasons.Any(x => x.Reason == r)));

        var numbers = docs.Where(d => d.Number is not null && d.Jurisdiction == scope.Code)
            .Select(d => DocumentNumber.TryParse(d.Number, out var n) ? n : null).OfType<DocumentNumber>();
        var series = NumberSeries.Gaps(numbers);
        var gaps = new NumberGapsSummary(series.Count, series.Count(s => s.Missing.Count > 0), series.Sum(s => s.Missing.Count),
            $"/api/numbers/gaps?jurisdiction={scope.Code}")
        {
            WithGaps = [.. series.Where(s => s.Missing.Count > 0)],
        };

        var ordered = entries.OrderBy(e => e.DueOn).ThenBy(e => e.Number).ToList();
        return new AttentionAnswer(scope.Code, Divisions.FullName(scope.Division), date, days,
            new AttentionLimitsView(limits.DefaultValidityYears, limits.TrialValidityYears, limits.PendingAmendmentDays, limits.NotCheckedDays, source),
            counts, ordered.Count, ordered.Count > take, [.. ordered.Take(take)], gaps);
    }
}
