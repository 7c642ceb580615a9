/**
 * Golden diffs (issue #9 §1): each case is a prod variant diffed against prod, and the whole text
 * is compared with a file in tests/golden/diff/ that was read line by line when it was written.
 * Refresh with UPDATE_GOLDEN=1 and read the change before committing it.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { guardrails } from "../helpers/cli";
import { ROOT, writeVariant } from "../helpers/stacks";

const GOLDEN = path.join(ROOT, "tests", "golden", "diff");

const CUSTOM = {
  displayName: "Block Azure management outside trusted locations",
  conditions: {
    users: { includeUsers: ["All"], excludeGroups: ["CA-BreakGlass-Exclude"] },
    applications: { includeApplications: ["Microsoft Azure Management"] },
    clientAppTypes: ["all"],
    locations: { includeLocations: ["All"], excludeLocations: ["AllTrusted", "HQ egress"] },
  },
  grantControls: { operator: "OR", builtInControls: ["block"] },
};

const cases: [string, (c: Record<string, any>) => void, string[]][] = [
  ["breakglass-objectid", (c) => {
    c["guardrails:breakGlass"].accounts[1].objectId = "eeeeeeee-0002-4000-8000-000000000009";
    c["guardrails:directory"].users["breakglass-02@contoso.example"] = "eeeeeeee-0002-4000-8000-000000000009";
  }, []],
  ["categories-moved", (c) => {
    c["guardrails:logs"].workspaces.push({ name: "law-entra-signins", retentionInDays: 90 });
    c["guardrails:logs"].routes.SignInLogs = { workspace: "law-entra-signins" };
    c["guardrails:logs"].routes.NonInteractiveUserSignInLogs = { workspace: "law-entra-signins" };
  }, []],
  ["workspace-deleted", (c) => { c["guardrails:logs"].workspaces[0].name = "law-entra-prod2"; }, []],
  ["custom-policy-added", (c) => {
    c["guardrails:customPolicies"] = { azureMgmtTrusted: CUSTOM };
    c["guardrails:rollout"].policies.azureMgmtTrusted = { stage: "reportOnly", since: { reportOnly: "2026-11-20" } };
  }, []],
  ["custom-policy-added.md", (c) => {
    c["guardrails:customPolicies"] = { azureMgmtTrusted: CUSTOM };
    c["guardrails:rollout"].policies.azureMgmtTrusted = { stage: "reportOnly", since: { reportOnly: "2026-11-20" } };
  }, ["--format", "markdown"]],
  ["alert-query-edited", (c) => { c["guardrails:alerts"].rules = { leakedCredentialBurst: { riskEventTypes: ["leakedCredentials", "anomalousToken"] } }; }, []],
];

describe("guardrails diff golden files", () => {
  test.each(cases)("%s", (name, edit, args) => {
    const file = writeVariant("prod", edit);
    const r = guardrails("diff", "--config-file", file, "--against", "prod", "--no-policy-pack", "--detailed-exitcode", ...args);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(4);
    const text = r.stdout.split(file).join("VARIANT");
    const golden = path.join(GOLDEN, name.endsWith(".md") ? name : `${name}.txt`);
    if (process.env.UPDATE_GOLDEN === "1" || !existsSync(golden)) writeFileSync(golden, text);
    expect(text).toBe(readFileSync(golden, "utf8"));
  });

  test("staging against prod by name says so in its header; by id, the directory ids differ", () => {
    const byName = guardrails("diff", "--stack", "staging", "--against", "prod", "--no-policy-pack", "--match-by-name");
    expect(byName.status).toBe(0);
    expect(byName.stdout.split("\n")[2]).toBe("  matching by name: ids of users, groups, roles, applications and locations are compared by the names each stack gives them (two tenants); an id change behind the same name is not shown");
    expect(byName.stdout).not.toContain("now names another id");
    const byId = guardrails("diff", "--stack", "staging", "--against", "prod", "--no-policy-pack");
    expect(byId.stdout).not.toContain("matching by name");
    expect(byId.stdout).toContain("BREAK-GLASS exclusion of");
  });
});
