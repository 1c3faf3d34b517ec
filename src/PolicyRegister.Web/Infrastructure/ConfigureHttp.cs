using System.Text.Json;
using System.Text.Json.Serialization;
using Marten;
using JasperFx;
using JasperFx.Events;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;
using PolicyRegister.Web.Auth;
using Wolverine.Http;

namespace PolicyRegister.Web.Infrastructure;

public static class ConfigureHttp
{
    public static readonly JsonNamingPolicy EnumNaming = JsonNamingPolicy.SnakeCaseLower;

    public static void ConfigureRegisterHttp(this WebApplicationBuilder builder)
    {
        builder.Services.AddWolverineHttp();
        builder.ConfigureRateLimits();
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<RegisterExceptionHandler>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PolicyRegister.Web.Documents.RegisterFreshness>();
        builder.Services.AddSingleton<PublicCaching.Answers>();
        builder.Services.AddSingleton<PublicCaching.PublicLastEvent>();
        builder.Services.AddSingleton<PolicyRegister.Web.Jurisdictions.JurisdictionChecks>();
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        builder.WebHost.ConfigureKestrel(k =>
        {
            k.Limits.MaxRequestBodySize = builder.Configuration.GetValue<long?>("Register:MaxRequestBodyBytes") ?? 4 * 1024 * 1024;
            k.AddServerHeader = false;
        });
        // X-Forwarded-For/-Proto are believed only from the proxies named in Register:Proxies (addresses or CIDR
        // networks; default: this machine), so that cookies are Secure behind a TLS proxy and nobody else can claim it.
        builder.Services.Configure<Microsoft.AspNetCore.Builder.ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            foreach (var entry in builder.Configuration.GetSection("Register:Proxies").GetChildren().Select(c => c.Value).OfType<string>())
            {
                if (System.Net.IPNetwork.TryParse(entry, out var network)) o.KnownIPNetworks.Add(network);
                else if (System.Net.IPAddress.TryParse(entry, out var address)) o.KnownProxies.Add(address);
                else throw new ConfigurationProblem($"Register:Proxies: '{entry}' is neither an IP address nor a CIDR network.");
            }
        });
    }

    public static void ConfigureJson(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        // Enums by name only: "kind": 1 is not a kind.
        o.Converters.Add(new JsonStringEnumConverter(EnumNaming, allowIntegerValues: false));
        o.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        // Numbers are numbers: "version": "3" is not a version (and the contract says integer, not integer-or-string).
        o.NumberHandling = JsonNumberHandling.Strict;
        // Chinese as UTF-8, not \u escapes (a third of the size, and readable); markup characters stay escaped.
        o.Encoder = System.Text.Encodings.Web.JavaScriptEncoder.Create(System.Text.Unicode.UnicodeRanges.All);
    }

    public static void UseRegisterHttp(this WebApplication app)
    {
        app.UseForwardedHeaders();
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseHeadAsGet(() => app.UseRouting());
        app.UseRateLimiter();
        if (!app.Environment.IsDevelopment()) app.UseHsts();
        // A person's browser gets a page in Chinese for an unknown address; API clients keep problem details.
        app.UseStatusCodePages(async context =>
        {
            var http = context.HttpContext;
            if (Problems.WantsPage(http.Request) && http.Response.StatusCode == StatusCodes.Status404NotFound)
            {
                await Site.SitePages.Render(http, "site-message.html", "未找到",
                    new { heading = "未找到该页面", message = "这个地址不存在。请检查链接，或从首页检索文件。" }, 404).ExecuteAsync(http);
                return;
            }
            var status = http.Response.StatusCode;
            await Results.Problem(statusCode: status).ExecuteAsync(http);
        });
        var limit = app.Configuration.GetValue<long?>("Register:MaxRequestBodyBytes") ?? 4 * 1024 * 1024;
        // Kestrel refuses larger bodies as it reads them; a declared length over the limit is refused before reading.
        app.Use(async (http, next) =>
        {
            if (http.Request.ContentLength > limit)
            {
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                await Results.Problem(statusCode: 413, title: "请求过大 (request body too large)",
                    detail: $"请求正文最多{limit / 1024 / 1024} MiB (the body may have at most {limit} bytes)").ExecuteAsync(http);
                return;
            }
            await next();
        });
        app.UseInputGuard();
        app.UsePublicCaching();
    }

    public static void ConfigureRegisterEndpoints(this WolverineHttpOptions opts)
    {
        // A query value that does not parse (on=tomorrow, page=x) is a 400, not a silently ignored parameter.
        opts.RejectUnparseableQueryValues = true;
        opts.AddMiddlewareByMessageType(typeof(DocumentExistsMiddleware));
        opts.AddMiddlewareByMessageType(typeof(PolicyRegister.Web.Drafts.DraftExistsMiddleware));
        opts.AddMiddlewareByMessageType(typeof(AuditMiddleware));
        // A stale expected version is a conflict the caller can resolve by reloading.
        opts.MapConcurrencyFailuresToConflict(_ => true, ex => new ProblemDetails
        {
            Status = StatusCodes.Status409Conflict,
            Title = "版本冲突 (version conflict)",
            Detail = "该文件已被他人修改，请刷新后重试 (the document changed since the version you sent; reload and retry). " + ex.Message,
        });
    }
}

