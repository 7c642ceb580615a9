/**
 * `guardrails triage` and `incident runbook --signins` end to end: the hardening patch passes the
 * real plan and pack, the hunting queries type-check and are deployed where the plan allows, and
 * bad input is one line naming the file and key.
 */
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { kqlErrors } from "../../model/kql/check";
import { ATTACK } from "../../model/signins/attack";
import { huntingDeployments, huntingQueries } from "../../model/triage/kql";
import { loadProfileFile } from "../../model/profile/load";
import { guardrails } from "../helpers/cli";
import { guardrailsInProcess } from "../helpers/inProcess";
import { ROOT } from "../helpers/stacks";

const TAGS = path.join(ROOT, "tests", "fixtures", "triage", "ServiceTags_Public_example.json");
const dir = mkdtempSync(path.join(os.tmpdir(), "triage-cli-"));
const week = path.join(dir, "week");

beforeAll(async () => {
  const r = await guardrailsInProcess("signins", "generate", "--stack", "prod", "--scenario", "attack", "--start", "2026-11-16", "--users", "120", "--per-user", "6", "-f", "graph-pages", "-o", week);
  expect(r.status).toBe(0);
});

test("the hardening proposal enters at report-only, and the patched copy of prod passes plan with the pack", async () => {
  const hardened = path.join(dir, "Pulumi.prod.yaml");
  const r = await guardrailsInProcess("triage", "--stack", "prod", "--signins", week, "--service-tags", TAGS, "--harden", "--harden-out", hardened, "--limit", "5");
  expect(r.stderr).toContain(`wrote ${hardened}`);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(`${ATTACK.spray.ip}: password spray against ${ATTACK.spray.users} users`);
  expect(r.stdout).toMatch(/\+ azuread:ConditionalAccessPolicy triageBlock\d{8}\n\s+\+ display name: GR-T Block addresses from triage/);
  expect(r.stdout).toContain("+ state: enabledForReportingButNotEnforced (stage report-only)");
  const patched = loadProfileFile(hardened, "prod");
  const key = Object.keys(patched.customPolicies)[0];
  expect(patched.rollout.policies[key].stage).toBe("reportOnly");
  expect(patched.namedLocations.untrusted[0].ipRanges).toEqual([`${ATTACK.spray.ip}/32`, `${ATTACK.compromise.ip}/32`]);
  // Everything else of the stack file is kept byte for byte (comments included).
  expect(readFileSync(hardened, "utf8")).toContain(readFileSync(path.join(ROOT, "stacks", "Pulumi.prod.yaml"), "utf8").split("\n").slice(0, 40).join("\n"));
  const planned = guardrails("plan", "-c", hardened);
  expect(planned.stdout).toContain("0 mandatory");
  expect(planned.status).toBe(0);
});

test("json output carries every section and the proposal", async () => {
  const r = await guardrailsInProcess("triage", "--stack", "prod", "--signins", week, "--service-tags", TAGS, "--harden", "-f", "json", "--user", "user0@contoso.example");
  expect(r.status).toBe(0);
  const j = JSON.parse(r.stdout);
  expect(Object.keys(j)).toEqual(expect.arrayContaining(["verdicts", "users", "flagged", "ips", "errors", "mfa", "risk", "operations", "hardening"]));
  expect(j.users.map((u: { user: string }) => u.user)).toEqual(["user0@contoso.example"]);
});

test("bad input: one line naming the file and key, exit 2", async () => {
  const bad = path.join(dir, "tags.json");
  writeFileSync(bad, JSON.stringify({ values: [{ name: "AzureCloud", properties: { addressPrefixes: ["300.0.0.0/8"] } }] }));
  const r = await guardrailsInProcess("triage", "--signins", week, "--service-tags", bad);
  expect(r.status).toBe(2);
  expect(r.stderr.trim()).toBe(`guardrails: ${bad}: values[0].properties.addressPrefixes[0]: '300.0.0.0/8' is not a CIDR range`);
  const noStack = await guardrailsInProcess("triage", "--signins", week, "--harden");
  expect(noStack.status).toBe(2);
  expect(noStack.stderr).toContain("--harden needs the stack to patch");
  expect((await guardrailsInProcess("triage", "--signins", week, "--spray-users", "0")).stderr).toContain("--spray-users: '0' is not a positive whole number");
});

describe("hunting queries", () => {
  test.each(huntingQueries().map((q) => [q.alias, q.query]))("%s type-checks against the table schemas", (_alias, query) => {
    expect(kqlErrors(query)).toEqual([]);
  });

  test("prod saves the SigninLogs queries as functions; the one over its Basic-plan non-interactive table stays printed", async () => {
    const { deploy, skipped } = huntingDeployments(loadProfileFile(path.join(ROOT, "stacks", "Pulumi.prod.yaml")).logs);
    expect(deploy.map((d) => d.query.alias)).toEqual(huntingQueries().filter((q) => q.tables[0] === "SigninLogs").map((q) => q.alias));
    expect(skipped.map((s) => [s.query.alias, s.reason])).toEqual([["GuardrailsTriageServiceTraffic", "AADNonInteractiveUserSignInLogs is on the Basic plan, which takes no saved functions"]]);
    const r = await guardrailsInProcess("triage", "--stack", "prod", "--kql");
    expect(r.stdout).toContain("// Not saved as a function in this stack: GuardrailsTriageServiceTraffic");
    for (const q of huntingQueries()) expect(r.stdout).toContain(q.query);
  });
});

test("incident runbook --signins lists the wave's users and prints the Graph requests, never sending them", async () => {
  const apr = path.join(dir, "april");
  expect((await guardrailsInProcess("signins", "generate", "--stack", "prod", "--scenario", "april-2025", "--start", "2025-04-18", "--users", "60", "-f", "ndjson", "-o", apr)).status).toBe(0);
  const records = readFileSync(path.join(apr, "signins.ndjson"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const waveUsers = new Set(records.filter((s) => (s.riskEventTypes_v2 as string[]).includes("leakedCredentials")).map((s) => s.userId as string));
  const r = await guardrailsInProcess("incident", "runbook", "--from", "2025-04-18T00:00:00Z", "--to", "2025-04-19T00:00:00Z", "--signins", apr);
  expect(r.status).toBe(0);
  expect(r.stdout).toContain(`Users with leakedCredentials detections in the exports: ${waveUsers.size}`);
  const body = r.stdout.slice(r.stdout.indexOf("POST https://graph.microsoft.com/v1.0/identityProtection/riskyUsers/dismiss"));
  const ids = JSON.parse(body.slice(body.indexOf("{"), body.indexOf("}") + 1)).userIds as string[];
  expect(new Set(ids)).toEqual(waveUsers);
  expect(r.stdout).toContain("printed, never sent");
});
