using PolicyRegister.Domain.Decisions;

namespace PolicyRegister.Domain.Tests.Numbers;

public class TitleProbeTests
{
    private static readonly string[] Places = ["中卫市", "沙坡头区", "中宁县", "海原县"];
    private static readonly string[] Topics = ["航空运输发展专项资金", "古树名木保护", "城市绿地养护", "农村饮水安全工程", "公共租赁住房", "残疾人生活补贴", "耕地保护"];
    private static readonly string[] Kinds = ["管理办法", "实施细则", "暂行规定", "实施方案"];

    private static IEnumerable<string> Titles()
    {
        foreach (var place in Places)
        foreach (var topic in Topics)
        foreach (var kind in Kinds)
        {
            yield return $"{place}人民政府关于印发《{place}{topic}{kind}》的通知";
            yield return $"{place}{topic}{kind}";
        }
    }

    [Fact]
    public void when_a_row_is_looked_up_by_its_probe_every_title_scoring_above_the_candidate_threshold_should_hold_one_of_its_grams()
    {
        var register = Titles().Distinct().ToList();
        var keys = register.ToDictionary(t => t, t => TitleKey.IndexKeys([t]).ToHashSet());
        // Grams in three titles in ten or more count as common (人民, 政府, 关于, 印发, 通知…), as the register's statistics would say.
        var share = keys.Values.SelectMany(k => k).GroupBy(g => g).ToDictionary(g => g.Key, g => (double)g.Count() / register.Count);
        Func<int, bool> Common = gram => share.GetValueOrDefault(gram) >= 0.3;
        var rows = register.Concat(["航空运输发展专项资金管理办法", "《中卫市古树名木保护管理办法》", "中宁县人民政府关于城市绿地养护的暂行规定", "毫不相干的标题", "办法"]).ToList();
        var probed = 0;
        foreach (var row in rows)
        {
            var key = TitleKey.Of(row);
            var probe = key.Probe(TitleMatching.CandidateThreshold, Common);
            if (probe is null) continue;
            probed++;
            probe.Where(Common).Should().BeEmpty(row);
            foreach (var title in register.Where(t => TitleMatching.Compare(key, TitleKey.Of(t)).Score >= TitleMatching.CandidateThreshold))
                keys[title].Overlaps(probe).Should().BeTrue($"“{title}” scores above the threshold against “{row}”");
        }
        probed.Should().BeGreaterThan(rows.Count / 2, "most rows have rare grams enough to be looked up");
    }

    [Fact]
    public void when_the_title_index_skips_the_longest_posting_lists_every_title_above_the_threshold_should_keep_its_exact_score()
    {
        var register = Titles().Distinct().Select((t, i) => new Candidate(Guid.NewGuid(), null, null, t, i % 5 == 0 ? [t.Replace("管理办法", "暂行办法")] : [])).ToList();
        var index = new TitleIndex(register);
        var rows = register.Select(c => c.Title).Take(60).Concat(["航空运输发展专项资金管理办法", "《中卫市古树名木保护管理办法》", "中宁县人民政府关于城市绿地养护的暂行规定",
            "海原县人民政府关于印发《海原县耕地保护实施方案》的通知", "毫不相干的标题", "办法", "中卫市"]).ToList();
        foreach (var row in rows)
        {
            var key = TitleKey.Of(row);
            // Every candidate compared one by one: the scores the index must give for those at or above the threshold.
            var expected = register.Select(c => (c.Id, Best: c.TitleKeys.Select(t => TitleMatching.Compare(key, t).Score).Max()))
                .Where(x => x.Best >= TitleMatching.CandidateThreshold).ToDictionary(x => x.Id, x => x.Best);
            var found = index.Scores(key, TitleMatching.CandidateThreshold).Where(x => x.Score >= TitleMatching.CandidateThreshold)
                .ToDictionary(x => x.Candidate.Id, x => x.Score);
            found.Should().BeEquivalentTo(expected, row);
        }
    }

