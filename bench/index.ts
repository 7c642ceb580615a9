/**
 * `npm run bench`: measured numbers for BENCHMARKS.md. Prints the machine, the date and a
 * markdown table; nothing here is asserted in a unit test.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { estimateCost } from "../model/logs/cost";
import { DEFAULT_PRICES, DEFAULT_VOLUMES } from "../model/logs/costAssumptions";
import { effectiveRoutes } from "../model/logs/routes";
import { loadProfileFile } from "../model/profile/load";
import { write195PolicyStack } from "./generate";
import { benchWhatIf } from "./whatif";
import { benchSignIns } from "./signins";
import { benchReport } from "./report";

const ROOT = path.resolve(__dirname, "..");
const RUNS = Number(process.env.BENCH_RUNS ?? 7);

/** The SDK modules the program loads, touched so lazy-loaded resource classes load too. */
const SDK_FLOOR_SCRIPT = `
require("@pulumi/pulumi");
const azuread = require("@pulumi/azuread");
void [azuread.ConditionalAccessPolicy, azuread.NamedLocation, azuread.User, azuread.Group];
const aadiam = require("@pulumi/azure-native/aadiam");
const oi = require("@pulumi/azure-native/operationalinsights");
const monitor = require("@pulumi/azure-native/monitor");
const storage = require("@pulumi/azure-native/storage");
const resources = require("@pulumi/azure-native/resources");
void [aadiam.DiagnosticSetting, oi.Workspace, oi.Table, monitor.ActionGroup, monitor.ScheduledQueryRule, storage.StorageAccount, resources.ResourceGroup];
`;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

function timeNode(args: string[]): number {
  return timeNodeEnv(args, {});
}

function timeNodeEnv(args: string[], env: Record<string, string>): number {
  const samples: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe"], env: { ...process.env, ...env } });
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    if (r.status !== 0) throw new Error(`bench: node ${args.join(" ")} failed: ${r.stderr}`);
    samples.push(ms);
  }
  return median(samples);
}

