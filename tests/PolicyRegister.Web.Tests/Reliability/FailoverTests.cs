using Marten;
using Microsoft.Extensions.DependencyInjection;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Web.Tests.Reliability;

[Collection(RegisterCollection.Name)]
public class FailoverTests(RegisterApp app)
{
    [Fact]
    public async Task when_the_register_talks_to_postgresql_the_server_should_check_for_dead_clients_during_queries()
    {
        // The daemon's lock holder waits in pg_sleep: without the check a killed leader keeps the lock until the sleep ends.
        await using var session = app.Services.GetRequiredService<IDocumentStore>().QuerySession();
        var setting = await session.QueryAsync<string>("select current_setting('client_connection_check_interval')");
        setting.Should().Equal("1s");
    }

    [Theory]
    [InlineData("Host=db;Database=r", "-c client_connection_check_interval=1000")]
    [InlineData("Host=db;Database=r;Options=-c statement_timeout=5000", "-c statement_timeout=5000 -c client_connection_check_interval=1000")]
    [InlineData("Host=db;Database=r;Options=-c client_connection_check_interval=200", "-c client_connection_check_interval=200")]
    public void when_a_connection_string_is_configured_the_dead_client_check_should_be_added_once(string given, string options) =>
        new Npgsql.NpgsqlConnectionStringBuilder(Infrastructure.ConfigureStore.WithConnectionSettings(given)).Options.Should().Be(options);

    [Theory]
    [InlineData("Host=db;Database=r", 64)]
    [InlineData("Host=db;Database=r;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Database=r;Max Auto Prepare=10", 10)]
    public void when_a_connection_string_is_configured_statements_should_be_prepared_unless_it_says_otherwise(string given, int prepared) =>
        new Npgsql.NpgsqlConnectionStringBuilder(Infrastructure.ConfigureStore.WithConnectionSettings(given)).MaxAutoPrepare.Should().Be(prepared);
}
