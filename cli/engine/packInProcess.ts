/**
 * The policy pack served in this process, without a second Node start: policies/ is loaded here
 * once, and the handlers its `new PolicyPack` registers with @pulumi/policy's gRPC server are kept
 * instead of bound to a port. The handlers get the protocol's own request messages (AnalyzeRequest
 * and the rest, their properties the very Structs the SDK sent), as the gRPC server would hand them
 * over after decoding; the verdicts equal the out-of-process run, where every message crosses
 * loopback as bytes (a test compares both on every shipped and crafted stack). Encoding each
 * message to bytes and back here too cost a fifth of the pack's time (issue #15).
 */
import * as path from "node:path";
import type { AnalyzerTransport } from "./analyzer";

/** The service's method definitions (paths and serialisers), used here only to know which methods it has. */
type MethodDefinition = object;
type Handler = (call: { request: unknown }, done: (e: Error | null, r?: unknown) => void) => void;
interface Served { service: Record<string, MethodDefinition>; handlers: Record<string, Handler> }

const loaded = new Map<string, Served>();

/** Loads the pack's entry with @pulumi/policy's server patched to hand over its service instead of listening. */
function servedBy(entry: string): Served {
  const known = loaded.get(entry);
  if (known) return known;
  const policyDir = path.dirname(require.resolve("@pulumi/policy/package.json"));
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [policyDir] }));
  const server = grpc.Server.prototype;
  const { addService, bindAsync } = server;
  let served: Served | undefined;
  server.addService = function (service: Record<string, MethodDefinition>, handlers: Record<string, Handler>) { served = { service, handlers }; };
  // Not bound, so nothing listens and no port is printed on stdout.
  server.bindAsync = function () { return undefined; };
  try {
    require(entry);
  } finally {
    server.addService = addService;
    server.bindAsync = bindAsync;
  }
  if (!served) throw new Error(`${entry}: no policy pack was served (it was loaded before, or it constructs no PolicyPack)`);
  loaded.set(entry, served);
  return served;
}

const ENV_KEYS = ["PULUMI_CONFIG", "GUARDRAILS_CONFIG_FILE", "PULUMI_CONFIG_SECRET_KEYS", "PULUMI_PROJECT", "PULUMI_NODEJS_PROJECT", "PULUMI_STACK", "PULUMI_NODEJS_STACK"] as const;

export interface InProcessPack {
  /** policies/index.js (compiled) or policies/index.ts (sources). */
  entry: string;
  project: string;
  stack: string;
  config: Record<string, string>;
  secretKeys: string[];
}

/**
 * A session with the in-process pack. The pack reads the stack config from the environment, as
 * under `run-policy-pack`; the session sets it, clears the pack's cached profile, and puts both back
 * when it closes. One session at a time: they share the pack's module state, as the CLI's one pack
 * process serves one preview.
 */
export function inProcessTransport(o: InProcessPack): AnalyzerTransport {
  const { service, handlers } = servedBy(o.entry);
  const saved = Object.fromEntries(ENV_KEYS.map((k) => [k, process.env[k]]));
  const env: Record<(typeof ENV_KEYS)[number], string | undefined> = {
    PULUMI_CONFIG: JSON.stringify(o.config), GUARDRAILS_CONFIG_FILE: undefined, PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(o.secretKeys),
    PULUMI_PROJECT: o.project, PULUMI_NODEJS_PROJECT: o.project, PULUMI_STACK: o.stack, PULUMI_NODEJS_STACK: o.stack,
  };
  const apply = (values: Record<string, string | undefined>) => { for (const [k, v] of Object.entries(values)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; } };
  const context = require(path.join(path.dirname(o.entry), "framework", "context")) as typeof import("../../policies/framework/context");
  apply(env);
  context.resetStackProfile();
  return {
    call<Res>(method: string, req: unknown): Promise<Res> {
      const def = service[method], handler = handlers[method];
      if (!def || !handler) return Promise.reject(new Error(`the policy pack serves no '${method}'`));
      return new Promise<Res>((resolve, reject) => handler({ request: req }, (e, r) => {
        if (e) reject(e);
        else resolve(r as Res);
      }));
    },
    close() {
      apply(saved);
      context.resetStackProfile();
    },
  };
}
