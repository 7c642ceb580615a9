/**
 * The promotion gate end to end (issue #12, "Done when"): synthetic sign-ins of the soak period,
 * `evidence --record` while the policy is at its current stage, then the promotion in the stack file
 * and `plan` with the real policy pack: good evidence passes; failures above the threshold, or a
 * replayed block of a break-glass account, exit 1 naming promotion-evidence.
 */
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";
import { guardrailsInProcess } from "../helpers/inProcess";

const DAY = 86_400_000;
const today = new Date().toISOString().slice(0, 10);
const daysAgo = (n: number) => new Date(Date.parse(`${today}T00:00:00Z`) - n * DAY).toISOString().slice(0, 10);
const dir = mkdtempSync(path.join(tmpdir(), "gate-"));
const logs = path.join(dir, "signins");
const directory = path.join(dir, "directory.json");

/** A copy of prod with a rollout entry edited. */
function stackCopy(name: string, edit?: (policies: any) => void): string {
  const file = path.join(dir, `${name}.yaml`);
  copyFileSync(path.join(__dirname, "../../stacks/Pulumi.prod.yaml"), file);
  if (edit) {
    const doc = parseDocument(readFileSync(file, "utf8"));
    const policies = doc.getIn(["config", "guardrails:rollout", "policies"]) as any;
    const js = policies.toJS();
    edit(js);
    doc.setIn(["config", "guardrails:rollout", "policies"], doc.createNode(js));
    writeFileSync(file, doc.toString());
  }
  return file;
}

function promote(file: string, key: string, stage: string): void {
  const doc = parseDocument(readFileSync(file, "utf8"));
  doc.setIn(["config", "guardrails:rollout", "policies", key, "stage"], stage);
  doc.setIn(["config", "guardrails:rollout", "policies", key, "since", stage], today);
  writeFileSync(file, doc.toString());
}

async function run(...args: string[]) {
  const r = await guardrailsInProcess(...args);
  if (r.status !== 0 && r.status !== 1) throw new Error(`guardrails ${args.join(" ")}: exit ${r.status}: ${r.stderr}`);
  return r;
}

beforeAll(async () => {
  // Fourteen days of sign-ins ending yesterday: the report-only soak the promotion is judged on.
  await run("signins", "generate", "--stack", "prod", "--start", daysAgo(14), "--days", "14", "--users", "100", "--per-user", "2", "-f", "ndjson", "-o", logs, "--directory-out", directory);
}, 60_000);

describe("promotion by evidence", () => {
  test("good evidence: report-only → canary passes promotion-evidence", async () => {
    const file = stackCopy("good");
    const rec = await run("evidence", "--config-file", file, "--signins", logs, "--directory", directory, "--promote", "office365DesktopCompliantDevice", "--record");
    expect(rec.status).toBe(0);
    expect(rec.stderr).toContain("recorded evidence for office365DesktopCompliantDevice");
    const evidence = (parseDocument(readFileSync(file, "utf8")).toJS() as any).config["guardrails:rollout"].policies.office365DesktopCompliantDevice.evidence;
    expect(evidence).toMatchObject({ stage: "reportOnly", wouldBlock: { breakGlass: 0, admins: 0 } });
    expect(evidence.signIns).toBeGreaterThan(2000);
    expect(evidence.failureRate).toBeGreaterThan(0.05);
    expect(evidence.failureRate).toBeLessThan(0.1);
    promote(file, "office365DesktopCompliantDevice", "canary");
    const plan = await run("plan", "--config-file", file, "--format", "json");
    const violations = JSON.parse(plan.stdout).policyPack.violations.filter((v: { policy: string }) => v.policy === "promotion-evidence");
    expect(violations).toEqual([]);
    expect(plan.status).toBe(0);
  }, 60_000);

  test("failures above the threshold: exit 1 naming promotion-evidence", async () => {
    const file = stackCopy("strict");
    await run("evidence", "--config-file", file, "--signins", logs, "--directory", directory, "--promote", "office365DesktopCompliantDevice", "--record");
    promote(file, "office365DesktopCompliantDevice", "canary");
    const config = path.join(dir, "pack.json");
    writeFileSync(config, JSON.stringify({ "promotion-evidence": { maxFailureRate: 0.05 } }));
    const plan = await run("plan", "--config-file", file, "--policy-pack-config", config);
    expect(plan.status).toBe(1);
    expect(plan.stdout).toMatch(/promotion-evidence[\s\S]*GR-005 Compliant or hybrid-joined device for Office 365 on desktops' promoted to canary on \d{4}-\d{2}-\d{2}: failure rate \d+\.\d% is above 5\.0%/);
  }, 60_000);

  test("a replayed block of a break-glass account: exit 1 naming promotion-evidence", async () => {
    // The account's real object id is not the configured one, and someone removed it from the exclusion group.
    const realId = "0b0b0b0b-0000-4000-8000-00000000bad1";
    const dirJson = JSON.parse(readFileSync(directory, "utf8"));
    const bg = dirJson.users.find((u: { userPrincipalName: string }) => u.userPrincipalName === "breakglass-01@contoso.example");
    Object.assign(bg, { id: realId, memberOf: [] });
    const changedDirectory = path.join(dir, "directory-bg.json");
    writeFileSync(changedDirectory, JSON.stringify(dirJson));
    const template = JSON.parse(readFileSync(path.join(logs, "signins.ndjson"), "utf8").split("\n")[0]);
    const bgLog = path.join(dir, "bg.ndjson");
    writeFileSync(bgLog, JSON.stringify({ ...template, createdDateTime: `${daysAgo(2)}T10:00:00Z`, userId: realId, userPrincipalName: "breakglass-01@contoso.example", deviceDetail: { operatingSystem: "Windows10", isCompliant: false, trustType: "" } }) + "\n");
    const file = stackCopy("bg");
    const rec = await run("evidence", "--config-file", file, "--signins", logs, bgLog, "--directory", changedDirectory, "--promote", "adminCompliantDevice", "--from", `${daysAgo(7)}T00:00:00Z`, "--record");
    expect(rec.stdout).toContain(`BREAK-GLASS ID MISMATCH: breakglass-01@contoso.example signed in as object id ${realId}`);
    expect(rec.stdout).toMatch(/BREAK-GLASS would be blocked 1 time\(s\): breakglass-01@contoso.example/);
    promote(file, "adminCompliantDevice", "enforced");
    const plan = await run("plan", "--config-file", file);
    expect(plan.status).toBe(1);
    expect(plan.stdout).toMatch(/promotion-evidence[\s\S]*GR-004 Compliant or hybrid-joined device for administrators' promoted to enforced on \d{4}-\d{2}-\d{2}: replay: would block break-glass accounts 1 time\(s\)/);
  }, 60_000);
});
