using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Jurisdictions;
using PolicyRegister.Domain.Numbers;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;

namespace PolicyRegister.Web.Documents;

/// <summary>The body of POST /api/documents, and a document in an import plan.</summary>
public sealed record RegisterDocument(
    string? Number,
    string? Title,
    IReadOnlyList<string>? Issuers,
    string? Jurisdiction,
    DocumentKind? Kind,
    DateOnly? SignedOn,
    EffectiveInput? Effective = null,
    ExpiresInput? Expires = null,
    bool Trial = false,
    Publication? Publication = null,
    IReadOnlyList<string>? AlternativeTitles = null,
    IReadOnlyList<string>? Instruments = null,
    string? Source = null,
    bool ConfirmBeforeSigning = false,
    string? Reason = null) : IWriteCommand;

public sealed record DocumentRegistration(Guid Id, string Number, long Version, bool Created);

public static class RegisterDocumentEndpoint
{
    public static ProblemDetails Validate(RegisterDocument cmd) => Problems.Invalid(Checks(cmd));

    /// <summary>The input checks of a registration, for the API and the workspace form alike.</summary>
    public static IEnumerable<RuleViolation?> Checks(RegisterDocument cmd) =>
        [
            DocumentInputs.CheckNumber(cmd.Number, "number"),
            DocumentInputs.CheckText(cmd.Title, "title", 500),
            DocumentInputs.CheckJurisdiction(cmd.Jurisdiction),
            cmd.Issuers is null || cmd.Issuers.Count == 0 || cmd.Issuers.Any(string.IsNullOrWhiteSpace)
                ? new RuleViolation("issuers", "至少给出一个发文机关 (at least one issuer is required)") : null,
            .. DocumentInputs.CheckList(cmd.Issuers, "issuers", 20, 200),
            .. DocumentInputs.CheckList(cmd.Instruments, "instruments", 50, 500),
            DocumentInputs.CheckText(cmd.Source, "source", 500, required: false),
            cmd.Kind is null ? new RuleViolation("kind", "请给出文件类型：normative、rule 或 other (kind is required)") : null,
            DocumentInputs.CheckDate(cmd.SignedOn, "signedOn", required: false),
            .. DocumentInputs.CheckPublication(cmd.Publication),
            .. DocumentInputs.CheckEffective(cmd.Effective),
            .. DocumentInputs.CheckExpires(cmd.Expires),
            .. DocumentInputs.CheckList(cmd.AlternativeTitles, "alternativeTitles", 20, 500),
        ];

    /// <summary>
    /// Pure decision: a new stream, or the completion of a stub known only from decisions; a number
    /// already registered in the jurisdiction is a conflict.
    /// </summary>
    public static (ProblemDetails Problem, Guid StreamId, object[] Events) Decide(RegisterDocument cmd, Document? existing, Guid newId)
    {
        var number = DocumentNumber.Parse(cmd.Number);
        if (existing is { KnownOnlyFromDecisions: false })
            return (Problems.Conflict($"{Divisions.NameOf(DocumentInputs.JurisdictionCode(cmd.Jurisdiction))}已登记文号为{number.Canonical}的文件 (already registered as {existing.Id}: {existing.Title})"), existing.Id, []);

        var id = existing?.Id ?? newId;
        var self = new LegalBasis(number.Canonical, cmd.Title!.Trim(), id);
        var registered = new DocumentRegistered(
            id, number.Canonical, cmd.Title.Trim(),
            (cmd.AlternativeTitles ?? []).Select(t => t.Trim()).Distinct().ToList(),
            cmd.Issuers!.Select(i => i.Trim()).ToList(),
            DocumentInputs.JurisdictionCode(cmd.Jurisdiction), cmd.Kind!.Value, cmd.SignedOn, cmd.Publication, cmd.Trial,
            (cmd.Instruments ?? []).Select(t => t.Trim()).ToList(), cmd.Source);

        // Completing a document known only from decisions: its registration is checked against what the register
        // already holds (a repeal from 2024-08-01 refuses an effective date after it), by the rules each fact's own
        // endpoint runs — one rule set for both paths.
        var state = existing?.Copy() ?? new Document();
        if (DocumentRules.CanSign(state, cmd.SignedOn) is { } unsigned) return (Problems.Rule(unsigned), id, []);
        state.When(registered);
        var events = new List<object> { registered };
        if (cmd.Effective is not null)
        {
            var effective = cmd.Effective.ToEvent(self, null);
            state.When(effective);
            if (DocumentRules.CanSetEffective(state, state.EffectiveOn, cmd.ConfirmBeforeSigning, "effective.on") is { } v)
                return (Problems.Rule(v), id, []);
            events.Add(effective);
        }
        if (cmd.Expires is not null)
        {
            if (DocumentRules.CanSetTerm(state, cmd.Expires.On, "expires.on") is { } v) return (Problems.Rule(v), id, []);
            events.Add(cmd.Expires.ToEvent(self, null));
        }
        return (Problems.None, id, [.. events]);
    }

    [WolverinePost("/api/documents"), Authorize(Policy = Policies.Write)]
    public static async Task<IResult> Post(RegisterDocument cmd, IDocumentSession session, CancellationToken token)
    {
        var key = DocumentNumber.Parse(cmd.Number).Key;
        var jurisdiction = DocumentInputs.JurisdictionCode(cmd.Jurisdiction);
        // A stub filled in is decided on as read, with its stream's version: a concurrent write fails this one (409).
        var (existing, before) = await DocumentReads.CurrentByNumberKey(session, key, jurisdiction, token);

        var (problem, id, events) = Decide(cmd, existing, Guid.CreateVersion7());
        if (problem != Problems.None) return problem.ToResult();

        if (existing is null) session.Events.StartStream<Document>(id, events);
        else session.Events.Append(id, before + events.Length, events);

        var version = before + events.Length;
        var body = new DocumentRegistration(id, ((DocumentRegistered)events[0]).Number, version, existing is null);
        return existing is null ? Results.Created($"/api/documents/{id}", body) : Results.Ok(body);
    }
}
