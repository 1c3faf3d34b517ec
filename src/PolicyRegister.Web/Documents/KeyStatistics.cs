using Marten;

namespace PolicyRegister.Web.Documents;

/// <summary>
/// How common a search key is in an indexed keys column, from PostgreSQL's statistics of that column (its most common
/// elements, refreshed by ANALYZE; read again every ten minutes); 0 for a key it does not list. Only a way to choose the
/// cheaper plan: every answer is checked the same way whichever is chosen. One home for the title and text searches.
/// </summary>
public static class KeyStatistics
{
    /// <summary>Words whose every key is in at least this share of the rows are walked to (in signing order) and counted on the way.</summary>
    public const double CommonShare = 0.2;

    private static readonly TimeSpan Age = TimeSpan.FromMinutes(10);
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, (DateTimeOffset Read, Dictionary<int, float> Shares)> known = new();

    /// <summary>Forgets what was read, so that the next question reads the statistics again (after an ANALYZE of a register just loaded).</summary>
    internal static void Forget() => known.Clear();

    /// <summary>The smallest share of the rows holding one of <paramref name="keys"/> (the rarest key bounds the matches).</summary>
    public static async Task<double> Share(IQuerySession session, Weasel.Core.DbObjectName table, string column, int[] keys, CancellationToken token)
    {
        var shares = await Shares(session, table, column, token);
        return keys.Select(k => (double)shares.GetValueOrDefault(k)).DefaultIfEmpty(0).Min();
    }

    /// <summary>The share of the rows holding each of the column's most common keys (a key not listed is rarer than all of them).</summary>
    public static async Task<IReadOnlyDictionary<int, float>> Shares(IQuerySession session, Weasel.Core.DbObjectName table, string column, CancellationToken token)
    {
        var name = $"{table.QualifiedName}.{column}";
        if (!known.TryGetValue(name, out var entry) || DateTimeOffset.UtcNow - entry.Read > Age)
        {
            var rows = await session.QueryAsync<ElementShares>(
                "select json_build_object('elements', most_common_elems::text::integer[], 'shares', most_common_elem_freqs) from pg_stats where schemaname = ? and tablename = ? and attname = ?",
                token, table.Schema, table.Name, column);
            var shares = new Dictionary<int, float>();
            if (rows.FirstOrDefault() is { Elements: { } elements, Shares: { } values })
                for (var i = 0; i < elements.Length && i < values.Length; i++) shares[elements[i]] = values[i];
            known[name] = entry = (DateTimeOffset.UtcNow, shares);
        }
        return entry.Shares;
    }

    private sealed record ElementShares(int[]? Elements, float[]? Shares);
}
