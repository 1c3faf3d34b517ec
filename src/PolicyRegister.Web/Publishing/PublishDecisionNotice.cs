using System.Text.RegularExpressions;
using Marten;
using Microsoft.AspNetCore.Authorization;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Numbers;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Decisions;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;

namespace PolicyRegister.Web.Publishing;

/// <summary>
/// The cleanup decision notice as a gazette prints it: the decision, then 附件1/2/3 (决定保留／废止／修改…目录) with
/// 序号, 规范性文件名称, 文号. From a stored decision (GET), or from a draft before it is applied (POST).
/// </summary>
public static partial class PublishDecisionNoticeEndpoint
{
    [WolverineGet("/publish/decisions/{number}")]
    public static async Task<IResult> Get(string number, string? jurisdiction, string? format, IQuerySession session, TemplateStore templates, CancellationToken token)
    {
        if (!Publish.TryFormat(format, Publish.Lists, out var output, out var formatError)) return Publish.Invalid(formatError);
        if (!DocumentNumber.TryParse(number, out var parsed, out var numberError)) return Publish.Invalid(new RuleViolation("number", numberError));
        if (!Jurisdictions.JurisdictionQuery.TryResolve(jurisdiction, null, out var scope, out var problem, notFound: true)) return problem!.ToResult();
        var key = parsed.Key;
        var code = scope?.Code;
        var found = await session.Query<Decision>().Where(d => d.NumberKey == key && (code == null || d.Jurisdiction == code)).Take(2).ToListAsync(token);
        if (found.Count == 0) return Problems.NotFound($"登记簿中没有决定 {number} (no decision {number})").ToResult();
        if (found.Count > 1) return Publish.Invalid(new RuleViolation("jurisdiction", "多个管辖区有此文号的决定，请指定 jurisdiction"));
        var d = found[0];
        var model = Build(d.Number, d.Title, d.Addressees, d.Body, d.Issuers, d.SignedOn, d.Items, draft: false, d.EffectiveRule, d.EffectiveOn);
        return Publish.Render(templates, "decision", model, output, $"decision-{d.Number}");
    }

    [WolverinePost("/publish/decisions/preview"), Authorize(Policy = Policies.Write)]
    public static IResult Post(DecisionInput draft, string? format, TemplateStore templates)
    {
        if (!Publish.TryFormat(format, Publish.Lists, out var output, out var formatError)) return Publish.Invalid(formatError);
        var invalid = Problems.Invalid(DecisionInputs.Check(draft));
        if (invalid != Problems.None) return invalid.ToResult();
        var model = Build(DocumentNumber.Parse(draft.Number).Canonical, draft.Title!.Trim(), draft.Addressees, draft.Body, draft.Issuers!, draft.SignedOn,
            DecisionInputs.Items(draft), draft: true, DecisionInputs.Rule(draft), DecisionInputs.EffectiveOn(draft));
        return Publish.Render(templates, "decision", model, output, "decision-draft");
    }

    /// <summary>
    /// The notice prints the decision as recorded: its addressees and body paragraphs. Only where no body was recorded
    /// are paragraphs generated from the lists, ending with the decision's own effective clause (a date, on signing, on
    /// publication), never a fixed one.
    /// </summary>
    public static DecisionNoticeView Build(string number, string title, string? addressees, string? body, IReadOnlyList<string> issuers, DateOnly? signedOn,
        IReadOnlyList<DecisionItem> items, bool draft, EffectiveRule rule, DateOnly? effectiveOn)
    {
        var scope = Scope().Match(title) is { Success: true } m ? m.Groups["scope"].Value : "行政规范性文件";
        var lists = Enum.GetValues<DecisionAction>()
            .Select(a => (Action: a, Rows: items.Where(i => i.Action == a).ToList()))
            .Where(l => l.Rows.Count > 0)
            .ToList();
        // Each list under the verb its rows were written with (宣布继续有效, 停止执行 …), when they share one.
        // Rows stay in the order and under the verb the decision printed; a row listed for reference says so in the last column.
        var annexes = lists.Select((l, i) => new AnnexView(i + 1, $"决定{Verb(l.Rows, l.Action)}的{scope}目录", Printed.Code2(l.Action), l.Rows.Count,
            l.Rows.Select(r => new AnnexRow(r.Seq, r.Title, r.Number is { } n && DocumentNumber.TryParse(n, out var x) ? x.Canonical : r.Number ?? "")
            {
                Reason = r.Reference ? ReferenceRemark(r) : r.ReasonText ?? "",
                Verb = r.Verb ?? Printed.Action(r.Action),
                Scope = r.Scope?.Describe() ?? "",
                Reference = r.Reference,
            }).ToList())
        {
            HasReasons = l.Rows.Any(r => r.ReasonText is { Length: > 0 } || r.Reference),
            HasVerbs = l.Rows.Where(r => !r.Reference).Select(r => r.Verb ?? Printed.Action(r.Action)).Distinct().Count() > 1,
        }).ToList();
        var generated = string.IsNullOrWhiteSpace(body);
        var acting = lists.Select(l => (l.Action, Count: l.Rows.Count(r => !r.Reference))).Where(l => l.Count > 0).ToList();
        List<string> paragraphs = generated
            ? [$"经研究，决定{string.Join("、", acting.Select(l => $"{Printed.Action(l.Action)}{scope}{l.Count}件"))}。", .. EffectiveClause(rule, effectiveOn)]
            : body!.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
        return new DecisionNoticeView(number, title, addressees ?? "", paragraphs, issuers, Printed.Date(signedOn), draft, true,
            annexes.Select(a => $"{a.Index}.{a.Heading}").ToList(), annexes) { GeneratedBody = generated };
    }

    private static string Verb(IReadOnlyList<DecisionItem> rows, DecisionAction action) =>
        rows.Where(r => !r.Reference).Select(r => r.Verb).Distinct().ToList() is [{ Length: > 0 } only] ? only : Printed.Action(action);

    /// <summary>What a reference row notes, as the decision wrote it, marked as listed for information (列明备查).</summary>
    private static string ReferenceRemark(DecisionItem r)
    {
        var said = r.ReasonText ?? (r.EndedBy is { } by ? $"已由{by}{(r.Verb ?? "已废止").TrimStart('已')}" : r.Verb ?? "");
        return said.Length == 0 ? "列明备查，本决定不另作处理" : $"{said}（列明备查，本决定不另作处理）";
    }

    public static IEnumerable<string> EffectiveClause(EffectiveRule rule, DateOnly? on) => rule switch
    {
        EffectiveRule.Date when on is { } d => [$"本决定自{Printed.Date(d)}起施行。"],
        EffectiveRule.OnSigning => ["本决定自印发之日起施行。"],
        EffectiveRule.OnPublication => ["本决定自公布之日起施行。"],
        _ => [],
    };

    [GeneratedRegex(@"关于(?:(?:保留|废止|修改|宣布失效|失效|和|、|及)+)(?<scope>.+?)的决定")]
    private static partial Regex Scope();
}
