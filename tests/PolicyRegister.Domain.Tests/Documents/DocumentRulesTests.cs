using PolicyRegister.Domain.Documents;

namespace PolicyRegister.Domain.Tests.Documents;

public class DocumentRulesTests
{
    private static readonly LegalBasis Decision = new("卫政规发〔2023〕2号");

    private static Document InForceFrom(string effective) => Document.From([
        new DocumentRegistered(Guid.NewGuid(), "卫政发〔2019〕1号", "某办法", [], ["中卫市人民政府"], "中卫市",
            DocumentKind.Normative, new DateOnly(2019, 1, 1), null, false, [], null),
        new EffectiveDateSet(EffectiveRule.Date, DateOnly.Parse(effective), null, null)]);

    [Fact]
    public void when_a_repeal_predates_the_effective_date_it_should_be_refused()
    {
        DocumentRules.CanEnd(InForceFrom("2019-03-01"), new DateOnly(2019, 2, 28)).Should().NotBeNull();
        DocumentRules.CanEnd(InForceFrom("2019-03-01"), new DateOnly(2019, 3, 1)).Should().BeNull();
    }

    [Fact]
    public void when_a_document_is_already_repealed_it_should_refuse_a_second_repeal_naming_the_first()
    {
        var doc = InForceFrom("2019-03-01").When(new DocumentRepealed(new DateOnly(2023, 12, 19), Decision, null));
        DocumentRules.CanEnd(doc, new DateOnly(2024, 1, 1))!.Message.Should().Contain("卫政规发〔2023〕2号");
        DocumentRules.CanAmend(doc, new DateOnly(2024, 1, 1)).Should().NotBeNull();
        DocumentRules.CanRetain(doc, new DateOnly(2024, 1, 1)).Should().NotBeNull();
    }

    [Fact]
    public void when_the_effective_date_precedes_signing_it_should_need_an_explicit_confirmation()
    {
        var doc = Document.From([new DocumentRegistered(Guid.NewGuid(), "卫政发〔2019〕1号", "某办法", [], ["x"], "中卫市",
            DocumentKind.Normative, new DateOnly(2019, 1, 10), null, false, [], null)]);
        DocumentRules.CanSetEffective(doc, new DateOnly(2019, 1, 1), confirmedBeforeSigning: false).Should().NotBeNull();
        DocumentRules.CanSetEffective(doc, new DateOnly(2019, 1, 1), confirmedBeforeSigning: true).Should().BeNull();
    }

    [Fact]
    public void when_a_term_ends_before_the_effective_date_it_should_be_refused()
    {
        DocumentRules.CanSetTerm(InForceFrom("2019-03-01"), new DateOnly(2019, 2, 1)).Should().NotBeNull();
        DocumentRules.CanSetTerm(InForceFrom("2019-03-01"), new DateOnly(2024, 2, 1)).Should().BeNull();
    }

    [Fact]
    public void when_resolving_a_term_there_should_be_a_text_to_resolve()
    {
        DocumentRules.CanResolveTerm(InForceFrom("2019-03-01"), new DateOnly(2027, 10, 30)).Should().NotBeNull();
        var withText = InForceFrom("2019-03-01").When(new ValidityTermSet(null, "2027年夏秋航季结束", null, null));
        DocumentRules.CanResolveTerm(withText, new DateOnly(2027, 10, 30)).Should().BeNull();
    }
}