function main(): void {
  // Benchmark the compiled CLI, as `npm ci` leaves it.
  execFileSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "tsconfig.build.json"], { cwd: ROOT, stdio: "inherit" });
  const bin = path.join(ROOT, "cli", "bin", "guardrails.js");
  const big = path.join(mkdtempSync(path.join(os.tmpdir(), "bench-")), "Pulumi.max195.yaml");
  write195PolicyStack(ROOT, big);

  const floor = timeNode(["-e", SDK_FLOOR_SCRIPT]);
  const prod = timeNode([bin, "plan", "--stack", "prod", "--format", "json"]);
  const prodNoPack = timeNode([bin, "plan", "--stack", "prod", "--format", "json", "--no-policy-pack"]);
  // The CLI keeps V8's code cache (v8-compile-cache); the floor above has none. For an even comparison, both the
  // other way round: the floor with the same cache, and the plan without it.
  const floorCached = timeNode(["-e", `require("v8-compile-cache");${SDK_FLOOR_SCRIPT}`]);
  const prodUncached = timeNodeEnv([bin, "plan", "--stack", "prod", "--format", "json"], { GUARDRAILS_NO_COMPILE_CACHE: "1" });
  const prodProcessPack = timeNode([bin, "plan", "--stack", "prod", "--format", "json", "--pack-process"]);
  // The CLI defers the SDK packages an offline run never uses (cli/engine/deferSdkModules.ts); the floor loads them.
  // For an even comparison, both the other way round again: the floor with the same deferral, the plan without it.
  const deferHook = JSON.stringify(path.join(ROOT, "dist", "cli", "engine", "deferSdkModules.js"));
  const floorDeferred = timeNode(["-e", `require("v8-compile-cache");require(${deferHook}).deferSdkModules();${SDK_FLOOR_SCRIPT}`]);
  const prodEager = timeNodeEnv([bin, "plan", "--stack", "prod", "--format", "json"], { GUARDRAILS_NO_DEFER: "1" });
  const max195 = timeNode([bin, "plan", "--config-file", big, "--format", "json"]);

  const cpu = os.cpus()[0]?.model ?? "unknown CPU";
  console.log(`Machine: ${cpu}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, ${os.platform()} ${os.release()}, Node ${process.version}`);
  console.log(`Date: ${new Date().toISOString().slice(0, 10)}; median of ${RUNS} runs each, wall time of a fresh node process\n`);
  console.log("| Measurement | Median | Ratio | Target |");
  console.log("|---|---:|---:|---:|");
  console.log(`| Load the SDK modules only (floor) | ${floor.toFixed(0)} ms | | |`);
  console.log(`| \`guardrails plan --stack prod\` (with the policy pack) | ${prod.toFixed(0)} ms | ${(prod / floor).toFixed(2)} × floor | ≤ 1.5 |`);
  console.log(`| \`guardrails plan --stack prod --no-policy-pack\` | ${prodNoPack.toFixed(0)} ms | ${(prodNoPack / floor).toFixed(2)} × floor | |`);
  console.log(`| \`plan --stack prod\` without the compile cache (GUARDRAILS_NO_COMPILE_CACHE=1) | ${prodUncached.toFixed(0)} ms | ${(prodUncached / floor).toFixed(2)} × floor | |`);
  console.log(`| \`plan --stack prod --pack-process\` (the pack in its own process, as before) | ${prodProcessPack.toFixed(0)} ms | ${(prodProcessPack / floor).toFixed(2)} × floor | |`);
  console.log(`| the floor with the same compile cache | ${floorCached.toFixed(0)} ms | plan ${(prod / floorCached).toFixed(2)} ×, no-pack ${(prodNoPack / floorCached).toFixed(2)} × this | |`);
  console.log(`| \`plan --stack prod\` with the SDK's unused packages loaded eagerly (GUARDRAILS_NO_DEFER=1) | ${prodEager.toFixed(0)} ms | ${(prodEager / floor).toFixed(2)} × floor | |`);
  console.log(`| the floor with the same compile cache and the same deferral | ${floorDeferred.toFixed(0)} ms | plan ${(prod / floorDeferred).toFixed(2)} ×, no-pack ${(prodNoPack / floorDeferred).toFixed(2)} × this | |`);
  console.log(`| plan of a generated 195-policy tenant | ${max195.toFixed(0)} ms | ${(max195 / prod).toFixed(2)} × prod | ≤ 1.5 |`);

  // Log-split cost of the reference tenant (stacks/Pulumi.prod.yaml, default assumptions).
  const profile = loadProfileFile(path.join(ROOT, "stacks", "Pulumi.prod.yaml"));
  const cost = estimateCost(effectiveRoutes(profile.logs), profile.tenant.userCount ?? 10_000, DEFAULT_VOLUMES, DEFAULT_PRICES);
  const w = benchWhatIf(big);
  const m = (x: number) => `${(x / 1e6).toFixed(1)} M/s`;
  console.log(`| what-if, compiled evaluator, applies only (${w.policies} policies × ${w.signIns} sign-ins, one core) | ${m(w.compiledPerSecond)} policy evaluations | | ≥ 5 M/s |`);
  console.log(`| what-if, compiled evaluator with analysisReasons | ${m(w.compiledWithReasonsPerSecond)} policy evaluations | | |`);
  console.log(`| what-if, reference evaluator (test oracle) | ${m(w.referencePerSecond)} policy evaluations | | |`);
  const si = benchSignIns();
  const mb = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  const thr = (ms: number) => `${(si.bytes / 2 ** 20 / (ms / 1000)).toFixed(0)} MiB/s`;
  console.log(`| JSON.parse alone, one call per record (${si.records} Graph sign-ins, ${mb(si.bytes)}) | ${si.parseMs.toFixed(0)} ms, ${thr(si.parseMs)} | | |`);
  console.log(`| reading + evidence, one thread | ${si.single.ms.toFixed(0)} ms, ${thr(si.single.ms)} | ${(si.parseMs / si.single.ms).toFixed(2)} × JSON.parse | ≥ 0.8 |`);
  console.log(`| reading + evidence, ${si.parallel.threads} reader threads | ${si.parallel.ms.toFixed(0)} ms, ${thr(si.parallel.ms)} | ${(si.parseMs / si.parallel.ms).toFixed(2)} × JSON.parse | ≥ 0.8 |`);
  console.log(`| peak RSS, reading + evidence, one thread: ${mb(si.quarter.bytes)} vs ${mb(si.bytes)} input | ${si.quarter.peakRssMB.toFixed(0)} MiB vs ${si.single.peakRssMB.toFixed(0)} MiB | ${(si.single.peakRssMB / si.quarter.peakRssMB).toFixed(2)} | flat |`);
  console.log(`| peak RSS, ${si.parallel.threads} reader threads, ${mb(si.bytes)} input | ${si.parallel.peakRssMB.toFixed(0)} MiB | | |`);
  console.log(`| replay (${si.replayed} sign-ins, every report-only and canary policy at its next stage) | ${(si.replayPerSecond / 1000).toFixed(0)} k sign-ins/s | | |`);
  console.log(`| log split cost, prod (${cost.users} users, default assumptions) | ${cost.total.toFixed(0)} USD/month vs ${cost.totalAllAnalytics.toFixed(0)} all-Analytics | ${cost.ratio.toFixed(2)} | ≤ 0.4 |`);

  // Importing Entra's maximum of 195 policies: the 195-policy stack's own Graph output, adopted onto prod.
  const graphDir = path.join(path.dirname(big), "graph");
  execFileSync(process.execPath, [bin, "plan", "--config-file", big, "--format", "graph", "--out", graphDir, "--no-policy-pack"], { cwd: ROOT, stdio: "ignore" });
  const importMs = timeNode([bin, "import", "--policies", path.join(graphDir, "ConditionalAccess"), "--locations", path.join(graphDir, "NamedLocations"), "--stack", "bench", "--base", "prod", "--dry-run", "--skip-unsupported", "--today", "2026-11-23"]);
  console.log(`| \`guardrails import\` of 195 policies (the generated tenant's Graph JSON) | ${importMs.toFixed(0)} ms | | < 2000 ms |`);

  const rep = benchReport(big, RUNS);
  console.log(`| \`guardrails report\` of the 195-policy tenant (program, pack, coverage, blast radius) | ${rep.generateMs.toFixed(0)} ms, ${(rep.bytes / 2 ** 20).toFixed(2)} MiB | | < 2 MB |`);
  console.log(`| that report in headless Chromium, navigation to load and layout (median of 5) | ${rep.renderMs === null ? "Chromium not installed" : `${rep.renderMs} ms`} | | < 2000 ms |`);

  // The reader fuzz test at FUZZ_SCALE× the cases `npm test` runs (2,100 there).
  const scale = Number(process.env.FUZZ_SCALE ?? 10);
  const t0 = process.hrtime.bigint();
  const fuzz = spawnSync(process.execPath, [require.resolve("jest/bin/jest"), "tests/fuzz"], { cwd: ROOT, env: { ...process.env, FUZZ_SCALE: String(scale) }, encoding: "utf8" });
  const fuzzMs = Number(process.hrtime.bigint() - t0) / 1e6;
  const ok = fuzz.status === 0;
  console.log(`| reader fuzz, ${2100 * scale} mutated configs/policies/requests/directories/exports | ${(fuzzMs / 1000).toFixed(0)} s | ${ok ? "no crash, hang or exit 3" : "FAILED (see jest output)"} | none |`);
  if (!ok) process.stderr.write(fuzz.stdout + fuzz.stderr);
}

main();
