using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using PolicyRegister.Domain.Documents;
using PolicyRegister.Web.Decisions;
using PolicyRegister.Web.Documents;
using PolicyRegister.Web.Drafts;
using PolicyRegister.Web.Jurisdictions;
using PolicyRegister.Web.Oversight;
using PolicyRegister.Web.Oversight.Subscriptions;

namespace PolicyRegister.Web.Site;

/// <summary>
/// The API's contract as clients read it, in one place: for each operation its id (verbNoun, one client class per
/// resource), its resource tag, a summary, and the type and status of its success answer (the endpoints return
/// IResult so that one handler can answer 200, 201 or a problem); a bearer scheme and, on every write, the role it
/// needs; the statuses each kind of operation can answer. A test reads the live document and a generated client
/// drives the API with it.
/// </summary>
public static class OpenApiContract
{
    /// <summary>One operation's contract; <paramref name="AlsoOk"/>: a 201 operation that answers 200 when the resource already existed (idempotent).</summary>
    public sealed record Operation(string Id, string Tag, string Summary, Type? Success = null, int Status = 200, string? Media = null, bool AlsoOk = false);

    private static readonly (string Name, string Description)[] Tags =
    [
        ("documents", "规范性文件：登记、事实与效力 (documents: registration, facts and status on a date)"),
        ("decisions", "清理决定：预览、执行与查询 (cleanup decisions: preview, apply, read)"),
        ("drafts", "决定草稿与导入草稿：登记人员拟稿，审核人员批准 (decision and import drafts under four-eyes review)"),
        ("proposals", "废止、宣布失效、替代的提议 (proposals to end a document, decided by a reviewer)"),
        ("jurisdictions", "管辖区：行政区划 (jurisdictions: administrative divisions)"),
        ("oversight", "核对、待办与推送订阅 (status checks, the attention list, webhook subscriptions)"),
        ("open-data", "开放数据、订阅源与发布件 (open data, feeds, published lists)"),
    ];

