/** `plan --format graph`: declared objects as Graph JSON that the readers take back (issue #11). */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { locationsFromFiles, policiesFromFiles } from "../../cli/whatif/inputs";
import { guardrailsInProcess } from "../helpers/inProcess";

test("prod as Graph JSON: one file per policy and location, read back unchanged by whatif's readers", async () => {
  const out = path.join(mkdtempSync(path.join(tmpdir(), "graph-")), "prod");
  const r = await guardrailsInProcess("plan", "--stack", "prod", "--format", "graph", "--out", out, "--no-policy-pack");
  expect(r.status).toBe(0);
  expect(r.stdout).toBe("");
  expect(r.stderr).toBe(`guardrails: wrote 11 policies and 3 named locations as Graph JSON to ${out}\n`);
  expect(readdirSync(path.join(out, "ConditionalAccess"))).toHaveLength(11);
  expect(readdirSync(path.join(out, "NamedLocations")).sort()).toEqual(["Allowed countries.json", "Branch VPN.json", "HQ egress.json"]);
  const warnings: string[] = [];
  const policies = policiesFromFiles(path.join(out, "ConditionalAccess"), { warnings });
  expect(warnings).toEqual([]);
  const legacy = policies.find((p) => p.displayName === "GR-001 Block legacy authentication")!;
  expect(legacy).toMatchObject({ state: "enabled", grantControls: { operator: "OR", builtInControls: ["block"] } });
  expect(legacy.conditions.users?.excludeUsers).toEqual(["eeeeeeee-0002-4000-8000-000000000001", "eeeeeeee-0002-4000-8000-000000000002"]);
  const locations = locationsFromFiles(path.join(out, "NamedLocations"));
  expect(locations.find((l) => l.displayName === "HQ egress")).toMatchObject({ kind: "ip", isTrusted: true, ipRanges: ["203.0.113.0/24", "2001:db8:100::/48"] });
  // Policies reference the locations by the ids written beside them.
  const countries = locations.find((l) => l.kind === "country")!;
  expect(policies.some((p) => (p.conditions.locations?.excludeLocations ?? []).includes(countries.id))).toBe(true);
  expect(JSON.parse(readFileSync(path.join(out, "NamedLocations", "HQ egress.json"), "utf8"))["@odata.type"]).toBe("#microsoft.graph.ipNamedLocation");
});

test("--format graph without --out is bad input", async () => {
  const r = await guardrailsInProcess("plan", "--stack", "prod", "--format", "graph", "--no-policy-pack");
  expect(r.status).toBe(2);
  expect(r.stderr).toBe("guardrails: --format graph writes a folder: --out <dir> is required\n");
});
