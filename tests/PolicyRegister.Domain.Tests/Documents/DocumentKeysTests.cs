using FluentAssertions;
using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Texts;
using Xunit;

namespace PolicyRegister.Domain.Tests.Documents;

public class DocumentKeysTests
{
    [Fact]
    public void when_a_documents_titles_change_its_keys_should_follow_them()
    {
        var document = new Document { Title = "中卫市古树名木保护管理办法" };
        document.TitleKeys.Should().Equal(SearchKeys.Of("中卫市古树名木保护管理办法"));
        document.MatchKeys.Should().Equal(TitleKey.IndexKeys(["中卫市古树名木保护管理办法"]));

        document.Title = "中卫市航空运输发展专项资金管理办法";
        document.TitleKeys.Should().Equal(SearchKeys.Of("中卫市航空运输发展专项资金管理办法"));
        document.MatchKeys.Should().Equal(TitleKey.IndexKeys(["中卫市航空运输发展专项资金管理办法"]));

        document.AlternativeTitles.Add("中卫市古树名木保护管理办法");
        document.TitleKeys.Should().Equal(SearchKeys.Of(document.SearchText));
        document.MatchKeys.Should().Equal(TitleKey.IndexKeys(["中卫市航空运输发展专项资金管理办法", "中卫市古树名木保护管理办法"]));
    }
}
