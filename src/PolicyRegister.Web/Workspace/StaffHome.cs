using Marten;
using Microsoft.AspNetCore.Authorization;
using PolicyRegister.Domain.Dates;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Auth;
using PolicyRegister.Web.Publishing;
using PolicyRegister.Web.Site;
using Wolverine.Http;

namespace PolicyRegister.Web.Workspace;

public sealed record AttentionRow(string Url, string Title, string Number, string Jurisdiction, string Note);

public sealed record AttentionView(int Days, int Months, IReadOnlyList<AttentionRow> Ending, IReadOnlyList<AttentionRow> Unresolved,
    IReadOnlyList<AttentionRow> PendingAmendment, IReadOnlyList<AttentionRow> KnownOnlyFromDecisions);

/// <summary>GET /staff: what needs a clerk's attention.</summary>
public static class StaffHome
{
    [WolverineGet("/staff"), Authorize(Policy = Policies.Staff)]
    public static async Task<IResult> Get(int? days, int? months, HttpContext http, IQuerySession session, TimeProvider clock, CancellationToken token)
    {
        var n = Math.Clamp(days ?? 90, 1, 3650);
        var m = Math.Clamp(months ?? 6, 1, 120);
        var today = RegisterCalendar.Today(clock.GetUtcNow());
        var horizon = today.AddDays(n);
        var ending = await session.Query<Document>().Where(d => d.ExpiresOn >= today && d.ExpiresOn <= horizon && d.EndedOn == null).OrderBy(d => d.ExpiresOn).Take(50).ToListAsync(token);
        var unresolved = await session.Query<Document>().Where(d => d.ExpiryText != null && d.ExpiresOn == null && d.EndedOn == null).Take(50).ToListAsync(token);
        var amended = await session.Query<Document>().Where(d => d.AmendmentOrders.Any() && d.EndedOn == null).Take(500).ToListAsync(token);
        var stubs = await session.Query<Document>().Where(d => d.KnownOnlyFromDecisions).Take(50).ToListAsync(token);
        var cutoff = today.AddMonths(-m);

        AttentionRow Row(Document d, string note) => new($"/documents/{d.Id}", d.Title, d.Number ?? "", Domain.Jurisdictions.Divisions.NameOf(d.Jurisdiction), note);
        var view = new AttentionView(n, m,
            ending.Select(d => Row(d, $"有效期至{Printed.Date(d.ExpiresOn)}")).ToList(),
            unresolved.Select(d => Row(d, $"有效期至{d.ExpiryText}，待核定")).ToList(),
            amended.Where(d => Validity.PendingAmendment(d, today) && d.AmendmentOrders.Max(o => o.On) <= cutoff)
                .Take(50).Select(d => Row(d, $"{Printed.Date(d.AmendmentOrders.Max(o => o.On))}决定修改，修改文本尚未登记")).ToList(),
            stubs.Select(d => Row(d, "仅见于清理决定目录，文件本身尚未登记")).ToList());
        return SitePages.Render(http, "staff-home.html", "待办事项", view);
    }
}
