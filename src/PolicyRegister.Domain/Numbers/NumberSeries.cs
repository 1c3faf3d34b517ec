using System.Globalization;

namespace PolicyRegister.Domain.Numbers;

/// <summary>One number series (issuer code and year): how many serials the register holds, the highest, and the serials below it it lacks.</summary>
public sealed record SeriesGaps(string IssuerCode, int Year, int Count, int Highest, IReadOnlyList<int> Missing);

/// <summary>
/// The serials of a series reveal documents a register has missed: 卫政办规发〔2021〕1…10号 with 4 and 7 absent. Pure;
/// orders (令) have no year and form no series here.
/// </summary>
public static class NumberSeries
{
    public static IReadOnlyList<SeriesGaps> Gaps(IEnumerable<DocumentNumber> numbers) => [.. numbers
        .Where(n => n.Year is not null)
        .GroupBy(n => (n.IssuerCode, Year: n.Year!.Value))
        .Select(g =>
        {
            var serials = g.SelectMany(n => n.Serials)
                .Select(s => int.TryParse(s, NumberStyles.None, CultureInfo.InvariantCulture, out var v) ? v : 0)
                .Where(v => v > 0).ToHashSet();
            var highest = serials.Count == 0 ? 0 : serials.Max();
            return new SeriesGaps(g.Key.IssuerCode, g.Key.Year, serials.Count, highest,
                [.. Enumerable.Range(1, Math.Max(0, highest - 1)).Where(i => !serials.Contains(i))]);
        })
        .OrderBy(s => s.IssuerCode, StringComparer.Ordinal).ThenBy(s => s.Year)];
}