/// <summary>Turns store conflicts into 409 and malformed bodies into 400, both as ProblemDetails; never a bare 500 for bad input.</summary>
public sealed class RegisterExceptionHandler(IProblemDetailsService problems, ILogger<RegisterExceptionHandler> log, IHostEnvironment env) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken token)
    {
        var (status, title, detail) = Classify(exception);
        if (status >= 500) log.LogError(exception, "Unhandled error on {Path}", http.Request.Path);
        else log.LogInformation(exception, "Refused {Path} with {Status}", http.Request.Path, status);
        http.Response.StatusCode = status;
        if (status == StatusCodes.Status503ServiceUnavailable) http.Response.Headers.RetryAfter = "5";
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = http.Request.Path };
        // Developers see what the store said; production answers never expose it.
        if (env.IsDevelopment()) problem.Extensions["exception"] = $"{exception.GetType().Name}: {exception.Message}";
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, Exception = exception, ProblemDetails = problem });
    }

    private static (int, string, string?) Classify(Exception ex) => ex switch
    {
        DocumentAlreadyExistsException or EventStreamUnexpectedMaxEventIdException or ConcurrencyException or ExistingStreamIdCollisionException =>
            (409, "冲突 (conflict)", "另一项写入已先完成，请刷新后重试 (another write got there first; reload and retry)"),
        // Two writes racing to start the same stream: Marten names the loser's failure in a type of its own.
        _ when Chain(ex).Any(e => e.GetType().Name is "ExistingStreamIdCollisionException" or "EventStreamUnexpectedMaxEventIdException")
            || Find<PostgresException>(ex) is { SqlState: PostgresErrorCodes.SerializationFailure or PostgresErrorCodes.DeadlockDetected } =>
            (409, "冲突 (conflict)", "另一项写入已先完成，请刷新后重试 (another write got there first; reload and retry)"),
        InvalidDataException => (400, "请求无效 (bad request)", "请求中含有无效字符 (the request holds invalid characters)"),
        _ when Find<PostgresException>(ex) is { SqlState: PostgresErrorCodes.UniqueViolation } pg =>
            (409, "文号重复 (duplicate number)", $"该管辖区内已有相同文号的文件 (a document with this number already exists in this jurisdiction; {pg.ConstraintName})"),
        BadHttpRequestException bad => (bad.StatusCode, "请求无效 (bad request)", bad.Message),
        JsonException json => (400, "JSON 格式错误 (malformed JSON)", json.Message),
        _ when Find<JsonException>(ex) is { } json => (400, "JSON 格式错误 (malformed JSON)", json.Message),
        _ when Find<NpgsqlException>(ex) is not null || Find<System.Net.Sockets.SocketException>(ex) is not null || Find<TimeoutException>(ex) is not null =>
            (503, "数据库不可用 (database unavailable)", "请稍后重试 (the database did not answer; retry later)"),
        _ => (500, "服务器错误 (server error)", null),
    };

    private static IEnumerable<Exception> Chain(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException) yield return ex;
    }

    private static T? Find<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is T t) return t;
        return null;
    }
}
