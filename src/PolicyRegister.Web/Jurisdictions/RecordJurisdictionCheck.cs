using Marten;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Jurisdictions;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Infrastructure;
using Wolverine.Http;

namespace PolicyRegister.Web.Jurisdictions;

/// <summary>Every document of a jurisdiction was checked up to a date (a whole year of its gazette, a comprehensive cleanup).</summary>
public sealed record RecordJurisdictionCheck(DateOnly? CheckedUpTo, CheckSource? Against, string? Reference, string? Reason, string? Note = null) : IWriteCommand;

public sealed record JurisdictionCheckRecorded(string Jurisdiction, string JurisdictionName, DateOnly CheckedUpTo, CheckSource Against, string? Reference);

public static class RecordJurisdictionCheckEndpoint
{
    public static ProblemDetails Validate(RecordJurisdictionCheck cmd, TimeProvider clock) =>
        Problems.Invalid(StatusChecks.Check(cmd.CheckedUpTo, cmd.Against, cmd.Reference, cmd.Note, clock));

    [WolverinePost("/api/jurisdictions/{code}/status-checks"), Authorize(Policy = Policies.Write)]
    public static IResult Post(string code, RecordJurisdictionCheck cmd, IDocumentSession session, JurisdictionChecks checks)
    {
        if (Divisions.ByCode(code) is not { } division)
            return Problems.NotFound($"没有行政区划代码 {code} (no division {code})").ToResult();
        var e = new JurisdictionChecked(division.Code, cmd.CheckedUpTo!.Value, cmd.Against!.Value,
            string.IsNullOrWhiteSpace(cmd.Reference) ? null : cmd.Reference.Trim(), string.IsNullOrWhiteSpace(cmd.Note) ? null : cmd.Note.Trim());
        session.Events.Append(JurisdictionChecked.StreamOf(division.Code), e);
        // Read again after this commit (the transactional middleware saves the session after the handler returns).
        checks.Invalidate();
        return Results.Ok(new JurisdictionCheckRecorded(division.Code, Divisions.FullName(division), e.CheckedUpTo, e.Against, e.Reference));
    }
}
