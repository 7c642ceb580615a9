/** A build older than its sources is never used silently (issue #10). */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { ROOT } from "../helpers/stacks";

/** A miniature project around the real bin script: sources, a build, and their ages. */
function project(buildIsNewer: boolean): string {
  const dir = mkdtempSync(path.join(tmpdir(), "stale-"));
  for (const d of ["cli/bin", "cli/engine", "dist/cli/engine"]) mkdirSync(path.join(dir, d), { recursive: true });
  // The bin installs the SDK start-up hook from beside the entry it runs (build or sources).
  writeFileSync(path.join(dir, "cli", "engine", "deferSdkModules.ts"), "export function deferSdkModules(): void {}\n");
  writeFileSync(path.join(dir, "dist", "cli", "engine", "deferSdkModules.js"), "exports.deferSdkModules = () => undefined;\n");
  copyFileSync(path.join(ROOT, "cli", "bin", "guardrails.js"), path.join(dir, "cli", "bin", "guardrails.js"));
  symlinkSync(path.join(ROOT, "node_modules"), path.join(dir, "node_modules"));
  writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { module: "commonjs", target: "es2022" } }));
  writeFileSync(path.join(dir, "index.ts"), "");
  writeFileSync(path.join(dir, "cli", "main.ts"), 'export async function main(): Promise<number> { process.stdout.write("sources\\n"); return 0; }\n');
  writeFileSync(path.join(dir, "dist", "cli", "main.js"), 'exports.main = async () => { process.stdout.write("build\\n"); return 0; };\n');
  writeFileSync(path.join(dir, "dist", ".tsbuildinfo"), "{}");
  const old = new Date(Date.now() - 3_600_000);
  const now = new Date();
  for (const f of ["index.ts", "cli/main.ts", "cli/engine/deferSdkModules.ts"]) utimesSync(path.join(dir, f), buildIsNewer ? old : now, buildIsNewer ? old : now);
  utimesSync(path.join(dir, "dist", ".tsbuildinfo"), buildIsNewer ? now : old, buildIsNewer ? now : old);
  return dir;
}

const run = (dir: string) => spawnSync(process.execPath, [path.join(dir, "cli", "bin", "guardrails.js")], { cwd: dir, encoding: "utf8", env: { ...process.env, GUARDRAILS_FROM_SOURCE: "" } });

test("a stale build: the sources run, and stderr says why and how to rebuild", () => {
  const r = run(project(false));
  expect(r.stdout).toBe("sources\n");
  expect(r.stderr).toBe("guardrails: the build in dist/ is older than the sources; running the TypeScript sources through ts-node (slower). Rebuild with: npm run prepare\n");
});

test("a fresh build runs silently", () => {
  const r = run(project(true));
  expect(r.stdout).toBe("build\n");
  expect(r.stderr).toBe("");
});
