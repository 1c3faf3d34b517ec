using PolicyRegister.Benchmarks;

// Benchmarks of the register at a province's size; run them with ./build.sh bench (see benchmarks/README.md).
var command = args.FirstOrDefault() ?? "";
var options = Options.Parse(args.Skip(1).ToArray());
return command switch
{
    "generate" => await Generator.Run(options),
    "bare" => await BareServer.Run(options),
    "measure" => await Measurements.Run(options),
    "fuzz" => Fuzz.Run(options),
    "texts" => await TextBench.Generate(options),
    "measure-texts" => await TextBench.Measure(options),
    "measure-titles" => await TitleBench.Measure(options),
    "table" => await PolicyRegister.Benchmarks.Results.Table(options),
    "record" => await PolicyRegister.Benchmarks.Results.Record(options),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: generate --docs N | texts | measure-texts --product URL [--runs 3] [--queries 30] [--out FILE] | measure-titles --product URL [--runs 3] [--queries 25] [--out FILE] | table [--in FILE] [--smaller FILE] | record --name N --values a,b,c --unit U --goal TEXT --at-most X [--how TEXT] [--out FILE] | bare --port P | measure --product URL --bare URL [--product-pid PID] [--runs 3] [--seconds 15] [--apply-runs 15] [--apply-warmups 60] [--only status|catalogue|decision|preview|rebuild] [--out FILE] | fuzz --cases N");
    return 2;
}

public sealed record Options(IReadOnlyDictionary<string, string> Values)
{
    public static Options Parse(string[] args)
    {
        var values = new Dictionary<string, string>();
        for (var i = 0; i + 1 < args.Length; i += 2) values[args[i].TrimStart('-')] = args[i + 1];
        return new Options(values);
    }

    public string Get(string name, string fallback) => Values.GetValueOrDefault(name, fallback);
    public int Int(string name, int fallback) => int.TryParse(Values.GetValueOrDefault(name), out var v) ? v : fallback;
    public string ConnectionString => Environment.GetEnvironmentVariable("ConnectionStrings__Marten") ?? throw new InvalidOperationException("ConnectionStrings__Marten is not set: run through ./build.sh bench");
}
