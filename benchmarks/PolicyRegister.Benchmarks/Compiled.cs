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
    /// At least <paramref name="least"/> warm-ups, then more until one, with the recompilations it sets off, compiles no
    /// more than <see cref="Quiet"/> methods (at most <paramref name="most"/>): a method called once a run is recompiled
    /// only after some thirty calls, on a background thread, and only once the JIT has been idle a while, so each warm-up
    /// is followed by a short wait for that thread. Then a longer wait for it to be done. Says how it went.
    /// </summary>
    public static async Task<string> WarmUp(int least, Func<Task> warmUp, int most = 100)
    {
        var count = 0;
        long last;
        do
        {
            var before = JitInfo.GetCompiledMethodCount();
            await warmUp();
            await Quieten(TimeSpan.FromSeconds(0.5));
            last = JitInfo.GetCompiledMethodCount() - before;
            count++;
        } while (count < most && (count < least || last > Quiet));
        return $"{count} warm-ups (the last compiled {last:N0} methods, with the recompilations it set off) and {await Settle()}";
    }

    /// <summary>Waits until the JIT has compiled nothing for two seconds (at most a minute), and says how it went.</summary>
    public static async Task<string> Settle()
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var compiled = await Quieten(TimeSpan.FromSeconds(2));
        return $"a wait of {watch.Elapsed.TotalSeconds:0.0} s for the JIT to settle ({compiled:N0} methods compiled meanwhile)";
    }

    /// <summary>Waits until the JIT has compiled nothing for <paramref name="quiet"/> (at most a minute); the methods compiled meanwhile.</summary>
    private static async Task<long> Quieten(TimeSpan quiet)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var start = JitInfo.GetCompiledMethodCount();
        var last = start;
        var quietSince = TimeSpan.Zero;
        while (watch.Elapsed < TimeSpan.FromMinutes(1))
        {
            await Task.Delay(100);
            var now = JitInfo.GetCompiledMethodCount();
            if (now != last) (last, quietSince) = (now, watch.Elapsed);
            else if (watch.Elapsed - quietSince >= quiet) break;
        }
        return last - start;
    }

    public static (long Methods, TimeSpan Time) Now() => (JitInfo.GetCompiledMethodCount(), JitInfo.GetCompilationTime());

    public static JsonObject Since((long Methods, TimeSpan Time) before) => new()
    {
        ["methods"] = JitInfo.GetCompiledMethodCount() - before.Methods,
        ["ms"] = Math.Round((JitInfo.GetCompilationTime() - before.Time).TotalMilliseconds, 1),
    };
}