    private static readonly Dictionary<string, Operation> Operations = new()
    {
        ["POST /api/documents"] = new("registerDocument", "documents", "登记文件 (register a document; 200 when it completes one known only from decisions)", typeof(DocumentRegistration), 201, AlsoOk: true),
        ["GET /api/documents"] = new("searchDocuments", "documents", "检索文件 (search by number, words, status on a date)", typeof(DocumentSearchPage)),
        ["GET /api/documents/{id}"] = new("getDocument", "documents", "文件、今日效力与登记记录 (a document, its status today and its timeline)", typeof(DocumentDetails)),
        ["GET /api/documents/{id}/status"] = new("getDocumentStatus", "documents", "某日效力 (status on a date, as recorded by a moment)", typeof(StatusView)),
        ["GET /api/documents/status"] = new("getDocumentStatusByNumber", "documents", "按文号查某日效力 (status by number)", typeof(StatusView)),
        ["POST /api/documents/{documentId}/publication"] = new("recordPublication", "documents", "登记公布 (published in a gazette)", typeof(LifecycleRecorded)),
        ["POST /api/documents/{documentId}/effective"] = new("setEffectiveDate", "documents", "登记施行日期 (takes effect)", typeof(LifecycleRecorded)),
        ["POST /api/documents/{documentId}/term"] = new("setValidityTerm", "documents", "登记有效期 (validity term)", typeof(LifecycleRecorded)),
        ["POST /api/documents/{documentId}/term/resolution"] = new("resolveValidityTerm", "documents", "核定文字有效期 (a text term resolved to a date)", typeof(LifecycleRecorded)),
        ["POST /api/documents/{documentId}/term/extension"] = new("extendValidityTerm", "documents", "延长有效期 (term extended)", typeof(LifecycleRecorded)),
        ["POST /api/documents/{documentId}/amendment-order"] = new("orderAmendment", "documents", "决定修改 (amendment ordered)", typeof(LifecycleRecorded)),
        ["POST /api/documents/{documentId}/amendment"] = new("recordAmendment", "documents", "登记修改 (amended)", typeof(LifecycleRecorded)),
        ["POST /api/documents/{documentId}/replacement"] = new("recordReplacement", "documents", "被替代 (replaced)", typeof(LifecycleRecorded)),
        ["POST /api/documents/{documentId}/retention"] = new("retainDocument", "documents", "经清理保留 (retained)", typeof(LifecycleRecorded)),
        ["POST /api/documents/{documentId}/repeal"] = new("repealDocument", "documents", "废止 (repealed)", typeof(LifecycleRecorded)),
        ["POST /api/documents/{documentId}/declare-invalid"] = new("declareDocumentInvalid", "documents", "宣布失效 (declared invalid)", typeof(LifecycleRecorded)),
        ["POST /api/documents/{documentId}/text"] = new("recordText", "documents", "登记全文 (the text, as published or amended; numbering doubts come back as warnings)", typeof(TextRecordedAnswer)),
        ["POST /api/documents/{documentId}/correction"] = new("correctDocument", "documents", "更正 (correct title, date, number, issuers or jurisdiction)", typeof(LifecycleRecorded)),
        ["POST /api/documents/{documentId}/status-checks"] = new("recordStatusCheck", "oversight", "登记核对 (status checked up to a date)", typeof(LifecycleRecorded)),
        ["POST /api/documents/{documentId}/claims"] = new("recordStatusClaim", "oversight", "登记其他来源的效力标注 (another source's status label)", typeof(ClaimRecorded)),
        ["POST /api/documents/{documentId}/claims/{claimId}/settle"] = new("settleStatusClaim", "oversight", "处理效力标注 (settle a claim)", typeof(LifecycleRecorded)),
        ["POST /api/documents/{documentId}/proposals"] = new("proposeEnding", "proposals", "提议废止、宣布失效或替代 (propose ending a document)", typeof(ProposalView), 201),
        ["GET /api/numbers/gaps"] = new("getNumberGaps", "oversight", "文号缺号 (serials the register lacks)", typeof(NumberGapsAnswer)),
        ["POST /api/decisions/preview"] = new("previewDecision", "decisions", "预览清理决定的匹配 (match report)", typeof(DecisionPreview)),
        ["POST /api/decisions"] = new("applyDecision", "decisions", "执行清理决定 (apply atomically; 200 when already applied)", typeof(DecisionResult), 201, AlsoOk: true),
        ["GET /api/decisions"] = new("listDecisions", "decisions", "清理决定列表 (decisions)", typeof(List<DecisionSummary>)),
        ["GET /api/decisions/{idOrNumber}"] = new("getDecision", "decisions", "清理决定及其目录 (a decision with its rows)", typeof(DecisionDetails)),
        ["GET /api/decisions/{idOrNumber}/coverage"] = new("getDecisionCoverage", "decisions", "未涉及的现行有效文件 (what a cleanup left out)", typeof(DecisionCoverage)),
        ["POST /api/decisions/drafts"] = new("createDecisionDraft", "drafts", "新建决定草稿 (create a decision draft)", typeof(DraftCreated), 201),
        ["GET /api/decisions/drafts"] = new("listDecisionDrafts", "drafts", "决定草稿与审核队列 (drafts and the review queue)", typeof(List<DraftSummary>)),
        ["GET /api/decisions/drafts/{id}"] = new("getDecisionDraft", "drafts", "决定草稿及其匹配 (a draft with its match report)", typeof(DraftDetails)),
        ["POST /api/decisions/drafts/{decisionDraftId}/edit"] = new("editDecisionDraft", "drafts", "修改草稿 (edit)", typeof(DraftMoved)),
        ["POST /api/decisions/drafts/{decisionDraftId}/submit"] = new("submitDecisionDraft", "drafts", "提交审核 (submit)", typeof(DraftMoved)),
        ["POST /api/decisions/drafts/{decisionDraftId}/return"] = new("returnDecisionDraft", "drafts", "退回 (return with a comment)", typeof(DraftMoved)),
        ["POST /api/decisions/drafts/{decisionDraftId}/withdraw"] = new("withdrawDecisionDraft", "drafts", "撤回 (withdraw)", typeof(DraftMoved)),
        ["POST /api/decisions/drafts/{decisionDraftId}/approve"] = new("approveDecisionDraft", "drafts", "批准并执行 (approve and apply)", typeof(DraftApproved)),
        ["POST /api/imports/drafts"] = new("createImportDraft", "drafts", "新建导入草稿 (an uploaded gazette as a draft)", typeof(DraftCreated), 201),
        ["GET /api/imports/drafts/{id}"] = new("getImportDraft", "drafts", "导入草稿 (an import draft)", typeof(ImportDraftSummary)),
        ["POST /api/imports/drafts/{importDraftId}/submit"] = new("submitImportDraft", "drafts", "提交审核 (submit)", typeof(DraftMoved)),
        ["POST /api/imports/drafts/{importDraftId}/return"] = new("returnImportDraft", "drafts", "退回 (return)", typeof(DraftMoved)),
        ["POST /api/imports/drafts/{importDraftId}/approve"] = new("approveImportDraft", "drafts", "批准并导入 (approve and commit)"),
        ["GET /api/proposals"] = new("listProposals", "proposals", "提议列表 (proposals)", typeof(List<ProposalView>)),
        ["POST /api/proposals/{endingProposalId}/approve"] = new("approveProposal", "proposals", "批准提议 (approve)", typeof(ProposalView)),
        ["POST /api/proposals/{endingProposalId}/reject"] = new("rejectProposal", "proposals", "驳回提议 (reject)", typeof(ProposalView)),
        ["GET /api/jurisdictions"] = new("searchJurisdictions", "jurisdictions", "检索行政区划 (divisions by name or code)", typeof(List<DivisionSummary>)),
        ["GET /api/jurisdictions/{code}"] = new("getJurisdiction", "jurisdictions", "行政区划及其文件数 (a division)", typeof(DivisionDetails)),
        ["POST /api/jurisdictions/{code}/status-checks"] = new("recordJurisdictionCheck", "oversight", "登记整区核对 (a whole division checked)", typeof(JurisdictionCheckRecorded)),
        ["GET /api/attention"] = new("getAttention", "oversight", "待办：需要人工处理的文件 (the attention list)", typeof(AttentionAnswer)),
        ["POST /api/subscriptions"] = new("createSubscription", "oversight", "登记推送订阅 (a webhook subscription)", typeof(SubscriptionView), 201),
        ["GET /api/subscriptions"] = new("listSubscriptions", "oversight", "推送订阅 (subscriptions)", typeof(List<SubscriptionView>)),
        ["GET /api/subscriptions/{id}"] = new("getSubscription", "oversight", "推送订阅及其投递 (a subscription and its deliveries)", typeof(SubscriptionView)),
        ["POST /api/subscriptions/{id}/end"] = new("endSubscription", "oversight", "停止订阅 (end)", typeof(SubscriptionView)),
        ["POST /api/subscriptions/{id}/retry"] = new("retrySubscription", "oversight", "重新投递 (retry now)", null, 202),
        ["POST /api/templates/preview"] = new("previewTemplate", "open-data", "预览修改后的模板 (render an edited template)", null, 200, "text/plain"),
        ["GET /feed.atom"] = new("getChangeFeed", "open-data", "变更订阅源 (Atom, RFC 5005 paged)", null, 200, "application/atom+xml"),
        ["GET /data/register.json"] = new("getOpenDataJson", "open-data", "开放数据 JSON (every document, status today)", null, 200, "application/json"),
        ["GET /data/register.schema.json"] = new("getOpenDataSchema", "open-data", "开放数据的 JSON Schema", null, 200, "application/schema+json"),
        ["GET /data/register.csv"] = new("getOpenDataCsv", "open-data", "开放数据 CSV (RFC 4180)", null, 200, "text/csv"),
        ["GET /publish/catalogue"] = new("publishCatalogue", "open-data", "现行有效目录 (html, txt or csv)", null, 200, "text/html"),
        ["GET /publish/changes"] = new("publishChanges", "open-data", "失效和废止目录 (html, txt or csv)", null, 200, "text/html"),
        ["GET /publish/decisions/{number}"] = new("publishDecisionNotice", "open-data", "清理决定公告 (html, txt or csv)", null, 200, "text/html"),
        ["GET /publish/documents/{id}/certificate"] = new("publishCertificate", "open-data", "效力状态证明 (html or txt)", null, 200, "text/html"),
        ["POST /publish/decisions/preview"] = new("previewDecisionNotice", "open-data", "预览决定公告 (a notice before it is applied)", null, 200, "text/html"),
    };

