using System.Text.RegularExpressions;

namespace PolicyRegister.Gazettes;

/// <summary>
/// Wording that speaks of repealing without repealing anything: a power or duty (修改或者废止, 应当…废止), a rule for
/// conflicts (相抵触的…废止), a proposal (拟废止, 建议废止), a draft or a call for comments (征求意见, 草案), and the
/// routine (定期清理). The importer never turns such a sentence into an ending.
/// </summary>
public static partial class ProceduralWording
{
    public static bool IsProcedural(string sentence) => Procedural().IsMatch(sentence.Replace(" ", "").Replace("　", ""));

    [GeneratedRegex("修改或者废止|修改或废止|废止或者修改|应当[^。；;]{0,30}废止|应予[^。；;]{0,10}废止的|相抵触的[^。；;]{0,40}(?:废止|失效)|拟(?:予)?废止|拟宣布失效|建议(?:予以)?废止|提请[^。；;]{0,10}废止|征求意见|草案|定期清理|适时(?:修改|废止)|可以废止|予以废止的情形")]
    private static partial Regex Procedural();
}
