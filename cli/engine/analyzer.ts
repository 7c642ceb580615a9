/**
 * Runs the policy pack in policies/ through the Analyzer protocol in the Pulumi CLI's order, over
 * a transport: @pulumi/pulumi's `run-policy-pack` in a child process (as the CLI starts it), or the
 * same server's handlers in this process (packInProcess.ts). The order: configureStack → getAnalyzerInfo → configure →
 * analyze (each resource, inputs) → analyzeStack (all resources, outputs). Reference:
 * shared/reference/pulumi-offline.md §2.4; pulumi/pulumi `analyzer_plugin.go`, `step_generator.go`.
 */
import * as path from "node:path";
import type { PackProcess } from "./packProcess";
import { wireStructs, type RecordedResource } from "./recordingMonitor";
import { reconcilePolicyConfig, type PolicyInfo, type ReconciledConfig } from "./policyConfig";

const pulumiDir = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
// The grpc-js and google-protobuf copies @pulumi/pulumi uses (the server checks instanceof across copies).
const fromPulumi = (m: string) => require(require.resolve(m, { paths: [pulumiDir] }));
const grpc = fromPulumi("@grpc/grpc-js");
const analyzerPb = require("@pulumi/pulumi/proto/analyzer_pb");
const { AnalyzerClient } = require("@pulumi/pulumi/proto/analyzer_grpc_pb");
const { Struct } = fromPulumi("google-protobuf/google/protobuf/struct_pb.js");
const { Empty } = fromPulumi("google-protobuf/google/protobuf/empty_pb.js");

export const LEVELS = ["advisory", "mandatory", "disabled", "remediate"] as const;
const SEVERITIES = ["", "low", "medium", "high", "critical"];

export interface PolicyDiagnostic {
  policyName: string;
  enforcementLevel: (typeof LEVELS)[number];
  severity: string;
  /** The rule's own message (without the description the server prepends). */
  message: string;
  urn: string;
}

export interface PolicyReport {
  packName: string;
  packVersion: string;
  policies: PolicyInfo[];
  config: ReconciledConfig;
  diagnostics: PolicyDiagnostic[];
}

/** How requests reach the pack: a gRPC client to its own process, or its handlers in this one (packInProcess.ts). */
export interface AnalyzerTransport {
  call<Res>(method: string, req: unknown): Promise<Res>;
  close(): void;
}

/** The pack served by `run-policy-pack` in a child process, over gRPC on loopback (as the Pulumi CLI talks to it). */
export async function grpcTransport(pack: PackProcess): Promise<AnalyzerTransport> {
  const port = await pack.port;
  const client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  return {
    call: <Res>(method: string, req: unknown) => new Promise<Res>((resolve, reject) => client[method](req, (e: Error | null, r: Res) => (e ? reject(e) : resolve(r)))),
    close: () => client.close(),
  };
}

/** The Struct the SDK or the mock produced for this record, or one built from its JS copy (records made elsewhere). */
function wireInputStruct(r: RecordedResource): unknown {
  return wireStructs.get(r)?.inputs ?? Struct.fromJavaScript(r.wireInputs);
}
function wireStateStruct(r: RecordedResource): unknown {
  if (r.wireOutputs === undefined) return wireInputStruct(r);
  return wireStructs.get(r)?.outputs ?? Struct.fromJavaScript(r.wireOutputs);
}

function options(r: RecordedResource) {
  const o = new analyzerPb.AnalyzerResourceOptions();
  o.setProtect(r.protect);
  o.setParent(r.parent);
  o.setCustomtimeouts(new analyzerPb.AnalyzerResourceOptions.CustomTimeouts());
  return o;
}