    /// <summary>
    /// What the server requires beyond the value-typed fields (commands take nullable inputs so that a missing field is
    /// a problem naming it, not a deserialisation error; the generator would call every positional field required).
    /// Every write also requires `reason`.
    /// </summary>
    private static readonly Dictionary<Type, string[]> Required = new()
    {
        [typeof(RegisterDocument)] = ["number", "title", "issuers", "jurisdiction", "kind"],
        [typeof(RepealDocument)] = ["on", "basis"],
        [typeof(DeclareDocumentInvalid)] = ["on", "basis"],
        [typeof(RetainDocument)] = ["on", "basis"],
        [typeof(SetEffectiveDate)] = ["effective"],
        [typeof(SetValidityTerm)] = ["expires"],
        [typeof(RecordPublication)] = ["publication"],
        [typeof(BasisInput)] = ["number"],
        [typeof(EffectiveInput)] = [],
        [typeof(ExpiresInput)] = [],
        [typeof(DecisionInput)] = ["number", "title", "issuers", "jurisdiction", "items"],
        [typeof(DecisionItemInput)] = ["action", "title"],
    };

    public static void Configure(OpenApiOptions options)
    {
        options.AddSchemaTransformer((schema, context, _) =>
        {
            var type = context.JsonTypeInfo.Type;
            if (schema.Properties is { Count: > 0 } properties)
            {
                var listed = Required.Where(r => r.Key.IsAssignableFrom(type)).Select(r => r.Value).FirstOrDefault();
                if (listed is not null || typeof(Auth.IWriteCommand).IsAssignableFrom(type))
                {
                    var valueTyped = context.JsonTypeInfo.Properties.Where(p => p.PropertyType.IsValueType && Nullable.GetUnderlyingType(p.PropertyType) is null
                        && p.PropertyType != typeof(bool)).Select(p => p.Name);
                    var required = new HashSet<string>(valueTyped.Concat(listed ?? []));
                    if (typeof(Auth.IWriteCommand).IsAssignableFrom(type) && properties.ContainsKey("reason")) required.Add("reason");
                    schema.Required = required.Where(properties.ContainsKey).ToHashSet();
                }
            }
            return Task.CompletedTask;
        });
        options.AddDocumentTransformer((document, _, _) =>
        {
            document.Components ??= new OpenApiComponents();
            document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
            document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.Http, Scheme = "bearer",
                Description = "API 密钥：`Authorization: Bearer <key>`。密钥的角色：clerk 登记事实与拟稿，reviewer 另可终止文件、执行决定与批准，admin 另可管理。(API keys carry a role.)",
            };
            document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
            // Every 200 that answered IResult now names its type: the placeholder schema is unused.
            document.Components.Schemas?.Remove("IResult");
            // A nullable enum or object is written oneOf [null, X]: clients generate a wrapper type for it (NSwag's C#
            // client then sends {}). Leaving the property out is how a client says "none", so the property is X.
            // Only in what clients send: an answer's null stays a null the client accepts.
            var requests = RequestSchemas(document);
            foreach (var (schemaName, component) in document.Components.Schemas ?? new Dictionary<string, IOpenApiSchema>())
            {
                if (requests.Contains(schemaName))
                    foreach (var (name, property) in component.Properties?.ToList() ?? [])
                        if (property.OneOf is [{ Type: JsonSchemaType.Null }, var only]) component.Properties![name] = only;
                // An enum lists its names only: null is no member (absence says "none").
                if (component is OpenApiSchema { Enum.Count: > 0 } enumeration)
                {
                    foreach (var none in enumeration.Enum.Where(e => e is null).ToList()) enumeration.Enum.Remove(none);
                    // Named by strings: clients then (de)serialise names, not numbers (the server refuses numbers).
                    enumeration.Type = JsonSchemaType.String;
                }
            }
            return Task.CompletedTask;
        });
        options.AddOperationTransformer(async (operation, context, token) =>
        {
            var description = context.Description;
            var key = $"{description.HttpMethod} /{description.RelativePath}";
            var isGet = description.HttpMethod == HttpMethods.Get;
            if (Operations.TryGetValue(key, out var op))
            {
                operation.OperationId = op.Id;
                operation.Summary = op.Summary;
                operation.Description = null;
                operation.Tags = new HashSet<OpenApiTagReference> { new(op.Tag, context.Document) };
                operation.Responses ??= new OpenApiResponses();
                operation.Responses.Remove("200");
                var media = op.Media ?? "application/json";
                var content = new Dictionary<string, OpenApiMediaType>
                {
                    [media] = new()
                    {
                        Schema = op.Success is { } t ? await Reference(t, context, token)
                            : media == "application/json" ? new OpenApiSchema { Type = JsonSchemaType.Object } : new OpenApiSchema { Type = JsonSchemaType.String },
                    },
                };
                operation.Responses[op.Status.ToString()] = new OpenApiResponse
                {
                    Description = op.Status switch { 201 => "Created", 202 => "Accepted", _ => "OK" },
                    Content = content,
                    Headers = op.Status == 201
                        ? new Dictionary<string, IOpenApiHeader> { ["Location"] = new OpenApiHeader { Description = "新资源的地址 (the new resource)", Schema = new OpenApiSchema { Type = JsonSchemaType.String } } }
                        : null,
                };
                if (op.AlsoOk) operation.Responses["200"] = new OpenApiResponse { Description = "OK (已存在 already there)", Content = content };
            }
            else if (operation.Responses?.TryGetValue("200", out var untyped) == true && untyped.Content is { } body
                     && body.Values.Any(m => m.Schema is OpenApiSchemaReference { Reference.Id: "IResult" }))
                // An operation the table does not know yet still gets a valid document (the contract test names it).
                foreach (var media in body.Values) media.Schema = new OpenApiSchema { Type = JsonSchemaType.Object };
            // `in` is read from the query itself (a C# keyword cannot name the parameter Wolverine binds), so it is declared here.
            if (op?.Id == "searchDocuments")
                (operation.Parameters ??= []).Add(new OpenApiParameter
                {
                    Name = "in", In = ParameterLocation.Query, Description = "title（默认：文号和标题；标题检索按相关度再按日期排序，下一页以 after=上一页的 next 取得，总数1000以上时 totalIsLowerBound 为 true）或 text（全文，须给出 q：每个词都须出现；按印发日期由新到旧；总数200以上时 totalIsLowerBound 为 true）" +
                        " (title: relevance, then newest first; the next page by after=next; beyond 1,000 matches the total is a lower bound. text: every word must occur in one version of the text; newest first by signing date; beyond 200 matches the total is a lower bound)",
                    Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = ["title", "text"] },
                });
            if (isGet) operation.Responses?.Remove("409"); // a read never conflicts
            var problem = new Dictionary<string, OpenApiMediaType> { ["application/problem+json"] = new() { Schema = await Reference(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context, token) } };
            void Answer(string status, string text)
            {
                operation.Responses ??= new OpenApiResponses();
                if (!operation.Responses.ContainsKey(status)) operation.Responses[status] = new OpenApiResponse { Description = text, Content = problem };
            }
            var authorize = description.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().FirstOrDefault();
            if (authorize is not null)
            {
                operation.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", context.Document)] = [] }];
                operation.Description = $"需要角色：{Role(authorize.Policy)} (role needed: {Role(authorize.Policy)})。写入须在正文中给出 `reason`。";
                Answer("401", "缺少或无效的 API 密钥 (no or a wrong API key)");
                Answer("403", "密钥的角色不允许 (the key's role may not)");
            }
            else
            {
                // Anonymous by design: an explicit empty requirement says so (readers never need a key).
                operation.Security = [new OpenApiSecurityRequirement()];
                operation.Description = "公开，无需密钥 (public: no key needed)。";
            }
            Answer("400", "输入有误：errors 指明字段 (invalid input; errors name the fields)");
            if (!isGet)
            {
                Answer("413", "请求过大 (request body too large)");
                Answer("422", "违反登记规则 (the register's rules forbid this)");
            }
            Answer("503", "数据库暂不可用，稍后重试 (the database is unavailable; retry)");
        });
    }

    /// <summary>The component schemas a request body reaches (its own and those its properties and items refer to).</summary>
    private static HashSet<string> RequestSchemas(OpenApiDocument document)
    {
        var found = new HashSet<string>();
        var pending = new Stack<IOpenApiSchema>();
        foreach (var operation in document.Paths?.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []) ?? [])
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
                if (media.Schema is not null) pending.Push(media.Schema);
        while (pending.Count > 0)
        {
            var schema = pending.Pop();
            if (schema is OpenApiSchemaReference { Reference.Id: { } id })
            {
                if (!found.Add(id) || document.Components?.Schemas?.TryGetValue(id, out var target) != true) continue;
                schema = target!;
            }
            foreach (var child in (schema.Properties?.Values ?? []).Concat(schema.OneOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.AllOf ?? [])
                         .Append(schema.Items).OfType<IOpenApiSchema>())
                pending.Push(child);
        }
        return found;
    }

    /// <summary>A response type as a component ($ref), a list as an array of it: one schema per type, shared by every operation.</summary>
    private static async Task<IOpenApiSchema> Reference(Type type, OpenApiOperationTransformerContext context, CancellationToken token)
    {
        if (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(List<>))
            return new OpenApiSchema { Type = JsonSchemaType.Array, Items = await Reference(type.GetGenericArguments()[0], context, token) };
        var document = context.Document!;
        if (document.Components?.Schemas?.ContainsKey(type.Name) != true)
        {
            var schema = await context.GetOrCreateSchemaAsync(type, null, token);
            AllowNulls(type, schema, 0);
            document.AddComponent(type.Name, schema);
        }
        return new OpenApiSchemaReference(type.Name, document);
    }

    private static readonly System.Reflection.NullabilityInfoContext Nullability = new();

    /// <summary>
    /// An answer's nullable member (a C# `T?`) may be null: it is not required to be non-null, and an inline object
    /// schema says null too (the generator leaves that out of nested schemas), so a client accepts "scope": null.
    /// </summary>
    private static void AllowNulls(Type type, IOpenApiSchema schema, int depth)
    {
        if (depth > 4 || schema is not OpenApiSchema { Properties.Count: > 0 } target) return;
        foreach (var member in type.GetProperties())
        {
            var name = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(member.Name);
            if (!target.Properties!.TryGetValue(name, out var property)) continue;
            var nullable = Nullable.GetUnderlyingType(member.PropertyType) is not null
                || (!member.PropertyType.IsValueType && Nullability.Create(member).ReadState == System.Reflection.NullabilityState.Nullable);
            if (nullable)
            {
                target.Required?.Remove(name);
                if (property is OpenApiSchema { Type: { } t } inline && !t.HasFlag(JsonSchemaType.Null)) inline.Type = t | JsonSchemaType.Null;
            }
            var memberType = Nullable.GetUnderlyingType(member.PropertyType) ?? member.PropertyType;
            if (memberType.IsPrimitive || memberType == typeof(string)) continue;
            var element = memberType.IsArray ? memberType.GetElementType()
                : memberType.GetInterfaces().Append(memberType).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];
            if (element is not null && property.Items is { } items) AllowNulls(element, items, depth + 1);
            else AllowNulls(memberType, property, depth + 1);
        }
    }

    private static string Role(string? policy) => policy switch
    {
        Auth.Policies.Review => "reviewer",
        Auth.Policies.Write => "clerk",
        _ => policy ?? "clerk",
    };
}
