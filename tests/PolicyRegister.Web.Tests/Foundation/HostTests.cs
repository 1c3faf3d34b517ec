using System.Net;
using System.Net.Http.Json;
using Npgsql;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Foundation;

[Collection(RegisterCollection.Name)]
public class HostTests(RegisterApp app)
{
    [Fact]
    public async Task when_the_database_answers_health_should_be_200()
    {
        var response = await app.Anonymous().GetAsync("/health");
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        (await response.Content.ReadAsStringAsync()).Should().Contain("healthy");
    }

    [Fact]
    public async Task when_a_document_is_registered_through_http_its_events_should_be_in_postgresql_with_author_and_reason()
    {
        var jurisdiction = Given.Jurisdiction();
        var (id, _) = await Given.Registered(app.Clerk(), Given.Document(jurisdiction, "卫政发〔2019〕7号", "关于某事项的通知", "2019-03-01", new { on = "2019-04-01" }));

        await using var conn = await app.OpenDatabase();
        await using var cmd = new NpgsqlCommand(
            "select type, user_name, headers->>'reason', data->>'number' from register.mt_events where stream_id = @id order by version", conn);
        cmd.Parameters.AddWithValue("id", id);
        var rows = new List<(string Type, string User, string Reason, string? Number)>();
        await using (var reader = await cmd.ExecuteReaderAsync())
            while (await reader.ReadAsync())
                rows.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3)));

        rows.Select(r => r.Type).Should().Equal("document_registered", "effective_date_set");
        rows.Should().OnlyContain(r => r.User == RegisterApp.ClerkName && r.Reason == "登记测试文件");
        rows[0].Number.Should().Be("卫政发〔2019〕7号");
    }

    [Fact]
    public async Task when_the_body_is_not_json_the_answer_should_be_a_400_problem()
    {
        var response = await app.Clerk().PostAsync("/api/documents", new StringContent("{not json", System.Text.Encoding.UTF8, "application/json"));
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task when_a_date_has_the_wrong_type_the_answer_should_be_a_400_problem_and_nothing_stored()
    {
        var jurisdiction = Given.Jurisdiction();
        var response = await app.Clerk().PostAsJsonAsync("/api/documents", new
        {
            number = "卫政发〔2019〕8号", title = "t", issuers = new[] { "x" }, jurisdiction, kind = "normative", signedOn = "2019-13-45", reason = "r",
        });
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var found = await Given.Get(app.Anonymous(), $"/api/documents?jurisdiction={Uri.EscapeDataString(jurisdiction)}");
        found["total"]!.GetValue<long>().Should().Be(0);
    }

    [Fact]
    public async Task when_the_register_has_started_its_tables_should_leave_room_for_rewritten_documents_and_compress_with_lz4()
    {
        await using var conn = await app.OpenDatabase();
        async Task<object?> Scalar(string sql)
        {
            await using var cmd = new NpgsqlCommand(sql, conn);
            return await cmd.ExecuteScalarAsync();
        }
        (await Scalar("select array_to_string(reloptions, ',') from pg_class where oid = 'register.mt_doc_document'::regclass"))
            .Should().Be($"fillfactor={Infrastructure.RegisterSchema.DocumentFillFactor}");
        // A server built without LZ4 keeps pglz (the start must not fail there).
        var lz4 = (bool)(await Scalar("select 'lz4' = any(enumvals) from pg_settings where name = 'default_toast_compression'"))!;
        foreach (var table in new[] { "mt_doc_document", "mt_doc_decision", "mt_doc_documenttext", "mt_events" })
            (await Scalar($"select attcompression::text from pg_attribute where attrelid = 'register.{table}'::regclass and attname = 'data'"))
                .Should().Be(lz4 ? "l" : "", table);
    }
}
