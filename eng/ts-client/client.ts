// A small TypeScript client over the types openapi-typescript generates from the live contract (register.d.ts, made by
// eng/typecheck-client.sh next to this file in a temporary folder). It is type-checked with `tsc --strict`, not run:
// the point is that the contract gives a client real types for the main flow.
import type { components, paths } from "./register";

type Schemas = components["schemas"];
type Registration = paths["/api/documents"]["post"]["responses"]["201"]["content"]["application/json"];
type Status = paths["/api/documents/{id}/status"]["get"]["responses"]["200"]["content"]["application/json"];
type Applied = paths["/api/decisions"]["post"]["responses"]["201"]["content"]["application/json"];
type Problem = Schemas["ProblemDetails"];

export class RegisterClient {
  constructor(private readonly base: string, private readonly key?: string) {}

  private async send<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    const headers: Record<string, string> = { Accept: "application/json" };
    if (this.key) headers.Authorization = `Bearer ${this.key}`;
    if (body !== undefined) headers["Content-Type"] = "application/json";
    const response = await fetch(`${this.base}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    if (!response.ok) {
      const problem = (await response.json()) as Problem;
      throw new Error(`${response.status} ${problem.title ?? ""}: ${problem.detail ?? ""}`);
    }
    return (await response.json()) as T;
  }

  register(document: Schemas["RegisterDocument"]): Promise<Registration> {
    return this.send("POST", "/api/documents", document);
  }

  setEffective(id: string, command: Schemas["SetEffectiveDate"]): Promise<Schemas["LifecycleRecorded"]> {
    return this.send("POST", `/api/documents/${encodeURIComponent(id)}/effective`, command);
  }

  statusOn(id: string, on: string): Promise<Status> {
    return this.send("GET", `/api/documents/${encodeURIComponent(id)}/status?on=${encodeURIComponent(on)}`);
  }

  apply(decision: Schemas["ApplyDecision"]): Promise<Applied> {
    return this.send("POST", "/api/decisions", decision);
  }
}

// The flow, written against the types: a wrong field name or an enum value the server does not know fails tsc.
export async function flow(client: RegisterClient, jurisdiction: string): Promise<boolean> {
  const registered = await client.register({
    number: "客政规发〔2024〕9号", title: "某某县类型检查办法", issuers: ["某某县人民政府"], jurisdiction,
    kind: "normative", signedOn: "2024-01-16", reason: "据公报登记",
  });
  const effective = await client.setEffective(registered.id, { version: registered.version, effective: { on: "2024-02-01" }, reason: "据原文" });
  const status = await client.statusOn(registered.id, "2024-06-01");
  const applied = await client.apply({
    number: "客政发〔2025〕9号", title: "某某县人民政府关于废止部分行政规范性文件的决定", issuers: ["某某县人民政府"], jurisdiction,
    effective: { on: "2025-07-01" }, items: [{ action: "repeal", seq: 1, title: "某某县类型检查办法", number: "客政规发〔2024〕9号" }],
    reason: "据公报",
  });
  return effective.version > registered.version && status.status === "in_force" && applied.alreadyApplied === false;
}
