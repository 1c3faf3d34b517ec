using Marten;

namespace PolicyRegister.Web.Infrastructure;

public static class Health
{
    /// <summary>200 only when the database answers: load balancers route by it.</summary>
    public static void MapRegisterHealth(this WebApplication app)
    {
        app.MapGet("/health", async (IQuerySession session, CancellationToken token) =>
        {
            try
            {
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(token);
                timeout.CancelAfter(TimeSpan.FromSeconds(3));
                var one = await session.QueryAsync<int>("select 1", timeout.Token);
                return one.Count == 1 ? Results.Ok(new { status = "healthy" }) : Unhealthy("no answer");
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or OperationCanceledException or TimeoutException or InvalidOperationException)
            {
                return Unhealthy(ex.Message);
            }
        }).AllowAnonymous().ExcludeFromDescription();
    }

    private static IResult Unhealthy(string why) =>
        Results.Json(new { status = "unhealthy", database = why }, statusCode: StatusCodes.Status503ServiceUnavailable);
}
