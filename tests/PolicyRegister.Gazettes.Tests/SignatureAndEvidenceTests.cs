using PolicyRegister.Domain.Documents;

namespace PolicyRegister.Gazettes.Tests;

/// <summary>Signatures in other layouts (a seal instead of an organ line, circles for zeros) and the normative flag's evidence.</summary>
public class SignatureAndEvidenceTests
{
    private static ImportPlan Gazette(string body) => GazetteParser.Parse($"""
        石嘴山市人民政府公报
        2010年第2期
        2010年4月1日出版

        {body}
        """);

    [Fact]
    public void when_the_organ_is_a_seal_the_date_alone_should_sign_and_the_public_mark_still_count()
    {
        var plan = Gazette("""
            石嘴山市人民政府关于印发石嘴山市城市供水管理办法的通知
            石政发〔2010〕12号

            各县（区）人民政府：
            现将《石嘴山市城市供水管理办法》印发给你们，请认真贯彻执行。

            二○一○年三月五日
            （此件公开发布）

            第一条 为了加强城市供水管理，制定本办法。
            第二条 本办法自2010年4月1日起施行。
            """);
        var document = plan.Documents.Should().ContainSingle().Subject;
        document.SignedOn.Should().Be(new DateOnly(2010, 3, 5));
        document.Public.Should().BeTrue();
        document.Issuers.Should().Equal("石嘴山市人民政府");
        plan.Warnings.Should().Contain(w => w.Message.Contains("taken from the title"));
    }

    [Fact]
    public void when_a_public_document_with_articles_has_no_normative_marker_it_should_be_normative_with_a_warning_to_confirm()
    {
        var plan = Gazette("""
            石嘴山市人民政府关于印发石嘴山市城市供水管理暂行办法的通知
            石政发〔2010〕13号

            各县（区）人民政府：
            现将《石嘴山市城市供水管理暂行办法》印发给你们，请认真贯彻执行。

            石嘴山市人民政府
            2010年3月5日
            （此件公开发布）

            第一条 为了加强城市供水管理，制定本办法。
            """);
        var document = plan.Documents.Single();
        document.Normative.Should().BeTrue();
        document.Kind.Should().Be(DocumentKind.Normative);
        document.Evidence.Should().Contain(e => e.Fact == "normative" && e.Text.Contains("此件公开发布"));
        plan.Warnings.Should().Contain(w => w.Line == document.Line && w.Message.Contains("thin evidence"));
    }

    [Fact]
    public void when_a_document_has_no_normative_evidence_it_should_say_so_in_its_evidence()
    {
        var plan = Gazette("""
            石嘴山市人民政府关于张三同志任职的通知
            石政干发〔2010〕4号

            各县（区）人民政府：
            经研究，决定任命张三同志为某职务。

            石嘴山市人民政府
            2010年3月5日
            """);
        var document = plan.Documents.Single();
        document.Normative.Should().BeFalse();
        document.Evidence.Should().Contain(e => e.Fact == "normative");
        plan.Warnings.Should().NotContain(w => w.Message.Contains("thin evidence"));
    }

    [Fact]
    public void when_the_masthead_stands_right_above_the_first_document_it_should_not_join_its_title() =>
        Gazette("""
            石嘴山市人民政府关于张三同志任职的通知
            石政干发〔2010〕4号

            石嘴山市人民政府
            2010年3月5日
            """).Documents.Single().Title.Should().Be("石嘴山市人民政府关于张三同志任职的通知");
}
