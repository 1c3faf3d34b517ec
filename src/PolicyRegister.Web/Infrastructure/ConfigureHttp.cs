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
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<RegisterExceptionHandler>();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<PolicyRegister.Web.Documents.RegisterFreshness>();
        builder.Services.ConfigureHttpJsonOptions(o => ConfigureJson(o.SerializerOptions));
        builder.WebHost.ConfigureKestrel(k => k.Limits.MaxRequestBodySize =
            builder.Configuration.GetValue<long?>("Register:MaxRequestBodyBytes") ?? 4 * 1024 * 1024);
    }

    public static void ConfigureJson(JsonSerializerOptions o)
    {
        o.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
        o.Converters.Add(new JsonStringEnumConverter(EnumNaming));
        o.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    }

    public static void UseRegisterHttp(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
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
            if (HttpMethods.IsPost(http.Request.Method) && http.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true
                && await IsJsonNull(http.Request))
            {
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                await Results.Problem(statusCode: 400, title: "请求正文为空 (the JSON body is null)", detail: "请提交一个 JSON 对象 (send a JSON object)").ExecuteAsync(http);
                return;
            }
            await next();
        });
    }

    /// <summary>A body of JSON null reaches a command as null; it is refused before any endpoint sees it.</summary>
    private static async Task<bool> IsJsonNull(HttpRequest request)
    {
        request.EnableBuffering();
        var buffer = new byte[16];
        var read = await request.Body.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, request.HttpContext.RequestAborted);
        request.Body.Position = 0;
        return read < buffer.Length && System.Text.Encoding.UTF8.GetString(buffer, 0, read).Trim() == "null";
    }

    public static void ConfigureRegisterEndpoints(this WolverineHttpOptions opts)
    {
        // A query value that does not parse (on=tomorrow, page=x) is a 400, not a silently ignored parameter.
        opts.RejectUnparseableQueryValues = true;
        opts.AddMiddlewareByMessageType(typeof(DocumentExistsMiddleware));
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
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail, Instance = http.Request.Path };
        // Developers see what the store said; production answers never expose it.
        if (env.IsDevelopment()) problem.Extensions["exception"] = $"{exception.GetType().Name}: {exception.Message}";
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, Exception = exception, ProblemDetails = problem });
    }

    private static (int, string, string?) Classify(Exception ex) => ex switch
    {
        DocumentAlreadyExistsException or EventStreamUnexpectedMaxEventIdException or ConcurrencyException or ExistingStreamIdCollisionException =>
            (409, "冲突 (conflict)", "另一项写入已先完成，请刷新后重试 (another write got there first; reload and retry)"),
        _ when Find<PostgresException>(ex) is { SqlState: PostgresErrorCodes.UniqueViolation } pg =>
            (409, "文号重复 (duplicate number)", $"该管辖区内已有相同文号的文件 (a document with this number already exists in this jurisdiction; {pg.ConstraintName})"),
        BadHttpRequestException bad => (bad.StatusCode, "请求无效 (bad request)", bad.Message),
        JsonException json => (400, "JSON 格式错误 (malformed JSON)", json.Message),
        _ when Find<JsonException>(ex) is { } json => (400, "JSON 格式错误 (malformed JSON)", json.Message),
        _ when Find<NpgsqlException>(ex) is not null => (503, "数据库不可用 (database unavailable)", "请稍后重试 (the database did not answer; retry later)"),
        _ => (500, "服务器错误 (server error)", null),
    };

    private static T? Find<T>(Exception? ex) where T : Exception
    {
        for (; ex is not null; ex = ex.InnerException)
            if (ex is T t) return t;
        return null;
    }
}