    [Fact]
    public void when_a_title_shares_only_common_grams_with_a_row_yet_scores_above_the_threshold_the_row_should_have_no_probe()
    {
        // A generic title of common grams (wrapping nothing the rules know), and a row that adds two rare grams to it:
        // alike enough to be a candidate.
        const string generic = "人民政府印发管理办法的通知";
        var commonGrams = TitleKey.IndexKeys([generic]).ToHashSet();
        var row = TitleKey.Of(generic + "沙枣");
        TitleMatching.Compare(row, TitleKey.Of(generic)).Score.Should().BeGreaterThanOrEqualTo(TitleMatching.CandidateThreshold);
        var probe = row.Probe(TitleMatching.CandidateThreshold, commonGrams.Contains);
        (probe is null || commonGrams.Overlaps(probe)).Should().BeTrue("a probe of the rare grams alone would miss the generic title");
    }

    [Fact]
    public void when_a_row_is_made_of_common_grams_it_should_have_no_probe()
    {
        TitleKey.Of("管理办法").Probe(TitleMatching.CandidateThreshold, _ => true).Should().BeNull();
        TitleKey.Of("").Probe(TitleMatching.CandidateThreshold, _ => false).Should().BeNull();
        TitleKey.Of("古树名木保护办法").Probe(TitleMatching.CandidateThreshold, _ => false).Should().NotBeEmpty();
    }

    [Fact]
    public void when_two_notices_of_one_issuer_differ_inside_they_should_be_compared_by_what_they_wrap()
    {
        var water = TitleKey.Of("中卫市人民政府关于印发《中卫市城市供水管理办法》的通知");
        var drains = TitleKey.Of("中卫市人民政府关于印发《中卫市城市排水管理办法》的通知");
        // Whole, the shared wrapper alone would make them 0.917 alike: a match.
        TitleMatching.Compare(water, drains).Should().Be((0.8, true));
        TitleMatching.Compare(water, TitleKey.Of("中卫市人民政府办公室关于印发《中卫市城市供水管理办法》的通知")).Should().Be((1.0, true));
        TitleMatching.Compare(water, TitleKey.Of("中卫市人民政府关于印发中卫市城市供水管理办法的通知")).Should().Be((1.0, false), "the same title whole");
        TitleMatching.Compare(water, TitleKey.Of("中卫市城市供水管理办法")).Should().Be((1.0, true));
        // An issuer's own titles are compared by what follows 关于; a row may shorten or leave out the issuer.
        var opinion = TitleKey.Of("中卫市人民政府关于加强城市供水工作的意见");
        TitleMatching.Compare(opinion, TitleKey.Of("中卫市人民政府关于加强城市排水工作的意见")).Should().Be((0.8, true), "0.895 whole");
        TitleMatching.Compare(TitleKey.Of("市人民政府关于加强城市供水工作的意见"), opinion).Should().Be((1.0, true));
        TitleMatching.Compare(TitleKey.Of("关于加强城市供水工作的意见"), opinion).Should().Be((1.0, true));
        TitleMatching.Compare(opinion, opinion).Should().Be((1.0, false));
        // A row quoting the whole title (an annex's 《…》) is read as the title it quotes.
        TitleMatching.Compare(TitleKey.Of("《中卫市人民政府关于加强城市排水工作的意见》"), opinion).Should().Be((0.8, true));
        TitleMatching.Compare(TitleKey.Of("《中卫市人民政府关于印发〈中卫市城市排水管理办法〉的通知》"), water).Should().Be((0.8, true));
        TitleMatching.Compare(TitleKey.Of("《中卫市人民政府关于加强城市供水工作的意见》"), opinion).Should().Be((1.0, false));
        // A title that wraps nothing is still compared whole too: a wrapper the rule does not know is kept in both.
        TitleMatching.Compare(TitleKey.Of("中卫市人民政府印发中卫市城市供水管理办法的通知"), TitleKey.Of("中卫市人民政府印发中卫市城市供水管理办法的通知")).Should().Be((1.0, false));
    }
}
