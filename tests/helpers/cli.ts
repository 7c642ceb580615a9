import { spawnSync } from "node:child_process";
import * as path from "node:path";
import { ROOT } from "./stacks";

export interface CliResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real `guardrails` bin as a subprocess (as `npx guardrails` would). */
export function guardrails(...args: string[]): CliResult {
  const r = spawnSync(process.execPath, [path.join(ROOT, "cli", "bin", "guardrails.js"), ...args], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
    timeout: 120_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}
