using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;

namespace PolicyRegister.Domain.Tests.Documents;

public class PartsChecksAndAttentionTests
{
    private static readonly Guid Id = Guid.NewGuid();
    private static readonly LegalBasis Decision = new("某政发〔2024〕1号");
    private static readonly PartScope Articles58 = new(["第五条", "第八条"]);

    private static DateOnly D(string iso) => DateOnly.Parse(iso);

    private static DocumentRegistered Registered(string title = "某某市城市绿化管理办法", bool trial = false) => new(
        Id, "某政规发〔2019〕1号", title, [], ["某某市人民政府"], "640502", DocumentKind.Normative, D("2019-01-10"), null, trial, [], null);

    private static readonly EffectiveDateSet Effective = new(EffectiveRule.Date, D("2019-02-01"), null, null);

    [Theory]
    [InlineData("2024-06-30", ValidityStatus.InForce, false)]
    [InlineData("2024-07-01", ValidityStatus.InForce, true)]
    [InlineData("2025-01-01", ValidityStatus.Repealed, false)]
    public void when_articles_are_repealed_before_the_whole_it_should_be_in_force_with_parts_ended_until_the_whole_ends(
        string on, ValidityStatus status, bool partially)
    {
        var doc = Document.From([Registered(), Effective,
            new DocumentRepealed(D("2024-07-01"), Decision, null, "停止执行", Articles58),
            new DocumentRepealed(D("2025-01-01"), new LegalBasis("某政发〔2024〕9号"), null)]);
        var answer = Validity.On(doc, D(on));
        answer.Status.Should().Be(status);
        answer.PartiallyEnded.Should().Be(partially);
        if (partially) Validity.EndedScope(answer.PartsEnded)!.Describe().Should().Be("第五条、第八条");
    }

    [Fact]
    public void when_two_acts_end_parts_the_scope_should_be_their_union_and_the_whole_should_stay_in_force()
    {
        var doc = Document.From([Registered(), Effective,
            new DocumentDeclaredInvalid(D("2023-01-01"), Decision, null, null, new PartScope(["第三条"])),
            new DocumentRepealed(D("2024-01-01"), Decision, null, null, new PartScope(null, ["附件2"]))]);
        var answer = Validity.On(doc, D("2024-06-01"));
        answer.Status.Should().Be(ValidityStatus.InForce);
        Validity.EndedScope(answer.PartsEnded)!.Describe().Should().Be("第三条、附件2");
        doc.EndedOn.Should().BeNull();
    }

    [Fact]
    public void when_an_ending_names_the_verb_as_written_it_should_be_kept_beside_the_status_and_in_the_timeline()
    {
        var repealed = new DocumentRepealed(D("2024-07-01"), Decision, "被《某某市办法》替代", "停止执行");
        var answer = Validity.On(Document.From([Registered(), Effective, repealed]), D("2024-07-01"));
        answer.Status.Should().Be(ValidityStatus.Repealed);
        answer.Verb.Should().Be("停止执行");
        Timeline.Describe(repealed).Summary.Should().Be("停止执行（废止）（被《某某市办法》替代）");
        Timeline.Describe(new DocumentRepealed(D("2024-07-01"), Decision, null, "废止")).Summary.Should().Be("废止");
        Timeline.Describe(new DocumentRepealed(D("2024-07-01"), Decision, null, null, Articles58)).Kind.Should().Be("partially_repealed");
    }

    [Theory]
    [InlineData("《某某办法》第五条、第八条", "第五条、第八条")]
    [InlineData("第十二条第二款", "第十二条第二款")]
    [InlineData("附件2", "附件2")]
    [InlineData("第5条和附件三", "第5条、附件三")]
    [InlineData("关于印发某某办法的通知", null)]
    [InlineData("", null)]
    public void when_a_row_names_parts_after_its_title_they_should_be_read_as_the_scope(string text, string? described)
    {
        PartScope.Find(text)?.Describe().Should().Be(described);
        if (described is null) PartScope.Find(text).Should().BeNull();
    }

    [Theory]
    [InlineData("第五条", true)]
    [InlineData("第十二条第二款", true)]
    [InlineData("五", false)]
    [InlineData("第五条废止", false)]
    public void when_an_article_is_given_it_should_be_one_article_as_written(string text, bool valid) =>
        PartScope.IsArticle(text).Should().Be(valid);

    [Theory]
    [InlineData("已由《某某市人民政府关于废止部分文件的决定》（某政发〔2021〕3号）废止", true, "《某某市人民政府关于废止部分文件的决定》（某政发〔2021〕3号）", "已废止")]
    [InlineData("已被某政发〔2020〕5号宣布失效", true, "某政发〔2020〕5号", "已宣布失效")]
    [InlineData("已宣布失效", true, null, "已宣布失效")]
    [InlineData("（已废止，列明备查）", true, null, "已废止")]
    [InlineData("供参考", true, null, "供参考")]
    [InlineData("调整对象已消失", false, null, null)]
    [InlineData("与上位法不一致", false, null, null)]
    [InlineData("", false, null, null)]
    public void when_a_row_says_the_document_is_already_ended_it_should_be_a_reference_row(string text, bool reference, string? endedBy, string? verb)
    {
        RowWording.IsReference(text, out var by, out var said).Should().Be(reference);
        by.Should().Be(endedBy);
        said.Should().Be(verb);
    }

    private static IEnumerable<AttentionReason> ReasonsOn(string on, Document doc, DateOnly? checkedUpTo = null, int within = 90) =>
        Attention.Of(doc, D(on), within, new AttentionLimits(), checkedUpTo).Select(a => a.Reason);

