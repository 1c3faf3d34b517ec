namespace PolicyRegister.Domain.Numbers;

/// <summary>
/// A number's issuer code (卫政发, 卫政办规发) names its issuing organ. Where the register knows the organ for other
/// documents of the same code, a document known without an issuer (listed only by a decision) can be grouped under it
/// — said as inferred, never stored as a fact. A code used by more than one organ infers nothing.
/// </summary>
public static class IssuerInference
{
    /// <summary>Code → organ, from documents whose issuers are known: only codes whose documents name one organ at least 80% of the time.</summary>
    public static IReadOnlyDictionary<string, string> Learn(IEnumerable<(string? Number, IReadOnlyList<string> Issuers)> documents)
    {
        var votes = new Dictionary<string, Dictionary<string, int>>();
        foreach (var (number, issuers) in documents)
        {
            if (issuers.Count == 0 || number is null || !DocumentNumber.TryParse(number, out var n) || n.Year is null) continue;
            if (!votes.TryGetValue(n.IssuerCode, out var byOrgan)) votes[n.IssuerCode] = byOrgan = [];
            byOrgan[issuers[0]] = byOrgan.GetValueOrDefault(issuers[0]) + 1;
        }
        return votes
            .Select(v => (Code: v.Key, Best: v.Value.MaxBy(x => x.Value), Total: v.Value.Values.Sum()))
            .Where(v => v.Best.Value * 5 >= v.Total * 4)
            .ToDictionary(v => v.Code, v => v.Best.Key);
    }

    public static string? Infer(IReadOnlyDictionary<string, string> learnt, string? number) =>
        number is not null && DocumentNumber.TryParse(number, out var n) && learnt.TryGetValue(n.IssuerCode, out var organ) ? organ : null;
}
