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

/**
 * Starts policies/ with run-policy-pack. The compiled entry is used when this CLI itself runs from
 * the fresh build (dist/); otherwise the TypeScript entry, exactly as the Pulumi CLI starts it.
 */
export function openPackSession(profile: TenantProfile, packConfigFile?: string): PackSession {
  const packConfig = readPackConfig(packConfigFile);
  const compiled = __dirname.includes(`${path.sep}dist${path.sep}`);
  const config = profile.flatConfig ?? {};
  const secretKeys = profile.secretKeys.map((k) => `guardrails:${k}`);
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
    report: (run) => (require("./analyzer") as typeof import("./analyzer")).analyze(pack, { project: PROJECT, stack: profile.stack, config, secretKeys, resources: run.resources, packConfig, packConfigFile }),
    stop: () => {
      process.off("exit", kill);
      kill();
    },
  };
}