    [Fact]
    public void when_a_status_was_never_checked_it_should_need_a_check_a_year_after_it_took_effect_and_a_year_after_each_check()
    {
        var doc = Document.From([Registered(), Effective]);
        ReasonsOn("2020-01-31", doc).Should().NotContain(AttentionReason.NotChecked);
        ReasonsOn("2020-02-01", doc).Should().Contain(AttentionReason.NotChecked);
        ReasonsOn("2024-06-01", doc, checkedUpTo: D("2024-01-01")).Should().NotContain(AttentionReason.NotChecked);
        Attention.Of(doc, D("2025-06-01"), 90, new AttentionLimits(), D("2024-01-01"))
            .Single(a => a.Reason == AttentionReason.NotChecked).DueOn.Should().Be(D("2024-12-31"));
        var repealed = doc.Copy().When(new DocumentRepealed(D("2020-03-01"), Decision, null));
        ReasonsOn("2024-06-01", repealed).Should().NotContain(AttentionReason.NotChecked, "an ended status no longer changes");
    }

    [Theory]
    [InlineData("某某市城市绿化管理办法", false, "2024-01-31", null)]
    [InlineData("某某市城市绿化管理办法", false, "2024-02-01", AttentionReason.DefaultValidityPassed)]
    [InlineData("某某市城市绿化管理暂行办法", false, "2021-02-01", AttentionReason.TrialPastLimit)]
    [InlineData("某某市城市绿化管理办法", true, "2021-02-01", AttentionReason.TrialPastLimit)]
    [InlineData("某某市城市绿化管理办法（试行）", false, "2021-01-31", null)]
    public void when_a_termless_document_passes_its_default_validity_it_should_be_due_on_that_day(string title, bool trial, string on, AttentionReason? expected)
    {
        var reasons = ReasonsOn(on, Document.From([Registered(title, trial), Effective])).Where(r => r is AttentionReason.DefaultValidityPassed or AttentionReason.TrialPastLimit);
        if (expected is null) reasons.Should().BeEmpty();
        else reasons.Should().Equal(expected.Value);
    }

    [Fact]
    public void when_a_claim_disagrees_it_should_need_a_person_until_settled_and_an_agreeing_one_should_not()
    {
        var claimId = Guid.NewGuid();
        var doc = Document.From([Registered(), Effective,
            new StatusClaimed(claimId, "门户网站", ClaimedStatus.NotInForce, D("2024-10-01"), null, null),
            new StatusClaimed(Guid.NewGuid(), "国家法规库", ClaimedStatus.InForce, D("2024-10-01"), null, null)]);
        ReasonsOn("2024-11-01", doc, D("2024-10-01")).Count(r => r == AttentionReason.ClaimDisagrees).Should().Be(1, "only the disagreeing claim");
        doc.When(new StatusClaimSettled(claimId, "核实后不予采信"));
        ReasonsOn("2024-11-01", doc, D("2024-10-01")).Should().NotContain(AttentionReason.ClaimDisagrees);
    }

    [Fact]
    public void when_a_document_is_known_only_from_a_decision_list_it_should_need_registering_from_the_first_evidence()
    {
        var stub = Document.From([new DocumentListedByDecision(Id, "某政发〔2010〕1号", "某某市办法", [], "640502", Decision),
            new DocumentRetained(D("2023-12-19"), Decision)]);
        var item = Attention.Of(stub, D("2024-06-01"), 90, new AttentionLimits(), null).Single(a => a.Reason == AttentionReason.KnownOnlyFromDecisions);
        item.DueOn.Should().Be(D("2023-12-19"));
        var registered = Document.From([Registered(), Effective]);
        Attention.Of(registered, D("2024-06-01"), 90, new AttentionLimits(), D("2024-05-01")).Select(a => a.Reason)
            .Should().NotContain(AttentionReason.KnownOnlyFromDecisions);
    }

    [Fact]
    public void when_a_part_is_ended_a_claim_of_partial_force_should_agree()
    {
        var doc = Document.From([Registered(), Effective, new DocumentRepealed(D("2024-07-01"), Decision, null, null, Articles58),
            new StatusClaimed(Guid.NewGuid(), "门户网站", ClaimedStatus.PartiallyInForce, D("2024-10-01"), null, null)]);
        ClaimCheck.Disagrees(doc, doc.Claims[0]).Should().BeFalse();
    }
}

public class IssuerInferenceTests
{
    [Fact]
    public void when_a_code_names_one_organ_it_should_be_inferred_for_documents_without_an_issuer_and_a_shared_code_should_infer_nothing()
    {
        var learnt = PolicyRegister.Domain.Numbers.IssuerInference.Learn([
            ("卫政发〔2019〕1号", ["中卫市人民政府"]), ("卫政发〔2020〕3号", ["中卫市人民政府"]), ("卫政发〔2021〕2号", ["中卫市人民政府", "中卫市财政局"]),
            ("卫办发〔2019〕1号", ["中卫市人民政府办公室"]), ("卫办发〔2019〕2号", ["中卫市财政局"]),
            ("卫政规发〔2022〕9号", []),
        ]);
        PolicyRegister.Domain.Numbers.IssuerInference.Infer(learnt, "卫政发〔2005〕96号").Should().Be("中卫市人民政府");
        PolicyRegister.Domain.Numbers.IssuerInference.Infer(learnt, "卫办发〔2010〕5号").Should().BeNull("the code is used by two organs");
        PolicyRegister.Domain.Numbers.IssuerInference.Infer(learnt, "卫政规发〔2022〕1号").Should().BeNull("no document of the code names its organ");
    }
}
