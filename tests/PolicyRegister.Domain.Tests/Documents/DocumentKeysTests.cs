using FluentAssertions;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using Xunit;

namespace PolicyRegister.Domain.Tests.Documents;

public class DocumentKeysTests
{
    [Fact]
    public void when_a_documents_titles_change_its_keys_should_follow_them()
    {
        var document = new Document { Title = "中卫市古树名木保护管理办法" };
        document.MatchKeys.Should().Equal(TitleKey.IndexKeys(["中卫市古树名木保护管理办法"]));

        document.Title = "中卫市航空运输发展专项资金管理办法";
        document.MatchKeys.Should().Equal(TitleKey.IndexKeys(["中卫市航空运输发展专项资金管理办法"]));

        document.AlternativeTitles.Add("中卫市古树名木保护管理办法");
        document.MatchKeys.Should().Equal(TitleKey.IndexKeys(["中卫市航空运输发展专项资金管理办法", "中卫市古树名木保护管理办法"]));
    }

    /// <summary>One event of every type the document folds, and a text, the title events among them in the order a register sees them.</summary>
    private static object[] History()
    {
        var id = Guid.NewGuid();
        var basis = new LegalBasis("卫政规发〔2023〕2号");
        object[] history =
        [
            new DocumentListedByDecision(id, "卫政发〔2009〕49号", "中卫市某某办法", [], "中卫市", basis),
            new DocumentRetained(D("2023-12-19"), basis),
            new DocumentRegistered(id, "卫政发〔2009〕49号", "中卫市城市绿化管理办法", ["绿化办法"], ["中卫市人民政府"], "640500",
                DocumentKind.Normative, D("2009-05-04"), null, false, [], null),
            new PublicationRecorded(new Publication(D("2009-05-20"), "中卫市人民政府公报", "2009年第5期", 3)),
            new EffectiveDateSet(EffectiveRule.Date, D("2009-06-01"), null, null),
            new DocumentCorrected("title", "中卫市城市绿化管理办法", "中卫市城市绿化条例实施办法", "标题更正"),
            new ValidityTermSet(null, "至新办法施行", null, null),
            new ValidityTermResolved(D("2027-10-30"), null),
            new ValidityTermExtended(D("2029-10-30"), basis),
            new DocumentCorrected("signedOn", "2009-05-04", "2009-05-06", "成文日期更正"),
            new AmendmentOrdered(D("2024-06-01"), basis, null),
            new DocumentAmended(D("2024-09-01"), null, "修订"),
            new ListedForReference(D("2024-10-01"), basis, null, null, null),
            new StatusChecked(D("2024-10-02"), CheckSource.Gazette, null, null),
            new StatusClaimed(Guid.NewGuid(), "门户网站", ClaimedStatus.InForce, D("2024-10-03"), null, null),
            new StatusClaimSettled(Guid.NewGuid(), "已核对"),
            new TextRecorded("第一条 为了……", null, null),
            new DocumentCorrected("jurisdiction", "640500", "640502", "制定机关属沙坡头区"),
            new TermLapsed(D("2029-10-31")),
            new DocumentRepealed(D("2025-01-01"), basis, null),
            new DocumentDeclaredInvalid(D("2025-02-01"), basis, null),
            new DocumentReplaced(D("2025-03-01"), basis),
        ];
        history.Select(e => e.GetType()).Distinct().Should().BeEquivalentTo(Document.EventTypes.Append(typeof(TextRecorded)),
            "the history holds every event the document folds, and a text, which it does not");
        return history;
    }

    [Fact]
    public void when_only_the_title_events_of_a_history_are_folded_the_titles_date_and_jurisdiction_should_equal_the_whole_folds()
    {
        var history = History();
        var whole = Document.From(history);
        var titles = Document.From(history.Where(e => Document.TitleEventTypes.Contains(e.GetType())));
        titles.SearchText.Should().Be(whole.SearchText).And.Contain("中卫市城市绿化条例实施办法").And.Contain("中卫市城市绿化管理办法");
        titles.SignedOn.Should().Be(whole.SignedOn).And.Be(D("2009-05-06"));
        titles.Jurisdiction.Should().Be(whole.Jurisdiction).And.Be("640502");
    }

    [Fact]
    public void when_a_history_is_folded_without_its_texts_the_document_should_equal_the_whole_fold()
    {
        // The stored snapshot listens to Document.EventTypes only (no texts): it must hold what a fold of everything holds.
        var history = History();
        var folded = Document.From(history.Where(e => Document.EventTypes.Contains(e.GetType())));
        var whole = Document.From(history);
        history.OfType<TextRecorded>().Should().NotBeEmpty();
        System.Text.Json.JsonSerializer.Serialize(folded).Should().Be(System.Text.Json.JsonSerializer.Serialize(whole));
        folded.EndedAs.Should().Be(whole.EndedAs).And.NotBeNull("the history ends the document, so the comparison covers its status");
    }

    private static DateOnly D(string iso) => DateOnly.Parse(iso);
}
