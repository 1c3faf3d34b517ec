using PolicyRegister.Domain.Decisions;
using PolicyRegister.Domain.Documents;

namespace PolicyRegister.Benchmarks;

/// <summary>
/// A province-sized synthetic register: 20 jurisdictions over 15 years, each document with the facts a real one
/// gathers (publication, effect, a term, corrections, amendments), and periodic cleanup decisions. Deterministic.
/// </summary>
public static class Synthetic
{
    public static readonly string[] Places = ["银川市", "石嘴山市", "吴忠市", "固原市", "中卫市", "兴庆区", "金凤区", "西夏区", "永宁县", "贺兰县",
        "灵武市", "大武口区", "惠农区", "平罗县", "利通区", "青铜峡市", "盐池县", "同心县", "沙坡头区", "中宁县"];
    private static readonly string[] Codes = ["银", "石", "吴", "固", "卫", "兴", "金", "夏", "永", "贺", "灵", "武", "惠", "平", "利", "青", "盐", "同", "沙", "宁"];
    private static readonly string[] Kinds = ["政发", "政办发", "政规发", "政办规发"];
    public static readonly string[] Topics = ["城市绿化", "地方储备粮", "住房公积金", "航空运输发展专项资金", "医疗救助", "安全生产举报奖励", "耕地保护", "养老服务",
        "残疾人生活补贴", "行政执法", "政府合同审查", "消防工作考核", "应急粮油供应", "人民调解", "特聘专家奖励", "新能源汽车充电设施", "数字政府建设",
        "水资源管理", "旅游市场监管", "教育教学改革", "农业水价改革", "生态环境保护", "矿产资源开采", "城市照明", "体育人才培养"];
    private static readonly string[] Forms = ["管理办法", "实施办法", "实施细则", "暂行规定", "实施方案", "考核办法", "若干措施", "工作规则", "补助办法",
        "奖励办法", "认定办法", "管理规定", "三年行动方案", "专项整治方案", "应急预案", "服务规范"];
    // What a title narrows its topic to (城乡…, 枸杞…): with the topics and forms, titles rarely repeat within a
    // jurisdiction and hold rare characters and bigrams, as a register's do. Written for this generator.
    private static readonly string[] Scopes = ["城乡", "农村", "城市", "社区", "校园", "乡村", "城镇", "县域", "园区", "口岸", "景区", "街道", "牧区", "山区",
        "库区", "灌区", "矿区", "林区", "老城区", "新区", "开发区", "工业园区", "商贸流通", "村级", "沿黄地区", "南部山区", "移民安置区", "民族乡村", "边远地区",
        "枸杞产业", "滩羊养殖", "硒砂瓜种植", "葡萄酒产区", "马铃薯产业", "冷凉蔬菜", "苜蓿种植", "沙枣林", "黄花菜产业", "奶牛养殖", "肉牛育肥", "菌草种植",
        "中小学", "幼儿园", "职业院校", "养老机构", "福利院", "医疗机构", "乡镇卫生院", "村卫生室", "药店", "餐饮单位", "商场超市", "农贸市场", "加油站",
        "危化品企业", "建筑工地", "物流园区", "客运站", "机场", "铁路沿线", "高速公路", "国省干线", "农村公路", "城市道路", "地下管网", "供热管网",
        "燃气管道", "电力设施", "通信基站", "水库", "淤地坝", "引黄灌区", "湿地公园", "自然保护区", "森林公园", "文物古迹", "革命旧址", "非遗项目",
        "图书馆", "文化馆", "体育场馆", "全民健身路径", "少数民族", "妇女儿童", "老年人", "残疾人", "低保对象", "特困人员", "退役军人", "高校毕业生",
        "农民工", "个体工商户", "小微企业", "民营企业", "国有企业", "外资企业", "科技型企业", "专精特新企业", "电商平台", "网约车平台", "物业企业", "家政服务机构"];
    // Local sites (鹞子沟 …), each with a character no other list uses: one title in fifty is about a site, so each of
    // these characters stands in about one title in three thousand, as a register's rare characters do. Made up here.
    private static readonly string[] Sites = [.. "鹞鸾犀麒鹳鹭鸥雉獐麂貂狍鼋鳌蛟螭貔鹫隼鸢鸮蒿蓼荻苇蕨椿楸桦柽棘芨藜茴韭蒜杏梨桑柘榛栎樟杉柏桐芍菖蒺蔺葭菱藕荇萍蘑蕙芷蘅蓟"
        .Select((c, i) => c + new[] { "子沟", "家湾", "儿滩", "树岭", "峪", "泉", "坪" }[i % 7])];
    private static readonly string[] Verbs = ["加强", "规范", "推进", "促进", "完善", "深化", "支持", "进一步加强", "切实做好", "做好"];

    public sealed record Doc(Guid Id, string Number, string Title, DateOnly Signed, List<object> Events);

    /// <summary>
    /// A jurisdiction outside <see cref="Places"/> that holds <see cref="FixedPlaceDocuments"/> documents in every
    /// register, however large: a decision against it costs what the register's size alone adds, where one against a
    /// place of the twenty (a twentieth of the register) costs what a larger jurisdiction adds too.
    /// </summary>
    public const string FixedPlace = "红寺堡区";
    public const int FixedPlaceDocuments = 500;

    public static IEnumerable<Doc> Documents(int count, int seed = 20241122) => Documents(count, seed, Places, Codes);

