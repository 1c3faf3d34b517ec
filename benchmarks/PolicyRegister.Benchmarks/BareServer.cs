using Npgsql;

namespace PolicyRegister.Benchmarks;

/// <summary>
/// The reference: the same status lookup as a bare ASP.NET Core endpoint with one hand-written SQL query through
/// Npgsql, over the same validity interval columns the product keeps.
/// </summary>
public static class BareServer
{
    private const string Sql = """
        select id, data->>'number', data->>'title',
          case
            when d.in_force_until is not null and @on >= d.in_force_until then coalesce(data->>'untilStatus', 'Unknown')
            when d.in_force_from is not null and @on >= d.in_force_from then 'InForce'
            when (data->>'effectiveOn')::date > @on then 'NotYetEffective'
            when (data->>'signedOn')::date > @on then 'NotYetEffective'
            else 'Unknown'
          end
        from register.mt_doc_document d where id = @id
        """;

    public static async Task<int> Run(Options options)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{options.Int("port", 5092)}");
        builder.Services.AddSingleton(NpgsqlDataSource.Create(options.ConnectionString));
        var app = builder.Build();
        app.MapGet("/status/{id:guid}", async (Guid id, DateOnly on, NpgsqlDataSource db) =>
        {
            await using var cmd = db.CreateCommand(Sql);
            cmd.Parameters.AddWithValue("id", id);
            cmd.Parameters.AddWithValue("on", on);
            await using var reader = await cmd.ExecuteReaderAsync();
            if (!await reader.ReadAsync()) return Microsoft.AspNetCore.Http.Results.NotFound();
            return Microsoft.AspNetCore.Http.Results.Ok(new { documentId = reader.GetGuid(0), number = reader.GetString(1), title = reader.GetString(2), on, status = reader.GetString(3) });
        });
        await app.RunAsync();
        return 0;
    }
}
