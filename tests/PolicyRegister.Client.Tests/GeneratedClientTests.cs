using PolicyRegister.Client;
using PolicyRegister.Web.Tests.Fixtures;

namespace PolicyRegister.Client.Tests;

[CollectionDefinition(Name)]
public sealed class ClientCollection : ICollectionFixture<RegisterApp>
{
    public const string Name = "client";
}

/// <summary>
/// The main flow through the client NSwag generated from the live contract, unedited: register, record facts, read the
/// status on dates, preview and apply a decision, read the decision, and a stale version refused with 409.
/// </summary>
[Collection(ClientCollection.Name)]
public class GeneratedClientTests(RegisterApp app)
{
    private static DateTimeOffset Day(int y, int m, int d) => new(y, m, d, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task when_a_generated_client_drives_the_register_every_step_should_succeed_and_a_stale_version_should_be_409()
    {
        var jurisdiction = Given.Jurisdiction();
        var clerk = new DocumentsClient(app.Clerk());
        var reader = new DocumentsClient(app.Anonymous());
        var decisions = new DecisionsClient(app.Reviewer());

        var registered = await clerk.RegisterDocumentAsync(new RegisterDocument
        {
            Number = "客政规发〔2024〕3号", Title = "某某县生成客户端测试办法", Issuers = ["某某县人民政府"], Jurisdiction = jurisdiction,
            Kind = DocumentKind.Normative, SignedOn = Day(2024, 1, 16), Reason = "据公报登记",
        });
        registered.Created.Should().BeTrue();
        var effective = await clerk.SetEffectiveDateAsync(registered.Id, new SetEffectiveDate
        {
            Version = registered.Version, Effective = new EffectiveInput { On = Day(2024, 2, 1) }, Reason = "据原文第十条",
        });
        var term = await clerk.SetValidityTermAsync(registered.Id, new SetValidityTerm
        {
            Version = effective.Version, Expires = new ExpiresInput { On = Day(2029, 1, 31) }, Reason = "据原文第十条",
        });

        (await reader.GetDocumentStatusAsync(registered.Id, "2024-01-20", null)).Status.Should().Be(StatusViewStatus.Not_yet_effective);
        (await reader.GetDocumentStatusAsync(registered.Id, "2024-06-01", null)).Status.Should().Be(StatusViewStatus.In_force);

        var decision = new ApplyDecision
        {
            Number = "客政发〔2025〕1号", Title = "某某县人民政府关于废止部分行政规范性文件的决定", Issuers = ["某某县人民政府"], Jurisdiction = jurisdiction,
            SignedOn = Day(2025, 6, 20), Effective = new EffectiveInput { On = Day(2025, 7, 1) },
            Items = [new DecisionItemInput { Action = DecisionAction.Repeal, Seq = 1, Title = "某某县生成客户端测试办法", Number = "客政规发〔2024〕3号" }],
            Reason = "据2025年第7期公报",
        };
        var preview = await decisions.PreviewDecisionAsync(new DecisionInput
        {
            Number = decision.Number, Title = decision.Title, Issuers = decision.Issuers, Jurisdiction = jurisdiction, SignedOn = decision.SignedOn,
            Effective = decision.Effective, Items = decision.Items,
        });
        preview.CanApply.Should().BeTrue();
        var applied = await decisions.ApplyDecisionAsync(decision);
        applied.Counts["repeal"].Should().Be(1);
        (await decisions.ApplyDecisionAsync(decision)).AlreadyApplied.Should().BeTrue("applying again answers 200 with the first result");

        (await reader.GetDocumentStatusAsync(registered.Id, "2025-07-01", null)).Status.Should().Be(StatusViewStatus.Repealed);
        var read = await new DecisionsClient(app.Anonymous()).GetDecisionAsync("客政发〔2025〕1号", jurisdiction);
        read.Items.Should().ContainSingle().Which.Title.Should().Be("某某县生成客户端测试办法");

        var stale = async () => await clerk.SetValidityTermAsync(registered.Id, new SetValidityTerm
        {
            Version = term.Version - 1, Expires = new ExpiresInput { On = Day(2030, 1, 31) }, Reason = "过期的版本",
        });
        (await stale.Should().ThrowAsync<ApiException>()).Which.StatusCode.Should().Be(409);
    }
}
