/** Starting and querying the pack for one plan; the pack starts while the program runs. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import type { TenantProfile } from "../../model/profile/load";
import { PROJECT_ROOT, UsageError } from "../io";
import type { PolicyReport } from "./analyzer";
import { startPack, stopPack, type PackProcess } from "./packProcess";
import type { ProgramRun } from "./run";
import { PROJECT } from "./project";

export interface PackSession {
  report(run: ProgramRun): Promise<PolicyReport>;
  stop(): void;
}

function readPackConfig(file: string | undefined): unknown {
  if (!file) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UsageError(`${file}: cannot read the policy pack config (${err.code ?? err.message.split("\n")[0]})`);
  }
}

/** Where the pack runs: in this process (default), or in its own process via run-policy-pack, as the Pulumi CLI runs it. */
export type PackMode = "in-process" | "process";

/** `GUARDRAILS_PACK=process` selects the out-of-process pack for every command. */
export function defaultPackMode(): PackMode {
  return process.env.GUARDRAILS_PACK === "process" ? "process" : "in-process";
}

/**
 * The pack for one plan: policies/ served in this process (no second Node start), or started with
 * run-policy-pack in a child process. The compiled entry is used when this CLI itself runs from the
 * fresh build (dist/); otherwise the TypeScript entry, exactly as the Pulumi CLI starts it.
 */
export function openPackSession(profile: TenantProfile, packConfigFile?: string, mode: PackMode = defaultPackMode()): PackSession {
  const packConfig = readPackConfig(packConfigFile);
  const compiled = __dirname.includes(`${path.sep}dist${path.sep}`);
  const config = profile.flatConfig ?? {};
  const secretKeys = profile.secretKeys.map((k) => `guardrails:${k}`);
  const request = (run: ProgramRun) => ({ project: PROJECT, stack: profile.stack, config, secretKeys, resources: run.resources, packConfig, packConfigFile });
  if (mode === "in-process") {
    const entry = compiled ? path.join(PROJECT_ROOT, "dist", "policies", "index.js") : path.join(PROJECT_ROOT, "policies", "index.ts");
    return {
      report: async (run) => {
        const { analyze } = require("./analyzer") as typeof import("./analyzer");
        const { inProcessTransport } = require("./packInProcess") as typeof import("./packInProcess");
        return analyze(inProcessTransport({ entry, project: PROJECT, stack: profile.stack, config, secretKeys }), request(run));
      },
      stop: () => undefined,
    };
  }
  const pack: PackProcess = startPack({
    packDir: path.join(PROJECT_ROOT, "policies"),
    program: compiled ? path.join(PROJECT_ROOT, "dist", "policies", "index.js") : ".",
    project: PROJECT,
    stack: profile.stack,
    config,
    secretKeys,
  });
  // Never leave a pack server behind, whatever happens to this process.
  const kill = () => stopPack(pack);
  process.once("exit", kill);
  return {
    // gRPC and protobuf load only when the program has run, so the pack starts first.
    report: async (run) => {
      const { analyze, grpcTransport } = require("./analyzer") as typeof import("./analyzer");
      return analyze(await grpcTransport(pack), request(run));
    },
    stop: () => {
      process.off("exit", kill);
      kill();
    },
  };
}