    /// <summary>The documents of <see cref="FixedPlace"/>, alike in shape to the others, numbered under its own code.</summary>
    public static IEnumerable<Doc> FixedPlaceDocumentsOf() => Documents(FixedPlaceDocuments, 20261124, [FixedPlace], ["红"]);

    private static IEnumerable<Doc> Documents(int count, int seed, string[] places, string[] codes)
    {
        var random = new Random(seed);
        var serials = new Dictionary<string, int>();
        for (var i = 0; i < count; i++)
        {
            var j = i % places.Length;
            var year = 2010 + random.Next(15);
            var prefix = codes[j] + Kinds[random.Next(Kinds.Length)];
            var key = $"{prefix}{year}";
            serials[key] = serials.GetValueOrDefault(key) + 1;
            var number = $"{prefix}〔{year}〕{serials[key]}号";
            var title = Title(random, places[j]);
            var signed = new DateOnly(year, 1 + random.Next(12), 1 + random.Next(28));
            var id = Guid.CreateVersion7();
            var self = new LegalBasis(number, title, id);
            var effective = signed.AddDays(random.Next(0, 45));
            var events = new List<object>
            {
                new DocumentRegistered(id, number, title, [], [$"{places[j]}人民政府"], places[j], DocumentKind.Normative, signed, null, random.Next(10) == 0, [], "synthetic"),
                new PublicationRecorded(new Publication(signed.AddDays(random.Next(3, 60)), $"{places[j]}人民政府公报", $"{year}年第{1 + random.Next(6)}期", 1 + random.Next(80))),
                new EffectiveDateSet(EffectiveRule.Date, effective, self, null),
            };
            if (random.Next(10) < 6) events.Add(new ValidityTermSet(effective.AddYears(2 + random.Next(4)).AddDays(-1), null, self, null));
            else if (random.Next(10) == 0) events.Add(new ValidityTermSet(null, $"{year + 3}年夏秋航季结束", self, null));
            if (random.Next(2) == 0) events.Add(new DocumentCorrected(DocumentFields.Title, title, title + "（更正）", "标题错字"));
            if (random.Next(2) == 0) events.Add(new DocumentCorrected(DocumentFields.Issuers, $"{places[j]}人民政府", $"{places[j]}人民政府、{places[j]}财政局", "补登联合发文机关"));
            if (random.Next(10) < 3) events.Add(new DocumentCorrected(DocumentFields.SignedOn, signed.ToString("yyyy-MM-dd"), signed.ToString("yyyy-MM-dd"), "核对原件，印发日期无误"));
            if (random.Next(2) == 0)
            {
                var ordered = effective.AddDays(200 + random.Next(500));
                events.Add(new AmendmentOrdered(ordered, new LegalBasis($"{codes[j]}政规发〔{ordered.Year}〕99号"), null));
                if (random.Next(4) != 0) events.Add(new DocumentAmended(ordered.AddDays(30 + random.Next(200)), null, "修订后重新印发"));
            }
            if (random.Next(5) == 0 && events.OfType<ValidityTermSet>().FirstOrDefault() is { Until: { } until })
                events.Add(new ValidityTermExtended(until.AddYears(2), new LegalBasis($"{codes[j]}政发〔{until.Year}〕88号")));
            yield return new Doc(id, number, title, signed, events);
        }
    }

    /// <summary>
    /// A title in one of five shapes (a notice issuing rules, an office's notice issuing them, an opinion, an office's
    /// notice, the rules' own name), its subject a topic (each in about one title in 25, as the texts assume) at a site
    /// once in fifty, else narrowed by a scope seven times in ten.
    /// </summary>
    private static string Title(Random random, string place)
    {
        var topic = Topics[random.Next(Topics.Length)];
        var scope = Scopes[random.Next(Scopes.Length)];
        var site = Sites[random.Next(Sites.Length)];
        // About a site once in fifty, else narrowed seven times in ten, never by a scope the topic already says (城市
        // before 城市绿化).
        var subject = random.Next(50) == 0 ? site + topic
            : random.Next(10) < 7 && !topic.Contains(scope) && !scope.Contains(topic) ? scope + topic : topic;
        var form = Forms[random.Next(Forms.Length)];
        var verb = Verbs[random.Next(Verbs.Length)];
        return random.Next(20) switch
        {
            < 9 => $"{place}人民政府关于印发《{place}{subject}{form}》的通知",
            < 13 => $"{place}人民政府办公室关于印发《{subject}{form}》的通知",
            < 16 => $"{place}人民政府关于{verb}{subject}工作的意见",
            < 18 => $"{place}人民政府办公室关于{verb}{subject}的通知",
            _ => $"{place}{subject}{form}",
        };
    }

    /// <summary>Ten cleanup decisions per jurisdiction, every eighteen months: most documents retained, some repealed or to be amended.</summary>
    public static IEnumerable<(int Jurisdiction, string Number, string Title, DateOnly Signed)> Decisions()
    {
        for (var j = 0; j < Places.Length; j++)
            for (var k = 0; k < 10; k++)
            {
                var signed = new DateOnly(2011, 6, 30).AddMonths(k * 18 + j % 6);
                yield return (j, $"{Codes[j]}政规发〔{signed.Year}〕{900 + k}号", $"{Places[j]}人民政府关于保留、废止和修改行政规范性文件的决定（第{k + 1}次清理）", signed);
            }
    }

    public static DecisionAction ActionFor(Random random) => random.Next(100) switch
    {
        < 6 => DecisionAction.Repeal,
        < 9 => DecisionAction.Amend,
        < 10 => DecisionAction.DeclareInvalid,
        _ => DecisionAction.Retain,
    };
}
