using PolicyRegister.Domain.Documents;

namespace PolicyRegister.Domain.Tests.Documents;

public class ValidityTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly LegalBasis Decision = new("卫政规发〔2023〕2号");

    private static DocumentRegistered Registered(DateOnly? signed = null) => new(
        Id, "卫政规发〔2024〕1号", "中卫市航空运输发展专项资金管理办法", [], ["中卫市人民政府"], "中卫市",
        DocumentKind.Normative, signed ?? new DateOnly(2024, 1, 16), null, false, [], null);

    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    private static ValidityStatus StatusOn(string date, params object[] events) => Validity.On(Document.From(events), D(date)).Status;

    [Theory]
    [InlineData("2024-02-16", ValidityStatus.NotYetEffective)]
    [InlineData("2024-02-17", ValidityStatus.InForce)]
    [InlineData("2024-02-18", ValidityStatus.InForce)]
    public void when_asked_around_the_effective_date_it_should_be_in_force_from_that_day(string on, ValidityStatus expected)
    {
        StatusOn(on, Registered(), new EffectiveDateSet(EffectiveRule.Date, D("2024-02-17"), null, null)).Should().Be(expected);
    }

    [Theory]
    [InlineData("2026-12-30", ValidityStatus.InForce)]
    [InlineData("2026-12-31", ValidityStatus.InForce)]
    [InlineData("2027-01-01", ValidityStatus.Expired)]
    public void when_asked_around_the_last_day_of_its_term_it_should_be_in_force_through_that_day(string on, ValidityStatus expected)
    {
        StatusOn(on, Registered(), new EffectiveDateSet(EffectiveRule.Date, D("2024-02-17"), null, null),
            new ValidityTermSet(D("2026-12-31"), null, null, null)).Should().Be(expected);
    }

    [Theory]
    [InlineData("2024-06-30", ValidityStatus.InForce)]
    [InlineData("2024-07-01", ValidityStatus.Repealed)]
    [InlineData("2024-07-02", ValidityStatus.Repealed)]
    public void when_asked_around_a_repeal_it_should_not_be_in_force_on_the_repeal_date(string on, ValidityStatus expected)
    {
        StatusOn(on, Registered(), new EffectiveDateSet(EffectiveRule.Date, D("2024-02-17"), null, null),
            new DocumentRepealed(D("2024-07-01"), Decision, null)).Should().Be(expected);
    }

    [Fact]
    public void when_declared_invalid_it_should_say_declared_invalid_with_the_basis()
    {
        var doc = Document.From([Registered(), new EffectiveDateSet(EffectiveRule.Date, D("2024-02-17"), null, null),
            new DocumentDeclaredInvalid(D("2024-07-01"), Decision, null)]);
        var answer = Validity.On(doc, D("2024-08-01"));
        answer.Status.Should().Be(ValidityStatus.DeclaredInvalid);
        answer.Basis.Should().Be(Decision);
        answer.Since.Should().Be(D("2024-07-01"));
    }

    [Fact]
    public void when_the_term_is_only_text_it_should_stay_in_force_and_show_the_text_unresolved()
    {
        var doc = Document.From([Registered(), new EffectiveDateSet(EffectiveRule.Date, D("2024-02-17"), null, null),
            new ValidityTermSet(null, "2027年夏秋航季结束", null, null)]);
        var answer = Validity.On(doc, D("2030-01-01"));
        answer.Status.Should().Be(ValidityStatus.InForce);
        answer.Expiry.Should().Be(new ExpiryAnswer(null, "2027年夏秋航季结束", false));
    }

    [Fact]
    public void when_the_term_text_is_resolved_it_should_expire_after_the_resolved_day()
    {
        var events = new object[] { Registered(), new EffectiveDateSet(EffectiveRule.Date, D("2024-02-17"), null, null),
            new ValidityTermSet(null, "2027年夏秋航季结束", null, null), new ValidityTermResolved(D("2027-10-30"), null) };
        StatusOn("2027-10-30", events).Should().Be(ValidityStatus.InForce);
        StatusOn("2027-10-31", events).Should().Be(ValidityStatus.Expired);
    }

    [Fact]
    public void when_the_effective_date_is_unknown_it_should_be_unknown_after_signing_and_not_yet_effective_before()
    {
        StatusOn("2024-01-15", Registered(), new EffectiveDateSet(EffectiveRule.Unknown, null, null, null)).Should().Be(ValidityStatus.NotYetEffective);
        StatusOn("2024-05-01", Registered(), new EffectiveDateSet(EffectiveRule.Unknown, null, null, null)).Should().Be(ValidityStatus.Unknown);
    }

    [Fact]
    public void when_it_takes_effect_on_publication_it_should_wait_for_the_publication_date()
    {
        var events = new List<object> { Registered(), new EffectiveDateSet(EffectiveRule.OnPublication, null, null, null) };
        StatusOn("2024-03-01", [.. events]).Should().Be(ValidityStatus.Unknown);
        events.Add(new PublicationRecorded(new Publication(D("2024-02-20"), "中卫市人民政府公报", "2024年第1期", 5)));
        StatusOn("2024-02-19", [.. events]).Should().Be(ValidityStatus.NotYetEffective);
        StatusOn("2024-02-20", [.. events]).Should().Be(ValidityStatus.InForce);
    }

    [Fact]
    public void when_known_only_from_a_retaining_decision_it_should_be_unknown_before_and_in_force_from_the_decision()
    {
        var events = new object[]
        {
            new DocumentListedByDecision(Id, "卫政发〔2009〕49号", "某办法", [], "中卫市", Decision),
            new DocumentRetained(D("2023-12-19"), Decision),
        };
        StatusOn("2023-12-18", events).Should().Be(ValidityStatus.Unknown);
        StatusOn("2023-12-19", events).Should().Be(ValidityStatus.InForce);
    }

    [Fact]
    public void when_known_only_from_a_repealing_decision_it_should_never_default_to_in_force()
    {
        var events = new object[]
        {
            new DocumentListedByDecision(Id, "卫政发〔2005〕96号", "某规定", [], "中卫市", Decision),
            new DocumentRepealed(D("2022-03-01"), Decision, null),
        };
        StatusOn("2022-02-28", events).Should().Be(ValidityStatus.Unknown);
        StatusOn("2022-03-01", events).Should().Be(ValidityStatus.Repealed);
    }

    [Fact]
    public void when_an_amendment_is_ordered_it_should_be_pending_until_the_amended_text_is_recorded()
    {
        var events = new List<object> { Registered(), new EffectiveDateSet(EffectiveRule.Date, D("2024-02-17"), null, null),
            new AmendmentOrdered(D("2024-06-01"), Decision, null) };
        Validity.On(Document.From(events), D("2024-05-31")).PendingAmendment.Should().BeFalse();
        Validity.On(Document.From(events), D("2024-06-01")).PendingAmendment.Should().BeTrue();
        events.Add(new DocumentAmended(D("2024-09-01"), null, "修订后重新印发"));
        Validity.On(Document.From(events), D("2024-08-31")).PendingAmendment.Should().BeTrue();
        var after = Validity.On(Document.From(events), D("2024-09-01"));
        after.PendingAmendment.Should().BeFalse();
        after.Status.Should().Be(ValidityStatus.InForce);
    }

    [Fact]
    public void when_the_term_ends_before_a_later_repeal_it_should_report_expiry_first()
    {
        var events = new object[] { Registered(), new EffectiveDateSet(EffectiveRule.Date, D("2024-02-17"), null, null),
            new ValidityTermSet(D("2024-12-31"), null, null, null), new DocumentRepealed(D("2025-06-01"), Decision, null) };
        StatusOn("2025-01-01", events).Should().Be(ValidityStatus.Expired);
    }
}

public class EvidenceTests
{
    [Fact]
    public void when_the_effective_date_is_unknown_an_ordered_amendment_should_be_evidence_of_being_in_force_from_the_decision()
    {
        var basis = new LegalBasis("卫政规发〔2023〕2号");
        var doc = Document.From([
            new DocumentRegistered(Guid.NewGuid(), "卫政办规发〔2019〕1号", "某实施方案", [], ["中卫市人民政府办公室"], "中卫市",
                DocumentKind.Normative, new DateOnly(2019, 3, 29), null, false, [], null),
            new AmendmentOrdered(new DateOnly(2024, 7, 3), basis, null)]);
        Validity.On(doc, new DateOnly(2024, 7, 2)).Status.Should().Be(ValidityStatus.Unknown);
        var after = Validity.On(doc, new DateOnly(2024, 7, 4));
        after.Status.Should().Be(ValidityStatus.InForce);
        after.PendingAmendment.Should().BeTrue();
        after.Basis.Should().Be(basis);
    }
}
