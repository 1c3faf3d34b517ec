using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Marten;

namespace PolicyRegister.Web.Documents;

public sealed record LifecycleRecorded(Guid Id, long Version, IReadOnlyList<string> Recorded);

/// <summary>What every per-fact endpoint shares: input checks first (400), then the document's rules (422).</summary>
public static class Lifecycle
{
    public static ProblemDetails Check(IEnumerable<RuleViolation?> inputChecks, Func<RuleViolation?> rule)
    {
        var invalid = Problems.Invalid(inputChecks);
        return invalid != Problems.None ? invalid : Problems.Rule(rule());
    }

    /// <summary>Repeal, declaration of invalidity and replacement share their checks.</summary>
    /// <remarks>A scope ends only the parts it names: the same rules hold (a document already ended has no part left to end).</remarks>
    public static ProblemDetails CheckEnding(DateOnly? on, BasisInput? basis, Document document, string? verb = null, PartScope? scope = null) =>
        Check([DocumentInputs.CheckDate(on, "on"), .. DocumentInputs.CheckBasis(basis), DocumentInputs.CheckText(verb, "verb", 20, required: false),
                .. DocumentInputs.CheckScope(scope)],
            () => DocumentRules.CanEnd(document, on!.Value));

    /// <summary>The verb as written, or none.</summary>
    public static string? Verb(string? verb) => string.IsNullOrWhiteSpace(verb) ? null : verb.Trim();

    /// <summary>A fact whose basis is the document's own text (its 施行 or 有效期 clause).</summary>
    public static LegalBasis Self(Document document) => new(document.Number, document.Title, document.Id);

    /// <summary>
    /// The answer names the stream's version after the write: the command's, which the aggregate's fetch has already
    /// held to the stream's (a stale one is a 409 before this runs), plus what is appended.
    /// </summary>
    public static (IResult, Events) Appended(Auth.IDocumentCommand cmd, Document document, params object[] events)
    {
        var appended = new Events();
        appended.AddRange(events);
        var body = new LifecycleRecorded(document.Id, cmd.Version + events.Length, events.Select(e => e.GetType().Name).ToList());
        return (Results.Ok(body), appended);
    }
}
