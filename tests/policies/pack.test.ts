import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { RULES } from "../../policies/rules";
import { ROOT } from "../helpers/stacks";

const ruleFiles = readdirSync(path.join(ROOT, "policies", "rules")).filter((f) => f !== "index.ts");

describe("policy pack metadata (meta test)", () => {
  test("one rule per file, every file registered", () => {
    expect(ruleFiles).toHaveLength(RULES.length);
    for (const f of ruleFiles) {
      const exported = Object.values(require(path.join(ROOT, "policies", "rules", f)) as Record<string, { name?: string }>);
      expect({ file: f, exports: exported.length }).toEqual({ file: f, exports: 1 });
      expect(RULES).toContain(exported[0]);
    }
  });

  test.each(RULES.map((r) => [r.name, r] as const))("%s: complete metadata", (_n, r) => {
    expect(r.name).toMatch(/^[a-z]+(-[a-z]+)+$/);
    expect(r.description.length).toBeGreaterThan(20);
    expect(["low", "medium", "high", "critical"]).toContain(r.severity);
    expect(["advisory", "mandatory"]).toContain(r.enforcementLevel);
    expect(r.remediationSteps.length).toBeGreaterThan(10);
    expect(Object.keys(r.configSchema.properties)).not.toContain("enforcementLevel");
    for (const [k, p] of Object.entries(r.configSchema.properties)) {
      // Every setting has a documented default, except the optional clock pin.
      if (k !== "now") expect({ rule: r.name, key: k, default: p.default !== undefined }).toEqual({ rule: r.name, key: k, default: true });
      expect(p.description.length).toBeGreaterThan(5);
    }
  });

  test("names are unique and the issue's rules are all present", () => {
    const names = RULES.map((r) => r.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual([
      "alerts-on-alertable-tables", "block-needs-longer-soak", "break-glass-alert-present", "break-glass-excluded", "break-glass-group-size", "break-glass-never-blocked",
      "canary-scope", "incident-expired", "incident-profile-valid", "maintenance-window", "new-policy-report-only", "promotion-evidence", "protected-in-production", "references-are-guids",
      "required-log-categories", "risk-remediation-over-block", "rollout-order", "stale-report-only",
    ]);
  });

  test("only policies/index.ts constructs the PolicyPack", () => {
    const walk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
      e.isDirectory() ? (e.name === "node_modules" ? [] : walk(path.join(dir, e.name))) : e.name.endsWith(".ts") ? [path.join(dir, e.name)] : []);
    const constructing = ["policies", "model", "components", "cli"].flatMap((d) => walk(path.join(ROOT, d)))
      .filter((f) => /new PolicyPack\(/.test(readFileSync(f, "utf8")))
      .map((f) => path.relative(ROOT, f));
    expect(constructing).toEqual([path.join("policies", "index.ts")]);
  });

  test("the pack directory is loadable by the CLI: runtime and a version", () => {
    expect(readFileSync(path.join(ROOT, "policies", "PulumiPolicy.yaml"), "utf8")).toMatch(/^runtime: nodejs$/m);
    expect(JSON.parse(readFileSync(path.join(ROOT, "policies", "package.json"), "utf8")).version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});
