import * as path from "node:path";
import { guardrails } from "../helpers/cli";
import { writeVariant } from "../helpers/stacks";

const FIX = path.join(__dirname, "..", "fixtures");
const J0 = path.join(FIX, "graph", "j0eyv-conditional-access-baseline", "Config");
const files = ["--policies", path.join(J0, "ConditionalAccess"), "--locations", path.join(J0, "NamedLocations"), "--directory", path.join(FIX, "whatif", "directory.json")];

describe("guardrails whatif (subprocess)", () => {
  test("real exported policies → Graph-shaped whatIfAnalysisResult list and an outcome", () => {
    const r = guardrails("whatif", ...files, "--request", path.join(FIX, "whatif", "request-alice-legacy.json"), "--format", "json");
    expect(r.status).toBe(0);
    const out = JSON.parse(r.stdout);
    // The hand-written directory holds two users and no groups: every group the export names is unresolved, and said so.
    expect(out.warnings.length).toBeGreaterThan(5);
    expect(out.warnings.every((w: string) => /^group [0-9a-f-]{36} is not in the --directory input, so it matches nobody; named by '/.test(w))).toBe(true);
    expect(r.stderr.trim().split("\n").every((l) => l.startsWith("guardrails: warning: group "))).toBe(true);
    expect(out.value).toHaveLength(36);
    const legacy = out.value.find((v: { displayName: string }) => v.displayName.startsWith("CA002-"));
    expect(legacy).toMatchObject({ id: expect.any(String), state: "enabled", policyApplies: true, analysisReasons: "notSet" });
    const userActions = out.value.find((v: { displayName: string }) => v.displayName.startsWith("CA003-"));
    expect(userActions).toMatchObject({ policyApplies: false, analysisReasons: "userActions" });
    expect(out.outcome.decision).toBe("block");
    expect(out.outcome.blockedBy).toContain("CA002-Global-IdentityProtection-AnyApp-AnyPlatform-Block-LegacyAuthentication");
  });

  test("appliedPoliciesOnly: the break-glass account has none", () => {
    const r = guardrails("whatif", ...files, "--request", path.join(FIX, "whatif", "request-breakglass-legacy.json"), "--format", "json");
    expect(JSON.parse(r.stdout)).toMatchObject({ value: [], outcome: { decision: "allow" } });
  });

  test("April 2025 blast radius on prod over 10k synthetic users: nobody blocked, break-glass unaffected, proof holds", () => {
    const r = guardrails("whatif", "--stack", "prod", "--scenario", "stacks/scenarios/april-2025.yaml", "--synthetic-users", "10000", "--break-glass-proof", "--format", "json");
    expect(r.status).toBe(0);
    const b = JSON.parse(r.stdout);
    expect(b.users).toBe(10002);
    expect(b.combined.blocked).toBe(0);
    expect(b.combined.passwordChange).toBe(10000);
    expect(b.examples).toEqual({ unaffected: ["breakglass-01@contoso.example", "breakglass-02@contoso.example"] });
    expect(b.byPolicy[0]).toMatchObject({ policy: expect.stringMatching(/^GR-00[37] /), users: 10000 });
    expect(b.breakGlassProof.counterexamples).toEqual([]);
  });

  test("a stack whose user-risk policy blocks: the scenario shows the lockout", () => {
    const f = writeVariant("prod", (c) => {
      c["guardrails:customPolicies"] = { riskBlock: {
        displayName: "Block high user risk", conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"], userRiskLevels: ["high"] },
        grantControls: { operator: "OR", builtInControls: ["block"] } } };
      c["guardrails:rollout"].policies.riskBlock = { stage: "enforced", since: { reportOnly: "2026-01-06", canary: "2026-02-03", enforced: "2026-02-17" } };
    });
    const r = guardrails("whatif", "--config-file", f, "--scenario", "stacks/scenarios/april-2025.yaml", "--synthetic-users", "500");
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^  blocked\s+500\s+99\.6%$/m);
    expect(r.stdout).toContain("  unaffected: breakglass-01@contoso.example, breakglass-02@contoso.example");
  });

  test("bad input exits 2 with the file and key", () => {
    const r = guardrails("whatif", ...files, "--request", path.join(FIX, "whatif", "directory.json"));
    expect(r.status).toBe(2);
    expect(r.stderr.trim().split("\n").pop()).toBe(`guardrails: ${path.join(FIX, "whatif", "directory.json")}: signInIdentity: needs userId or servicePrincipalId`);
    expect(guardrails("whatif", "--stack", "prod").status).toBe(2);
    expect(guardrails("whatif", "--policies", "/nonexistent", "--request", "x").stderr).toBe("guardrails: /nonexistent: cannot read (ENOENT)\n");
  });
});
