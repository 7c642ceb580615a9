/**
 * The pack in this process and in its own (run-policy-pack, as the Pulumi CLI starts it) give the
 * same report — rules, reconciled config, every diagnostic — on every shipped stack and on crafted
 * stacks that break each kind of rule. One Node child runs the compiled CLI code for all cases: each
 * case's program runs once and both packs judge the same resources.
 */
import { spawnSync } from "node:child_process";
import { readdirSync, writeFileSync } from "node:fs";
import { mkdtempSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { ROOT, writeVariant } from "../helpers/stacks";

const CASES: [string, string][] = [
  ...readdirSync(path.join(ROOT, "stacks")).filter((f) => /^Pulumi\.[\w-]+\.yaml$/.test(f)).map((f): [string, string] => [f, path.join(ROOT, "stacks", f)]),
  ["a policy that skips report-only", writeVariant("prod", (c) => { c["guardrails:rollout"].policies.guestMfa = { stage: "enforced", since: { enforced: "2026-11-10" } }; })],
  ["the whole directory as canary group", writeVariant("prod", (c) => { c["guardrails:rollout"].canaryGroup = "All-Staff"; })],
  ["a required log category dropped", writeVariant("prod", (c) => { c["guardrails:logs"].omit = ["ADFSSignInLogs"]; })],
  ["a promotion without evidence, on a Monday", writeVariant("prod", (c) => { c["guardrails:rollout"].policies.office365DesktopCompliantDevice = { stage: "canary", since: { reportOnly: "2026-10-27", canary: "2026-11-23" } }; })],
  ["not protected in production", writeVariant("prod", (c) => { c["guardrails:protect"] = false; })],
  ["an expired incident", writeVariant("prod", (c) => {
    c["guardrails:incident"] = { profile: "relaxed-risk", reason: "test", ticket: "INC-1", approvedBy: ["a"], startsAt: "2026-01-01T00:00:00Z", expiresAt: "2026-01-01T04:00:00Z", maxDurationHours: 8, changes: { userRisk: ["high"] } };
  })],
];

const SCRIPT = `
const { loadProfileFile } = require("./dist/model/profile/load");
const { openPackSession } = require("./dist/cli/engine/policyRun");
const { runProgram } = require("./dist/cli/engine/run");
(async () => {
  const out = {};
  for (const [name, file] of JSON.parse(process.argv[1])) {
    let profile;
    try { profile = loadProfileFile(file); } catch (e) { out[name] = { error: e.message }; continue; }
    const run = await runProgram(profile);
    const inside = openPackSession(profile, undefined, "in-process");
    const outside = openPackSession(profile, undefined, "process");
    try {
      out[name] = { inProcess: await inside.report(run), process: await outside.report(run) };
    } finally { inside.stop(); outside.stop(); }
  }
  console.log(JSON.stringify(out));
})().catch((e) => { console.error(e); process.exit(3); });
`;

test("in-process and out-of-process packs give identical verdicts on every shipped and crafted stack", () => {
  const r = spawnSync(process.execPath, ["-e", SCRIPT, JSON.stringify(CASES)], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20, timeout: 240_000 });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const out = JSON.parse(r.stdout) as Record<string, { inProcess: { diagnostics: unknown[]; policies: unknown[] }; process: unknown; error?: string }>;
  expect(Object.keys(out)).toEqual(CASES.map(([n]) => n));
  const dir = mkdtempSync(path.join(os.tmpdir(), "pack-parity-"));
  let violations = 0;
  for (const [name, { inProcess, process: outside, error }] of Object.entries(out)) {
    expect(error).toBeUndefined();
    writeFileSync(path.join(dir, `${name.replace(/\W+/g, "-")}.json`), JSON.stringify({ inProcess, outside }, null, 1));
    expect(inProcess.policies.length).toBe(18);
    expect(inProcess).toEqual(outside);
    violations += inProcess.diagnostics.length;
  }
  // The crafted stacks do break rules: the comparison covers diagnostics, not only empty reports.
  expect(violations).toBeGreaterThanOrEqual(6);
}, 300_000);
