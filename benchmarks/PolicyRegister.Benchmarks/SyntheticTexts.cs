using System.Text;

namespace PolicyRegister.Benchmarks;

/// <summary>
/// Synthetic texts of normative documents, 5–20 KB of UTF-8 each (about 1,700–6,800 characters): chapters and
/// articles whose sentences draw on words of known spread — words every rule uses, words of the document's topic,
/// general terms in a fair share, rare terms (each in about one document in two hundred) and very rare ones (about one
/// in two thousand) — so that searches can be measured for each kind of word. Deterministic per document.
/// </summary>
public static class SyntheticTexts
{
    /// <summary>In nearly every text.</summary>
    public static readonly string[] Common = ["管理", "规定", "有关部门", "应当", "按照", "实施", "工作", "负责", "单位", "依法", "组织", "建立", "相关", "加强", "落实",
        "制度", "责任", "监督", "检查", "本办法"];

    /// <summary>General terms: each in a fair share of the texts.</summary>
    public static readonly string[] General = ["财政", "资金", "项目", "预算", "审计", "考核", "评估", "标准", "申请", "审批", "备案", "登记", "公示", "信息", "数据",
        "平台", "服务", "保障", "补贴", "奖励", "处罚", "整改", "报告", "统计", "档案", "合同", "采购", "招标", "培训", "宣传", "安全", "质量", "环境", "卫生",
        "交通", "住房", "土地", "规划", "建设", "农业", "林业", "水利", "教育", "医疗", "养老", "就业", "社会保险", "市场", "企业", "个体工商户", "乡镇", "街道",
        "社区", "村民委员会", "居民", "法人", "其他组织", "专项资金", "绩效评价", "风险防控", "应急预案", "联席会议", "年度计划", "第三方机构", "专家评审",
        "公开招标", "资格审查", "现场核查", "限期整改", "行政处罚", "行政复议", "行政诉讼", "举报投诉", "信用记录", "失信惩戒", "统筹协调", "分级负责",
        "属地管理", "动态调整"];

    /// <summary>Rare terms: each in about one text in two hundred.</summary>
    public static readonly string[] Rare = ["航班保证金", "古树名木", "滞洪区", "沙化土地", "枸杞产业", "葡萄酒庄", "光伏电站", "移民安置", "黄河岸线", "贺兰山东麓",
        "滩羊养殖", "硒砂瓜", "引黄灌区", "盐碱地改良", "防沙治沙", "草原生态补奖", "地下水超采", "矿山地质环境", "煤矸石", "危险化学品运输", "冷链物流",
        "跨境电商", "新型研发机构", "首台套", "独角兽企业", "高层次人才公寓", "候鸟式养老", "长期护理保险", "家庭医生签约", "互联网医院", "适老化改造",
        "城中村改造", "老旧小区加装电梯", "海绵城市", "综合管廊", "夜间经济", "研学旅行", "非物质文化遗产", "红色旅游", "民宿", "轻微违法行为不予处罚",
        "首违不罚", "包容审慎监管", "告知承诺制", "一件事一次办", "跨省通办", "电子证照", "数字乡村", "高标准农田", "耕地占补平衡"];

    private static readonly string[] Places = ["沙湖", "腾格里", "六盘山", "罗山", "清水河", "苦水河", "西吉", "泾源", "彭阳", "隆德", "青铜峡库区", "鸣翠湖",
        "阅海", "星海湖", "镇北堡", "黄沙古渡", "哈巴湖", "火石寨", "须弥山", "南华山", "香山", "寺口子", "金沙岛", "天湖", "典农河", "唐徕渠", "汉延渠",
        "惠农渠", "秦渠", "汉渠", "美利渠", "七星渠", "固海扬水", "红寺堡扬水", "盐环定扬水", "太阳山", "宁东", "苏银", "中关村", "闽宁"];

    private static readonly string[] Matters = ["生态补偿标准", "水权交易", "防汛物资储备", "林草防火", "游客承载量", "采砂许可", "湿地修复", "鸟类监测",
        "取水许可", "渠道清淤", "移民后续扶持", "光热项目", "产业园区准入", "碳排放核算", "文物保护范围", "地质灾害巡查", "牧草种植", "农田防护林",
        "灌溉定额", "污水处理费", "垃圾分类收运", "供热价格", "道路养护", "客运班线"];

    /// <summary>Very rare terms: a place and a matter (沙湖生态补偿标准), each in about one text in two thousand.</summary>
    public static IEnumerable<string> VeryRare() => Places.SelectMany(p => Matters.Select(m => p + m));

    private static readonly string[] Chapters = ["总则", "职责分工", "申请与审批", "资金管理", "监督检查", "法律责任", "附则"];
    private static readonly string[] Numbers = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

    public static string For(int index, string title, string topic)
    {
        var random = new Random(index * 7919 + 17);
        var targetBytes = 5_000 + random.Next(15_001);
        var veryRare = VeryRare().ToArray();
        var text = new StringBuilder(title.Replace("关于印发《", "").Replace("》的通知", "").Replace("（更正）", "")).Append('\n');
        // The rare words this text carries, placed in its sentences.
        var carried = new Queue<string>();
        foreach (var rare in Rare) if (random.Next(200) == 0) carried.Enqueue(rare);
        foreach (var term in veryRare) if (random.Next(2000) == 0) carried.Enqueue(term);
        var article = 0;
        for (var chapter = 0; Encoding.UTF8.GetByteCount(text.ToString()) < targetBytes; chapter++)
        {
            text.Append('第').Append(Chinese(chapter + 1)).Append("章　").Append(Chapters[chapter % Chapters.Length]).Append('\n');
            for (var a = 0; a < 3 + random.Next(5); a++)
            {
                text.Append('第').Append(Chinese(++article)).Append("条　").Append(Sentence(random, topic, carried));
                if (random.Next(4) == 0)
                    for (var item = 0; item < 2 + random.Next(4); item++) text.Append("\n（").Append(Numbers[item]).Append('）').Append(Sentence(random, topic, carried));
                else if (random.Next(3) == 0) text.Append('\n').Append(Sentence(random, topic, carried));
                text.Append('\n');
            }
        }
        return text.ToString().TrimEnd('\n');
    }

    private static string Sentence(Random random, string topic, Queue<string> carried)
    {
        var s = new StringBuilder();
        var words = 6 + random.Next(12);
        for (var w = 0; w < words; w++)
        {
            s.Append(random.Next(10) switch
            {
                < 4 => Common[random.Next(Common.Length)],
                < 5 => topic,
                _ => General[random.Next(General.Length)],
            });
            if (w == words / 2 && carried.Count > 0 && random.Next(2) == 0) s.Append(carried.Dequeue());
            if (random.Next(6) == 0) s.Append('，');
        }
        return s.Append('。').ToString();
    }

    // Article numbers pass a hundred in the longest texts (第一百零五条, 第一百一十五条).
    private static string Chinese(int n) => n switch
    {
        <= 10 => Numbers[n - 1],
        < 20 => "十" + Numbers[n - 11],
        < 100 => Tens(n),
        _ => Numbers[n / 100 - 1] + "百" + (n % 100) switch
        {
            0 => "",
            < 10 and var r => "零" + Numbers[r - 1],
            var r => Tens(r),
        },
    };

    /// <summary>20–99, and 10–99 after a hundred (一百一十五: the tens' 一 is written there).</summary>
    private static string Tens(int n) => Numbers[n / 10 - 1] + "十" + (n % 10 == 0 ? "" : Numbers[n % 10 - 1]);
}
