using PolicyRegister.Web.Imports;

namespace PolicyRegister.Web.Tests.Foundation;

/// <summary>The arguments the register hands to JasperFx's commands (pure: no host is started).</summary>
public class CommandLineTests
{
    [Fact]
    public void when_a_rebuild_names_no_shard_timeout_it_should_be_given_the_registers()
    {
        CommandOutput.WithRebuildTimeout(["projections", "rebuild", "--projection", "Document"])
            .Should().Equal("projections", "rebuild", "--projection", "Document", "--shard-timeout", "02:00:00");
        TimeSpan.Parse("02:00:00", System.Globalization.CultureInfo.InvariantCulture).Should().Be(CommandOutput.RebuildTimeout);
    }

    [Fact]
    public void when_a_rebuild_names_its_shard_timeout_or_the_command_is_another_the_arguments_should_stay_as_given()
    {
        string[] own = ["projections", "rebuild", "--shard-timeout", "00:10:00"];
        CommandOutput.WithRebuildTimeout(own).Should().Equal(own);
        string[] list = ["projections", "list"];
        CommandOutput.WithRebuildTimeout(list).Should().Equal(list);
        string[] import = ["import", "gazette.txt", "--dry-run"];
        CommandOutput.WithRebuildTimeout(import).Should().Equal(import);
    }
}
