using System.Runtime;
using System.Text.Json.Nodes;

namespace PolicyRegister.Benchmarks;

/// <summary>
/// The JIT's work in this process, so that timed runs measure code as a long-running server has it compiled. Tiered
/// compilation recompiles hot methods on a background thread well after their first calls: measured during a
/// 1,000-row apply benchmark after five warm-ups, that thread used 3 s of CPU, on a machine of two cores the register's
/// PostgreSQL shares, and the runs' times moved with it.
/// </summary>
public static class Compiled
{
    /// <summary>A warm-up that compiles no more methods than this is taken to have met the code as a server runs it.</summary>
    public const int Quiet = 10;

    /// <summary>
    /// At least <paramref name="least"/> warm-ups, then more until one compiles no more than <see cref="Quiet"/> methods
    /// (at most <paramref name="most"/>): a method called once a run is recompiled only after some thirty calls. Then a
    /// wait for the JIT's queue to empty (<see cref="Settle"/>). Says how it went.
    /// </summary>
    public static async Task<string> WarmUp(int least, Func<Task> warmUp, int most = 60)
    {
        var count = 0;
        long last;
        do
        {
            var before = JitInfo.GetCompiledMethodCount();
            await warmUp();
            last = JitInfo.GetCompiledMethodCount() - before;
            count++;
        } while (count < most && (count < least || last > Quiet));
        return $"{count} warm-ups (the last compiled {last:N0} methods) and {await Settle()}";
    }

    /// <summary>Waits until the JIT has compiled nothing for two seconds (at most a minute), and says how it went.</summary>
    public static async Task<string> Settle()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var start = JitInfo.GetCompiledMethodCount();
        var last = start;
        var quietSince = TimeSpan.Zero;
        while (watch.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(250);
            var now = JitInfo.GetCompiledMethodCount();
            if (now != last) (last, quietSince) = (now, watch.Elapsed);
            else if (watch.Elapsed - quietSince >= TimeSpan.FromSeconds(2)) break;
        }
        return $"a wait of {watch.Elapsed.TotalSeconds:0.0} s for the JIT to settle ({last - start:N0} methods compiled meanwhile)";
    }

    public static (long Methods, TimeSpan Time) Now() => (JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());

    public static JsonObject Since((long Methods, TimeSpan Time) before) => new()
    {
        ["methods"] = JitInfo.GetCompiledMethodCount() - before.Methods,
        ["ms"] = Math.Round((JitInfo.GetCompilationTime() - before.Time).TotalMilliseconds, 1),
    };
}
