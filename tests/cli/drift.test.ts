/** `guardrails drift` against the stack's own Graph output, then each kind of portal change (issue #11). */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { guardrailsInProcess } from "../helpers/inProcess";

const live = path.join(mkdtempSync(path.join(tmpdir(), "drift-")), "prod");
beforeAll(async () => {
  const r = await guardrailsInProcess("plan", "--stack", "prod", "--format", "graph", "--out", live, "--no-policy-pack");
  expect(r.status).toBe(0);
});

/** A copy of the live export with `edit` applied to its files. */
function edited(edit: (dir: string) => void): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), "drift-edit-")), "live");
  cpSync(live, dir, { recursive: true });
  edit(dir);
  return dir;
}
const policyFile = (dir: string, name: string) => path.join(dir, "ConditionalAccess", `${name}.json`);
const change = (file: string, fn: (j: any) => void) => { const j = JSON.parse(readFileSync(file, "utf8")); fn(j); writeFileSync(file, JSON.stringify(j)); };
const drift = (dir: string, ...extra: string[]) => guardrailsInProcess("drift", "--stack", "prod", "--policies", path.join(dir, "ConditionalAccess"), "--locations", path.join(dir, "NamedLocations"), ...extra);

test("against its own plan --format graph output: no drift, exit 0", async () => {
  const r = await drift(live);
  expect(r.stdout).toBe("Drift: prod against the live tenant export\nNo drift: the tenant matches the stack.\n");
  expect(r.status).toBe(0);
});

test.each([
  ["a live policy without the break-glass exclusions", (d: string) => change(policyFile(d, "GR-001 Block legacy authentication"), (j) => { j.conditions.users.excludeUsers = []; }),
    "BREAK-GLASS: live policy 'GR-001 Block legacy authentication' (enabled) does not exclude breakglass-01@contoso.example, breakglass-02@contoso.example"],
  ["a policy switched to report-only in the portal", (d: string) => change(policyFile(d, "GR-003 MFA for all users outside trusted locations"), (j) => { j.state = "enabledForReportingButNotEnforced"; }),
    "policy 'GR-003 MFA for all users outside trusted locations' was switched to report-only in the portal (declared enforced)"],
  ["an exclusion added by hand", (d: string) => change(policyFile(d, "GR-006 Block sign-ins from countries not allowed"), (j) => { j.conditions.users.excludeGroups.push("eeeeeeee-0001-4000-8000-000000000003"); }),
    "exclusions added by hand to 'GR-006 Block sign-ins from countries not allowed': All-Staff"],
  ["a named location widened", (d: string) => change(path.join(d, "NamedLocations", "HQ egress.json"), (j) => { j.ipRanges.push({ cidrAddress: "0.0.0.0/1" }); }),
    "named location 'HQ egress' was widened in the portal: ipRanges +0.0.0.0/1"],
  ["a policy deleted in the portal", (d: string) => rmSync(policyFile(d, "GR-009 Block device code flow")),
    "policy 'GR-009 Block device code flow' is declared but not in the tenant (deleted in the portal?)"],
  ["an unmanaged policy", (d: string) => writeFileSync(path.join(d, "ConditionalAccess", "extra.json"), JSON.stringify({ id: "11111111-2222-4333-8444-555555555555", displayName: "Portal policy", state: "disabled", conditions: { users: { includeUsers: ["None"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] }, grantControls: { operator: "OR", builtInControls: ["mfa"] } })),
    "policy 'Portal policy' (disabled) is in the tenant but not declared by this stack"],
])("%s is reported, exit 4", async (_name, edit, finding) => {
  const r = await drift(edited(edit));
  expect(r.stdout).toContain(`  - ${finding}\n`);
  expect(r.status).toBe(4);
});

test("noise is not drift: empty vs null vs missing, list order, enum case, @odata and timestamps", async () => {
  const r = await drift(edited((d) => change(policyFile(d, "GR-001 Block legacy authentication"), (j) => {
    j.conditions.clientAppTypes.reverse();
    j.conditions.users.excludeUsers.reverse();
    j.conditions.users.includeGroups = [];
    j.conditions.platforms = null;
    j.grantControls.operator = "or";
    j["@odata.context"] = "https://graph.microsoft.com/v1.0/$metadata#identity/conditionalAccess/policies/$entity";
    j.modifiedDateTime = "2026-11-23T08:00:00Z";
    j.templateId = null;
  })));
  expect(r.stdout).toContain("No drift");
  expect(r.status).toBe(0);
});

test("Microsoft-managed policies are listed apart, not as drift", async () => {
  const r = await drift(edited((d) => writeFileSync(path.join(d, "ConditionalAccess", "mm.json"), JSON.stringify({ id: "22222222-2222-4333-8444-555555555555", displayName: "Microsoft-managed: Multifactor authentication for admins accessing Microsoft Admin Portals", state: "enabledForReportingButNotEnforced", conditions: { users: { includeRoles: ["62e90394-69f5-4237-9190-012177145e10"], excludeUsers: ["eeeeeeee-0002-4000-8000-000000000001", "eeeeeeee-0002-4000-8000-000000000002"], excludeGroups: ["eeeeeeee-0001-4000-8000-000000000001"] }, applications: { includeApplications: ["MicrosoftAdminPortals"] }, clientAppTypes: ["all"] }, grantControls: { operator: "OR", builtInControls: ["mfa"] } }))));
  expect(r.status).toBe(0);
  expect(r.stdout).toContain("Microsoft-managed policies (not managed by this stack): Microsoft-managed: Multifactor authentication for admins accessing Microsoft Admin Portals (enabledForReportingButNotEnforced)");
});

test("--state gives the declared objects their real ids; without it, re-identified live objects read as missing and unmanaged", async () => {
  const plan = JSON.parse((await guardrailsInProcess("plan", "--stack", "prod", "--format", "json", "--no-policy-pack")).stdout);
  const real = (i: number) => `99999999-0000-4000-8000-${String(i).padStart(12, "0")}`;
  const caUrns = plan.resources.filter((r: { type: string }) => r.type === "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy");
  const dir = edited((d) => {
    caUrns.forEach((r: { objectId: string }, i: number) => {
      for (const f of require("node:fs").readdirSync(path.join(d, "ConditionalAccess"))) {
        const file = path.join(d, "ConditionalAccess", f);
        change(file, (j) => { if (j.id === r.objectId) j.id = real(i); });
      }
    });
  });
  const state = path.join(path.dirname(dir), "state.json");
  writeFileSync(state, JSON.stringify({ version: 3, deployment: { resources: caUrns.map((r: { urn: string; type: string }, i: number) => ({ urn: r.urn, type: r.type, outputs: { objectId: real(i) } })) } }));
  const without = await drift(dir);
  expect(without.status).toBe(4);
  expect(without.stdout).toContain("is declared but not in the tenant");
  const withState = await drift(dir, "--state", state);
  expect(withState.stdout).toContain("No drift");
  expect(withState.status).toBe(0);
});
