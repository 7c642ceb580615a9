/**
 * Starts a policy pack the way the Pulumi CLI does: @pulumi/pulumi's `run-policy-pack` in a child
 * process, cwd = the pack, stack config in PULUMI_CONFIG; the pack prints its gRPC port. Node
 * built-ins only, so the pack can start before this process loads the Pulumi SDK.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";

export interface PackProcess {
  port: Promise<number>;
  child: ChildProcess;
  stderr: () => string;
}

export interface PackStart {
  packDir: string;
  /** `.` (the TypeScript entry, as the CLI runs it) or a compiled entry. */
  program: string;
  project: string;
  stack: string;
  config: Record<string, string>;
  secretKeys: string[];
}

/**
 * Above this size the stack config goes to the pack in a file, not the environment: Linux limits one
 * environment string to 128 KiB (MAX_ARG_STRLEN), and a 195-policy stack with a large directory
 * exceeds it (`spawn E2BIG`). The pack reads GUARDRAILS_CONFIG_FILE when PULUMI_CONFIG is absent.
 */
export const MAX_ENV_CONFIG_BYTES = 64 * 1024;

function configEnv(config: Record<string, string>): { env: Record<string, string>; cleanup: () => void } {
  const json = JSON.stringify(config);
  if (Buffer.byteLength(json) <= MAX_ENV_CONFIG_BYTES) return { env: { PULUMI_CONFIG: json }, cleanup: () => undefined };
  const dir = mkdtempSync(path.join(tmpdir(), "guardrails-config-"));
  const file = path.join(dir, "config.json");
  writeFileSync(file, json, { mode: 0o600 });
  return { env: { GUARDRAILS_CONFIG_FILE: file }, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function startPack(o: PackStart): PackProcess {
  const passed = configEnv(o.config);
  const inherited = { ...process.env };
  delete inherited.PULUMI_CONFIG;
  delete inherited.GUARDRAILS_CONFIG_FILE;
  const env = {
    ...inherited,
    ...passed.env,
    PULUMI_CONFIG_SECRET_KEYS: JSON.stringify(o.secretKeys),
    PULUMI_NODEJS_PROJECT: o.project, PULUMI_PROJECT: o.project,
    PULUMI_NODEJS_STACK: o.stack, PULUMI_STACK: o.stack,
    PULUMI_NODEJS_DRY_RUN: "true", PULUMI_DRY_RUN: "true",
  };
  const runPolicyPack = path.join(path.dirname(require.resolve("@pulumi/pulumi/package.json")), "cmd", "run-policy-pack");
  const child = spawn(process.execPath, [runPolicyPack, "127.0.0.1:1", o.program], { cwd: o.packDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let err = "";
  child.stderr!.on("data", (d) => { err += String(d); });
  const port = new Promise<number>((resolve, reject) => {
    let out = "";
    child.stdout!.on("data", (d) => {
      out += String(d);
      const m = /^(\d+)\s*$/m.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.on("exit", (code) => reject(new Error(`the policy pack exited (code ${code}) before serving: ${err.trim().split("\n").slice(-3).join(" | ")}`)));
    child.on("error", reject);
  });
  // Awaited by the analyzer; a pack stopped because the program failed first is not a second failure.
  port.catch(() => undefined);
  process.once("exit", passed.cleanup);
  // Once the pack is gone its config file is too; a long-lived process (tests, diff) keeps no listener per pack.
  child.on("exit", () => { passed.cleanup(); process.off("exit", passed.cleanup); });
  return { port, child, stderr: () => err };
}

export function stopPack(pack: PackProcess): void {
  if (pack.child.exitCode === null) pack.child.kill();
}
