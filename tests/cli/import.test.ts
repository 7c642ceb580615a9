/** `guardrails import` on real EXPORTS (issue #11): a stack that plans clean and declares what the tenant has. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { runProgram } from "../../cli/engine/run";
import { locationsFromFiles, policiesFromFiles } from "../../cli/whatif/inputs";
import { CA_POLICY_TYPE, NAMED_LOCATION_TYPE, type AzureadCaPolicyArgs } from "../../model/azuread";
import { azureadToGraph } from "../../model/codec";
import { diffValues, normalize } from "../../model/diff/diff";
import { loadProfileText } from "../../model/profile/load";
import { guardrailsInProcess } from "../helpers/inProcess";

const GRAPH = path.join(__dirname, "..", "fixtures", "graph");
const BREAK_GLASS = ["eeeeeeee-0002-4000-8000-000000000001", "eeeeeeee-0002-4000-8000-000000000002", "eeeeeeee-0001-4000-8000-000000000001"];

const EXPORTS: [string, string, string | undefined][] = [
  ["j0eyv baseline", path.join(GRAPH, "j0eyv-conditional-access-baseline", "Config", "ConditionalAccess"), path.join(GRAPH, "j0eyv-conditional-access-baseline", "Config", "NamedLocations")],
  ["ScubaGear sample", path.join(GRAPH, "scubagear-sample-export"), undefined],
];

async function importStack(policies: string, locations: string | undefined) {
  const r = await guardrailsInProcess("import", "--policies", policies, ...(locations ? ["--locations", locations] : []), "--stack", "adopted", "--base", "prod", "--today", "2026-11-23", "--skip-unsupported", "--dry-run");
  expect(r.status).toBe(0);
  return { text: r.stdout, stderr: r.stderr };
}

describe.each(EXPORTS)("import %s", (_name, policiesDir, locationsDir) => {
  test("round trip: the planned Graph policies equal the export, modulo the added break-glass exclusions", async () => {
    const { text, stderr } = await importStack(policiesDir, locationsDir);
    const profile = loadProfileText(text, "Pulumi.adopted.yaml", "adopted");
    expect(profile.rollout.catalog).toBe("listed");
    const run = await runProgram(profile);
    const planned = run.resources.filter((r) => r.type === CA_POLICY_TYPE).map((r) => azureadToGraph(r.inputs as unknown as AzureadCaPolicyArgs));
    const locationName = new Map<string, string>([
      ...(locationsDir ? locationsFromFiles(locationsDir).map((l): [string, string] => [l.id.toLowerCase(), l.displayName]) : []),
      ...run.resources.filter((r) => r.type === NAMED_LOCATION_TYPE).map((r): [string, string] => [String(r.wireOutputs?.objectId).toLowerCase(), String(r.inputs.displayName)]),
    ]);
    const comparable = (p: { conditions: unknown; grantControls?: unknown; sessionControls?: unknown }) => {
      const c = normalize(JSON.parse(JSON.stringify({ conditions: p.conditions, grantControls: p.grantControls, sessionControls: p.sessionControls }),
        (k, v) => (typeof v === "string" && locationName.has(v.toLowerCase()) ? `location:${locationName.get(v.toLowerCase())}` : k === "authenticationStrength" && v ? { id: v.id } : k.startsWith("@odata") ? undefined : v))) as any;
      for (const list of ["excludeUsers", "excludeGroups"]) {
        if (c.conditions?.users?.[list]) c.conditions.users[list] = c.conditions.users[list].filter((id: string) => !BREAK_GLASS.includes(id));
      }
      return normalize(c);
    };
    const notImported = new Set([...stderr.matchAll(/NOT IMPORTED: policy '([^']+)'/g)].map((m) => m[1]));
    const catalog = new Set([...stderr.matchAll(/catalog: '([^']+)'/g)].map((m) => m[1]));
    let compared = 0;
    for (const p of policiesFromFiles(policiesDir)) {
      if (notImported.has(p.displayName)) continue;
      const mine = planned.find((x) => x.displayName === p.displayName);
      if (catalog.has(p.displayName)) continue; // adopted as a catalog policy: GR-… display name, checked below
      expect({ policy: p.displayName, found: mine !== undefined }).toEqual({ policy: p.displayName, found: true });
      expect({ policy: p.displayName, state: mine!.state }).toEqual({ policy: p.displayName, state: p.state });
      expect({ policy: p.displayName, differs: diffValues(comparable(p), comparable(mine!)) }).toEqual({ policy: p.displayName, differs: [] });
      compared++;
    }
    expect(compared).toBeGreaterThan(4);
    // Every planned policy excludes the declared break-glass accounts and group.
    for (const p of planned) expect(BREAK_GLASS.every((id) => [...(p.conditions.users?.excludeUsers ?? []), ...(p.conditions.users?.excludeGroups ?? [])].includes(id))).toBe(true);
  }, 60_000);

  test("the imported stack plans with the policy pack: 0 mandatory violations", async () => {
    const { text } = await importStack(policiesDir, locationsDir);
    const file = path.join(mkdtempSync(path.join(tmpdir(), "import-")), "Pulumi.adopted.yaml");
    writeFileSync(file, text);
    const r = await guardrailsInProcess("plan", "--config-file", file, "--format", "json");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).policyPack.mandatory).toBe(0);
  }, 60_000);
});

test("the catalog recognises the legacy-auth block, admin MFA and the device-code-flow block (match or near miss)", async () => {
  const j0 = (await importStack(EXPORTS[0][1], EXPORTS[0][2])).stderr;
  const scuba = (await importStack(EXPORTS[1][1], undefined)).stderr;
  expect(scuba).toContain("catalog: 'MS.AAD.1.1v1 Legacy authentication SHALL be blocked' is the catalog policy blockLegacyAuthentication");
  expect(scuba).toContain("near miss: 'MS.AAD.3.9v1 Device code authentication SHOULD be blocked' is almost blockDeviceCodeFlow");
  expect(j0).toContain("near miss: 'CA002-Global-IdentityProtection-AnyApp-AnyPlatform-Block-LegacyAuthentication' is almost blockLegacyAuthentication; differs in conditions.users.excludeGroups");
  expect(j0).toContain("near miss: 'CA105-Admins-IdentityProtection-AnyApp-AnyPlatform-PhishingResistantMFA' is almost adminPhishingResistantMfa");
  expect(j0).toContain("near miss: 'CA004-Global-IdentityProtection-AnyApp-AnyPlatform-AuthenticationFlows' is almost blockDeviceCodeFlow");
  // What the provider cannot express is named, not dropped.
  expect(j0).toContain("NOT IMPORTED: policy 'CA104-Admins-IdentityProtection-AllApps-AnyPlatform-ContinuousAccessEvaluation' sessionControls: Unrecognized key: \"continuousAccessEvaluation\"");
  // The first thing a reviewer sees: policies without the declared break-glass exclusions.
  expect(j0.split("\n")[0]).toMatch(/^guardrails: BREAK-GLASS: '.+' does not exclude the declared break-glass accounts and group; the kit adds them on deployment$/);
}, 60_000);

test("placeholders are refused in one list unless --map names them", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "import-ph-"));
  const policy = (name: string, group: string) => ({ displayName: name, state: "enabled", conditions: { users: { includeUsers: ["All"], excludeGroups: [group] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] }, grantControls: { operator: "OR", builtInControls: ["mfa"] } });
  writeFileSync(path.join(dir, "a.json"), JSON.stringify([policy("A", "<EmergencyAccessGroup>"), policy("B", "%BreakGlass%")]));
  const refused = await guardrailsInProcess("import", "--policies", dir, "--stack", "x", "--base", "prod", "--dry-run");
  expect(refused.status).toBe(2);
  expect(refused.stderr).toBe(`guardrails: ${dir}: placeholders need --map entries: policy 'A' conditions.users.excludeGroups: '<EmergencyAccessGroup>'; policy 'B' conditions.users.excludeGroups: '%BreakGlass%'\n`);
  const map = path.join(dir, "map.yaml");
  writeFileSync(map, "<EmergencyAccessGroup>: CA-BreakGlass-Exclude\n'%BreakGlass%': CA-BreakGlass-Exclude\n");
  const ok = await guardrailsInProcess("import", "--policies", path.join(dir, "a.json"), "--stack", "x", "--base", "prod", "--dry-run", "--map", map, "--today", "2026-11-23");
  expect(ok.status).toBe(0);
  expect(ok.stdout).toContain("excludeGroups:\n            - CA-BreakGlass-Exclude");
});

test("--pulumi-import: the live ids under the program's exact names and parents, empty components as parents", async () => {
  const dir = mkdtempSync(path.join(tmpdir(), "import-pi-"));
  const file = path.join(dir, "import.json");
  const r = await guardrailsInProcess("import", "--policies", EXPORTS[0][1], "--locations", EXPORTS[0][2]!, "--stack", "adopted", "--base", "prod", "--today", "2026-11-23", "--skip-unsupported", "--dry-run", "--pulumi-import", file);
  expect(r.status).toBe(0);
  const doc = JSON.parse(require("node:fs").readFileSync(file, "utf8")) as { resources: { type: string; name: string; logicalName?: string; id?: string; parent?: string; component?: boolean }[] };
  const names = new Set(doc.resources.map((e) => e.name));
  expect(names.size).toBe(doc.resources.length);
  for (const e of doc.resources) {
    if (e.parent) expect(names.has(e.parent)).toBe(true);
    expect(e.component === true).toBe(e.id === undefined);
  }
  const livePolicies = policiesFromFiles(EXPORTS[0][1]);
  const imported = doc.resources.filter((e) => e.type === CA_POLICY_TYPE);
  const notImported = [...r.stderr.matchAll(/NOT IMPORTED: policy '([^']+)'/g)].length;
  expect(imported).toHaveLength(livePolicies.length - notImported);
  for (const e of imported) {
    expect(e.id).toMatch(/^\/identity\/conditionalAccess\/policies\/[0-9a-f-]{36}$/);
    expect(livePolicies.some((p) => e.id!.endsWith(p.id!))).toBe(true);
    expect(doc.resources.find((x) => x.name === e.parent)).toMatchObject({ type: "guardrails:ca:StagedConditionalAccessPolicy", component: true, logicalName: e.logicalName });
  }
  expect(doc.resources.filter((e) => e.type === NAMED_LOCATION_TYPE).map((e) => e.logicalName).sort()).toEqual(["countries-allowed-countries", "countries-allowed-countries-service-accounts"]);
});
