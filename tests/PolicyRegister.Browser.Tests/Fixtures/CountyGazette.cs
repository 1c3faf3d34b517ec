using PolicyRegister.Domain.Jurisdictions;

namespace PolicyRegister.Browser.Tests.Fixtures;

/// <summary>A county gazette of the tests' own (one normative document with its 施行 and 有效期 on one line), as a clerk uploads it.</summary>
public static class CountyGazette
{
    public static string Text(string jurisdiction, string number)
    {
        var county = Divisions.ByCode(jurisdiction)!.Name;
        return $"""
            {county}人民政府公报
            2024年第3期
            2024年5月1日出版

            {county}人民政府关于印发《{county}物业管理办法》的通知
            {number}

            各乡（镇）人民政府，县政府各部门：
            现将《{county}物业管理办法》印发给你们，请认真贯彻执行。
            本办法自2024年5月1日起施行，有效期至2029年4月30日。

            {county}人民政府
            2024年4月20日
            """;
    }
}
