/**
 * Integration: `guardrails plan` runs policies/ through the Analyzer protocol over the plan of
 * crafted stack configs: in this process (the CLI's main(), the default in-process pack), and once
 * through the real bin in a subprocess. packParity.test.ts proves the out-of-process pack agrees.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import type { PlanDocument } from "../../cli/plan/document";
import { guardrails } from "../helpers/cli";
import { guardrailsInProcess } from "../helpers/inProcess";
import { writeVariant } from "../helpers/stacks";

const dir = mkdtempSync(path.join(tmpdir(), "pack-"));
function packConfig(name: string, content: unknown): string {
  const f = path.join(dir, name);
  writeFileSync(f, JSON.stringify(content));
  return f;
}
/** Pins the clock of the date rules, so results do not depend on the day the tests run. */
const PINNED = { "rollout-order": { now: "2026-11-22T12:00:00Z" }, "stale-report-only": { now: "2026-11-22T12:00:00Z" } };

async function planJson(...args: string[]): Promise<{ status: number | null; plan: PlanDocument; stderr: string }> {
  const r = await guardrailsInProcess("plan", "--format", "json", ...args);
  return { status: r.status, plan: r.stdout ? JSON.parse(r.stdout) : undefined, stderr: r.stderr };
}

describe("the shipped stacks pass the pack", () => {
  test.each(["prod", "staging"])("%s: 18 rules, 0 mandatory violations", async (stack) => {
    const { status, plan, stderr } = await planJson("--stack", stack, "--policy-pack-config", packConfig("pinned.json", PINNED));
    expect(stderr).toBe("");
    expect(status).toBe(0);
    expect(plan.policyPack).toMatchObject({ name: "entra-guardrails", version: "0.1.0", rules: 18, mandatory: 0 });
  });

  test("--pack-process: the real bin with run-policy-pack in a child process, as the Pulumi CLI runs the pack", () => {
    const r = guardrails("plan", "--stack", "staging", "--pack-process", "--format", "json");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).policyPack).toMatchObject({ rules: 18, mandatory: 0 });
  });

  test("text output reports the pack and its rule count", () => {
    const r = guardrails("plan", "--stack", "prod");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("Policy pack entra-guardrails@0.1.0: 18 rules, 0 mandatory and 0 advisory violations");
  });
});

describe("violations exit 1 and name the rule and the resource", () => {
  test("a policy that skips report-only", async () => {
    const f = writeVariant("prod", (c) => { c["guardrails:rollout"].policies.guestMfa = { stage: "enforced", since: { enforced: "2026-11-10" } }; });
    const { status, plan } = await planJson("--config-file", f, "--policy-pack-config", packConfig("pinned.json", PINNED));
    expect(status).toBe(1);
    const v = plan.policyPack!.violations.map((x) => `${x.enforcementLevel} ${x.policy} ${x.resource}: ${x.message}`);
    expect(v).toEqual([
      "mandatory new-policy-report-only guestMfa: policy 'GR-011 MFA for guests and external users' is enabled (enforced) without ever having been report-only",
      "mandatory rollout-order guestMfa: policy 'GR-011 MFA for guests and external users' is at enforced but has no canary date: stage canary was skipped",
      "mandatory rollout-order guestMfa: policy 'GR-011 MFA for guests and external users' is at enforced but has no reportOnly date: stage reportOnly was skipped",
    ]);
  });

  test("All users in canary (the whole directory as canary group)", async () => {
    const f = writeVariant("prod", (c) => { c["guardrails:rollout"].canaryGroup = "All-Staff"; });
    const r = await guardrailsInProcess("plan", "--config-file", f);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("[mandatory] canary-scope (2)");
    expect(r.stdout).toContain("    - adminCompliantDevice: policy 'GR-004 Compliant or hybrid-joined device for administrators' in canary: the canary group All-Staff holds 12000 of 12000 users (100.0%), above the 10% cap");
  });

  test("a required log category dropped", async () => {
    const f = writeVariant("prod", (c) => { c["guardrails:logs"].omit = ["ADFSSignInLogs"]; });
    const { status, plan } = await planJson("--config-file", f);
    expect(status).toBe(1);
    expect(plan.policyPack!.violations).toEqual([expect.objectContaining({
      policy: "required-log-categories", enforcementLevel: "mandatory", resource: "entra-to-law-entra-prod",
      message: "log category ADFSSignInLogs is not routed to any Log Analytics workspace",
    })]);
  });

  test("markdown lists the violations for a PR comment", async () => {
    const f = writeVariant("prod", (c) => { c["guardrails:logs"].omit = ["ADFSSignInLogs"]; });
    const r = await guardrailsInProcess("plan", "--config-file", f, "--format", "markdown");
    expect(r.status).toBe(1);
    expect(r.stdout).toContain("| **mandatory** | `required-log-categories` | entra-to-law-entra-prod | log category ADFSSignInLogs is not routed to any Log Analytics workspace |");
  });
});

describe("--policy-pack-config, reconciled like the CLI", () => {
  const skip = () => writeVariant("prod", (c) => { c["guardrails:rollout"].policies.guestMfa = { stage: "enforced", since: { enforced: "2026-11-10" } }; });

  test("`all: advisory` downgrades every rule: reported, exit 0", async () => {
    const { status, plan } = await planJson("--config-file", skip(), "--policy-pack-config", packConfig("all.json", { all: "advisory", ...PINNED }));
    expect(status).toBe(0);
    expect(plan.policyPack).toMatchObject({ mandatory: 0, advisory: 3 });
  });

  test("a disabled rule does not run; properties override schema defaults", async () => {
    const { plan } = await planJson("--config-file", skip(), "--policy-pack-config", packConfig("off.json", { "rollout-order": "disabled", "new-policy-report-only": { enforcementLevel: "advisory" } }));
    expect(plan.policyPack!.violations.map((v) => `${v.policy}:${v.enforcementLevel}`)).toEqual(["new-policy-report-only:advisory"]);
  });

  test("the clock can be pinned: report-only turns stale 100 days later (advisory)", async () => {
    const { status, plan } = await planJson("--stack", "prod", "--policy-pack-config", packConfig("later.json", { "stale-report-only": { now: "2027-02-04T00:00:00Z" } }));
    expect(status).toBe(0);
    expect(plan.policyPack!.violations.map((v) => `${v.policy} ${v.resource}`)).toEqual([
      "stale-report-only office365DesktopCompliantDevice",
      "stale-report-only securityInfoFromTrustedLocations",
    ]);
  });

  test("bad pack config exits 2 with file and key", async () => {
    const unknown = packConfig("unknown.json", { "rollout-ordr": "mandatory" });
    const r1 = await guardrailsInProcess("plan", "--stack", "prod", "--policy-pack-config", unknown);
    expect(r1.status).toBe(2);
    expect(r1.stderr).toMatch(new RegExp(`^guardrails: ${unknown.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}: unknown policy 'rollout-ordr' \\(known: `));
    const typed = packConfig("typed.json", { "rollout-order": { canarySoakDays: "seven" } });
    const r2 = await guardrailsInProcess("plan", "--stack", "prod", "--policy-pack-config", typed);
    expect(r2.status).toBe(2);
    expect(r2.stderr).toBe(`guardrails: ${typed}: rollout-order.canarySoakDays: Instance type "string" is invalid. Expected "integer".\n`);
  });

  test("--no-policy-pack skips the pack", async () => {
    const { status, plan } = await planJson("--stack", "prod", "--no-policy-pack");
    expect(status).toBe(0);
    expect(plan.policyPack).toBeUndefined();
  });
});
