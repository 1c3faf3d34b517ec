using System.Text.RegularExpressions;

namespace PolicyRegister.Domain.Decisions;

/// <summary>
/// What an annex row's own words say beyond its title: a row listed for reference (已由《…》废止, 已宣布失效, 供参考)
/// ends nothing. Read by the importer and the workspace's paste form alike; the API takes the fields as given.
/// </summary>
public static partial class RowWording
{
    /// <summary>True when the text notes that the document is already ended by another act, or is listed for information.</summary>
    public static bool IsReference(string? text, out string? endedBy, out string? verb)
    {
        endedBy = verb = null;
        if (string.IsNullOrWhiteSpace(text)) return false;
        var compact = text.Replace(" ", "").Replace("　", "");
        if (EndedBy().Match(compact) is { Success: true } by)
        {
            (endedBy, verb) = (by.Groups["by"].Value, "已" + by.Groups["v"].Value);
            return true;
        }
        if (AlreadyEnded().Match(compact) is { Success: true } ended)
        {
            verb = ended.Value;
            return true;
        }
        if (ForInformation().Match(compact) is { Success: true } info)
        {
            verb = info.Value;
            return true;
        }
        return false;
    }

    // 已由《…》废止 / 已被市政府令第5号宣布失效 / 已于2020年由…替代
    [GeneratedRegex(@"已(?:于[^由被，。；]{4,14})?(?:由|被)(?<by>(?:《[^》]{1,80}》|[^，。；《]){2,80}?)(?:予以|明令)?(?<v>废止|宣布失效|替代|取代|修订|失效)")]
    private static partial Regex EndedBy();

    [GeneratedRegex(@"已(?:经)?(?:宣布失效|废止|失效|停止执行|自动失效|被替代)")]
    private static partial Regex AlreadyEnded();

    [GeneratedRegex(@"(?:仅)?供参考|列明备查|仅作列示")]
    private static partial Regex ForInformation();
}