export async function analyze(transport: AnalyzerTransport, o: { project: string; stack: string; config: Record<string, string>; secretKeys: string[]; resources: RecordedResource[]; packConfigFile?: string; packConfig?: unknown }): Promise<PolicyReport> {
  const call = <Res>(method: string, req: unknown) => transport.call<Res>(method, req);
  try {
    const sc = new analyzerPb.AnalyzerStackConfigureRequest();
    sc.setStack(o.stack);
    sc.setProject(o.project);
    sc.setOrganization("");
    sc.setDryRun(true);
    sc.setConfigSecretKeysList(o.secretKeys);
    for (const [k, v] of Object.entries(o.config)) sc.getConfigMap().set(k, v);
    await call("configureStack", sc);

    const info = await call<any>("getAnalyzerInfo", new Empty());
    const policies: PolicyInfo[] = info.getPoliciesList().map((p: any) => ({
      name: p.getName(),
      description: p.getDescription(),
      enforcementLevel: LEVELS[p.getEnforcementlevel()],
      severity: SEVERITIES[p.getSeverity()] ?? "",
      schema: { properties: p.getConfigschema()?.getProperties()?.toJavaScript() ?? {}, required: p.getConfigschema()?.getRequiredList() ?? [] },
    }));
    const initial: Record<string, { enforcementLevel?: string; properties?: Record<string, unknown> }> = {};
    info.getInitialconfigMap().forEach((v: any, k: string) => {
      initial[k] = { enforcementLevel: LEVELS[v.getEnforcementlevel()], properties: v.getProperties()?.toJavaScript() ?? {} };
    });
    const config = reconcilePolicyConfig(policies, initial, o.packConfig, o.packConfigFile);

    const cfg = new analyzerPb.ConfigureAnalyzerRequest();
    for (const [name, c] of Object.entries(config)) {
      const pc = new analyzerPb.PolicyConfig();
      pc.setEnforcementlevel(LEVELS.indexOf(c.enforcementLevel));
      pc.setProperties(Struct.fromJavaScript(c.properties));
      cfg.getPolicyconfigMap().set(name, pc);
    }
    await call("configure", cfg);

    const descriptions = new Map(policies.map((p) => [p.name, p.description]));
    const diagnostics: PolicyDiagnostic[] = [];
    // The CLI attributes a per-resource diagnostic to the resource it analyzed when the pack leaves urn empty.
    const collect = (res: any, analyzedUrn = "") => {
      for (const d of res.getDiagnosticsList()) {
        const prefix = `${descriptions.get(d.getPolicyname()) ?? d.getDescription()}\n`;
        const msg: string = d.getMessage();
        diagnostics.push({
          policyName: d.getPolicyname(),
          enforcementLevel: LEVELS[d.getEnforcementlevel()],
          severity: SEVERITIES[d.getSeverity()] ?? "",
          message: msg.startsWith(prefix) ? msg.slice(prefix.length) : msg,
          urn: d.getUrn() || analyzedUrn,
        });
      }
    };
    // analyze: each resource with its inputs (custom resources; the engine analyzes what it will register).
    for (const r of o.resources.filter((x) => x.custom)) {
      const req = new analyzerPb.AnalyzeRequest();
      req.setType(r.type);
      req.setUrn(r.urn);
      req.setName(r.name);
      req.setProperties(wireInputStruct(r));
      req.setOptions(options(r));
      collect(await call("analyze", req), r.urn);
    }
    // analyzeStack: every resource with its outputs, parents and dependencies.
    const stackReq = new analyzerPb.AnalyzeStackRequest();
    stackReq.setResourcesList(o.resources.map((r) => {
      const ar = new analyzerPb.AnalyzerResource();
      ar.setType(r.type);
      ar.setUrn(r.urn);
      ar.setName(r.name);
      ar.setProperties(wireStateStruct(r));
      ar.setOptions(options(r));
      ar.setParent(r.parent);
      ar.setDependenciesList(r.dependencies);
      for (const [k, urns] of Object.entries(r.propertyDependencies)) {
        const deps = new analyzerPb.AnalyzerPropertyDependencies();
        deps.setUrnsList(urns);
        ar.getPropertydependenciesMap().set(k, deps);
      }
      return ar;
    }));
    collect(await call("analyzeStack", stackReq));
    return { packName: info.getName(), packVersion: info.getVersion(), policies, config, diagnostics };
  } finally {
    transport.close();
  }
}
