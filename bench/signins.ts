/**
 * Sign-in reading benchmark (issue #12): a Graph JSON export of at least 300 MB (seeded synthetic
 * pages), read with evidence counting, against JSON.parse alone over the same records (one call per
 * record, texts prepared before the clock starts, in a fresh process); peak memory at two input
 * sizes (flat memory); replay throughput in sign-ins per second.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { loadProfileFile } from "../model/profile/load";
import { ReplayAccumulator } from "../model/signins/replay";
import { syntheticSignIns } from "../model/signins/synthetic";
import { fromGraph } from "../model/signins/record";
import { nextStage } from "../model/rollout";
import { adminRoleIds, stackBreakGlass, stackLocations, stackPolicies, stackSyntheticDirectory } from "../model/whatif/fromProfile";
import { writeSignIns } from "../cli/signins/write";

const ROOT = path.resolve(__dirname, "..");

/** Runs `node -e script` and returns its JSON output (each measurement in a fresh process). */
function inFreshNode(script: string, ...args: string[]): Record<string, number> {
  return JSON.parse(execFileSync(process.execPath, ["-e", script, ...args], { cwd: ROOT, maxBuffer: 1 << 20 }).toString());
}

const PARSE_ONLY = `
const fs = require("fs"), path = require("path");
const dir = process.argv[1];
const texts = [];
for (const f of fs.readdirSync(dir).sort()) for (const r of JSON.parse(fs.readFileSync(path.join(dir, f), "utf8")).value) texts.push(JSON.stringify(r));
const t0 = process.hrtime.bigint();
let n = 0;
for (const t of texts) if (JSON.parse(t).id) n++;
console.log(JSON.stringify({ ms: Number(process.hrtime.bigint() - t0) / 1e6, records: n }));
`;

const READ_EVIDENCE = `
const dir = process.argv[1], threads = Number(process.argv[2]);
const fs = require("fs"), path = require("path");
const { EvidenceAccumulator } = require("./dist/model/signins/evidence");
const { readInParallel } = require("./dist/cli/signins/parallel");
const { readSignInBatches } = require("./dist/cli/signins/reader");
const declared = JSON.parse(process.argv[3]);
let peak = 0;
const sample = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 20);
const files = fs.readdirSync(dir).sort().map((f) => path.join(dir, f));
(async () => {
  const acc = new EvidenceAccumulator(declared, { ids: [], upns: [] });
  const t0 = process.hrtime.bigint();
  if (threads > 1) await readInParallel(files, threads, { strict: false, evidence: [declared, { ids: [], upns: [] }] }, { evidence: acc }, () => {});
  else for await (const b of readSignInBatches(files)) for (const r of b) acc.add(r);
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  clearInterval(sample);
  console.log(JSON.stringify({ ms, records: acc.report().signIns, peakRssMB: Math.max(peak, process.memoryUsage().rss) / 2 ** 20 }));
})();
`;

export interface SignInBench {
  bytes: number; records: number; parseMs: number; single: { ms: number; peakRssMB: number }; parallel: { ms: number; peakRssMB: number; threads: number };
  quarter: { bytes: number; peakRssMB: number }; replayPerSecond: number; replayed: number;
}

export function benchSignIns(): SignInBench {
  const profile = loadProfileFile(path.join(ROOT, "stacks", "Pulumi.prod.yaml"));
  const policies = stackPolicies(profile);
  const input = { policies, locations: stackLocations(profile), directory: stackSyntheticDirectory(profile, 2000, 1) };
  const base = mkdtempSync(path.join(os.tmpdir(), "bench-signins-"));
  const big = path.join(base, "full"), quarter = path.join(base, "quarter");
  writeSignIns(syntheticSignIns(input, { scenario: "normal", start: "2026-11-20", perUserPerDay: 46, seed: 1 }), { format: "graph-pages", dir: big });
  writeSignIns(syntheticSignIns(input, { scenario: "normal", start: "2026-11-20", perUserPerDay: 12, seed: 1 }), { format: "graph-pages", dir: quarter });
  const size = (d: string) => readdirSync(d).reduce((n, f) => n + statSync(path.join(d, f)).size, 0);
  const declared = JSON.stringify(policies.map((p) => ({ key: p.key, displayName: p.declared.displayName })));
  const median = (xs: Record<string, number>[]) => [...xs].sort((a, b) => a.ms - b.ms)[Math.floor(xs.length / 2)];
  const runs = (f: () => Record<string, number>) => median([f(), f(), f(), f(), f()]);
  const parse = runs(() => inFreshNode(PARSE_ONLY, big));
  const single = runs(() => inFreshNode(READ_EVIDENCE, big, "1", declared));
  const threads = Math.min(os.availableParallelism(), 4);
  const parallel = runs(() => inFreshNode(READ_EVIDENCE, big, String(threads), declared));
  const small = runs(() => inFreshNode(READ_EVIDENCE, quarter, "1", declared));

  // Replay: records already read (the reading is measured above), every report-only and canary policy promoted.
  const promoted = new Set(policies.filter((p) => p.stage === "reportOnly" || p.stage === "canary").map((p) => p.key));
  const bg = stackBreakGlass(profile).users;
  const replay = new ReplayAccumulator({
    current: policies, next: stackPolicies(profile, (d) => (promoted.has(d.key) ? nextStage(d.stage) : d.stage)).filter((p) => promoted.has(p.key)),
    locations: input.locations, directory: input.directory, breakGlass: { ids: bg.map((u) => u.id), upns: bg.map((u) => u.userPrincipalName) },
    adminRoleIds: adminRoleIds(profile), adminsKnown: true,
  });
  const records = readdirSync(quarter).sort().flatMap((f) => (JSON.parse(readFileSync(path.join(quarter, f), "utf8")).value as Record<string, unknown>[]).map((s) => fromGraph(s)));
  const t0 = process.hrtime.bigint();
  for (const r of records) replay.add(r);
  const replayMs = Number(process.hrtime.bigint() - t0) / 1e6;
  return {
    bytes: size(big), records: parse.records, parseMs: parse.ms,
    single: { ms: single.ms, peakRssMB: single.peakRssMB }, parallel: { ms: parallel.ms, peakRssMB: parallel.peakRssMB, threads },
    quarter: { bytes: size(quarter), peakRssMB: small.peakRssMB }, replayPerSecond: records.length / (replayMs / 1000), replayed: records.length,
  };
}
