using PolicyRegister.Domain.Documents;
using PolicyRegister.Domain.Jurisdictions;
using PolicyRegister.Web.Infrastructure;

namespace PolicyRegister.Web.Oversight;

/// <summary>
/// Limits of the attention list (configuration section <c>Oversight</c>). The defaults follow the common provincial
/// rule for normative documents: a term of at most 5 years, at most 2 for 试行/暂行; each jurisdiction may set its
/// own, and says where its limit comes from (<see cref="JurisdictionLimits.Source"/>).
/// </summary>
public sealed class AttentionOptions
{
    public int DefaultValidityYears { get; set; } = 5;
    public int TrialValidityYears { get; set; } = 2;
    public int PendingAmendmentDays { get; set; } = 180;
    public int NotCheckedDays { get; set; } = 365;

    public string Source { get; set; } =
        "默认值：多数省级行政规范性文件管理规定的通行做法（有效期一般不超过5年，试行、暂行不超过2年）；本地规定不同的，请在 Oversight:Jurisdictions 中配置并注明依据";

    /// <summary>By division code (640500): a jurisdiction's own limits and their source; unset values fall back to the defaults.</summary>
    public Dictionary<string, JurisdictionLimits> Jurisdictions { get; set; } = [];

    public sealed class JurisdictionLimits
    {
        public int? DefaultValidityYears { get; set; }
        public int? TrialValidityYears { get; set; }
        public string? Source { get; set; }
    }

    /// <summary>The limits of a division: its own, else its nearest parent's, else the defaults.</summary>
    public (AttentionLimits Limits, string Source) For(string jurisdiction)
    {
        foreach (var d in Divisions.SelfAndAncestors(jurisdiction))
            if (Jurisdictions.TryGetValue(d.Code, out var own))
                return (new AttentionLimits(own.DefaultValidityYears ?? DefaultValidityYears, own.TrialValidityYears ?? TrialValidityYears,
                    PendingAmendmentDays, NotCheckedDays), own.Source ?? Source);
        return (new AttentionLimits(DefaultValidityYears, TrialValidityYears, PendingAmendmentDays, NotCheckedDays), Source);
    }

    /// <summary>Checked at start: a limit out of range or a division code that does not exist stops the host with one line.</summary>
    public void Validate()
    {
        static void Range(string name, int value, int min, int max)
        {
            if (value < min || value > max) throw new ConfigurationProblem($"Oversight:{name} must be {min}–{max}, not {value}.");
        }
        Range(nameof(DefaultValidityYears), DefaultValidityYears, 1, 50);
        Range(nameof(TrialValidityYears), TrialValidityYears, 1, 50);
        Range(nameof(PendingAmendmentDays), PendingAmendmentDays, 1, 3650);
        Range(nameof(NotCheckedDays), NotCheckedDays, 1, 3650);
        foreach (var (code, limits) in Jurisdictions)
        {
            if (Divisions.ByCode(code) is null)
                throw new ConfigurationProblem($"Oversight:Jurisdictions:{code} is not a division code (GB/T 2260), e.g. 640500.");
            if (limits.DefaultValidityYears is { } y) Range($"Jurisdictions:{code}:DefaultValidityYears", y, 1, 50);
            if (limits.TrialValidityYears is { } t) Range($"Jurisdictions:{code}:TrialValidityYears", t, 1, 50);
            if (string.IsNullOrWhiteSpace(limits.Source))
                throw new ConfigurationProblem($"Oversight:Jurisdictions:{code}:Source must name where the limit comes from (the local rule).");
        }
    }
}

public static class ConfigureOversight
{
    public static void ConfigureRegisterOversight(this WebApplicationBuilder builder)
    {
        var options = new AttentionOptions();
        builder.Configuration.GetSection("Oversight").Bind(options);
        options.Validate();
        builder.Services.AddSingleton(options);
    }
}
