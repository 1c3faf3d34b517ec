using System.Diagnostics;
using System.Text;
using PolicyRegister.Domain.Dates;
using PolicyRegister.Domain.Numbers;
using PolicyRegister.Gazettes;

namespace PolicyRegister.Benchmarks;

/// <summary>Generated and mutated inputs for the number parser, the date parser and the importer: no exception, no input over 1 s.</summary>
public static class Fuzz
{
    public static int Run(Options options)
    {
        var cases = options.Int("cases", 100_000);
        var random = new Random(options.Int("seed", 1));
        string[] seeds = ["卫政办规发〔2019〕1号", "宁卫新出管字〔2019〕第0053号", "卫党干字〔2024〕11、15号", "国务院令第417号", "(卫政规发[2022]1号)", "2023年12月19日", "二〇二三年十二月十九日", "2024-02-17"];
        const string alphabet = "〔〕[]()（）【】﹝﹞0123456789０１２３年月日号第令字、，政发办规卫宁 \n\t\u3000\u200b𠀀\uFFFD";
        var gazette = File.Exists(options.Get("gazette", "")) ? File.ReadAllBytes(options.Get("gazette", "")) : Encoding.UTF8.GetBytes(string.Join("\n", seeds));
        var slowest = TimeSpan.Zero;
        var failures = 0;
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < cases; i++)
        {
            var seed = seeds[random.Next(seeds.Length)];
            var chars = seed.ToCharArray().ToList();
            for (var m = random.Next(1, 6); m > 0; m--)
            {
                var at = random.Next(chars.Count + 1);
                switch (random.Next(3))
                {
                    case 0 when chars.Count > 0 && at < chars.Count: chars.RemoveAt(at); break;
                    case 1: chars.Insert(at, alphabet[random.Next(alphabet.Length)]); break;
                    default: if (at < chars.Count) chars[at] = alphabet[random.Next(alphabet.Length)]; break;
                }
            }
            var text = new string([.. chars]);
            var one = Stopwatch.StartNew();
            try
            {
                DocumentNumber.TryParse(text, out _, out _);
                ChineseDate.TryParse(text, out _, out _);
                DocumentNumber.FindAll(text);
                ChineseDate.FindAll(text);
                if (i % 1000 == 0)
                {
                    var bytes = (byte[])gazette.Clone();
                    for (var k = 0; k < 50; k++) bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                    try { GazetteParser.Parse(bytes[..random.Next(bytes.Length)]); } catch (GazetteFormatException) { }
                }
            }
            catch (Exception ex)
            {
                failures++;
                Console.Error.WriteLine($"case {i}: {ex.GetType().Name} on '{text}': {ex.Message}");
            }
            if (one.Elapsed > slowest) slowest = one.Elapsed;
        }
        Console.WriteLine($"fuzz: {cases:N0} cases ({cases / 1000:N0} mutated gazettes) in {watch.Elapsed.TotalSeconds:N1} s, {failures} unhandled exceptions, slowest input {slowest.TotalMilliseconds:N1} ms");
        return failures == 0 && slowest < TimeSpan.FromSeconds(1) ? 0 : 1;
    }
}
