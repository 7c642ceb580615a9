import { diffResources, normalize, type DiffResource } from "../../model/diff/diff";
import { riskSummary } from "../../model/diff/risk";

const CA = "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy";
const res = (name: string, inputs: Record<string, unknown>, type = CA, stack = "prod"): DiffResource => ({ urn: `urn:pulumi:${stack}::p::${type}::${name}`, type, name, inputs });

describe("normalize", () => {
  test("empty vs missing, null, __ keys and the order of plain lists are noise", () => {
    expect(normalize({ a: [], b: null, c: {}, __defaults: ["x"], d: ["b", "a"], e: { f: [] } }, (s) => s)).toEqual({ d: ["a", "b"] });
  });
  test("lists of objects keep their order", () => {
    expect(normalize({ l: [{ n: 2 }, { n: 1 }] }, (s) => s)).toEqual({ l: [{ n: 2 }, { n: 1 }] });
  });
});

describe("diffResources", () => {
  test("create, delete and update with leaf paths; matched across stacks by URN without the stack", () => {
    const before = [res("a", { state: "enabled", conditions: { users: { excludedGroups: ["g1", "g2"] } } }), res("gone", { state: "enabled" })];
    const after = [res("a", { state: "disabled", conditions: { users: { excludedGroups: ["g2", "g3"] } } }, CA, "staging"), res("new", { x: 1 }, CA, "staging")];
    expect(diffResources(before, after)).toEqual([
      { key: `${CA}::a`, type: CA, name: "a", op: "update", changes: [
        { path: "conditions.users.excludedGroups", kind: "add", new: "g3" },
        { path: "conditions.users.excludedGroups", kind: "delete", old: "g1" },
        { path: "state", kind: "update", old: "enabled", new: "disabled" },
      ] },
      { key: `${CA}::gone`, type: CA, name: "gone", op: "delete", changes: [] },
      { key: `${CA}::new`, type: CA, name: "new", op: "create", changes: [] },
    ]);
  });
  test("keys that are not identifiers use bracket syntax; list elements use [i]", () => {
    const changes = diffResources([res("a", { tags: { "guardrails:tier": "x" }, logs: [{ category: "A" }] })], [res("a", { tags: { "guardrails:tier": "y" }, logs: [{ category: "B" }] })])[0].changes;
    expect(changes.map((c) => c.path)).toEqual(["logs[0].category", 'tags["guardrails:tier"]']);
  });
  test("ids are compared by name: same names, different ids, no change", () => {
    const names = new Map([["id-prod", "CA-Canary"], ["id-staging", "CA-Canary"]]);
    const rename = (s: string) => names.get(s) ?? s;
    expect(diffResources([res("a", { g: ["id-prod"] })], [res("a", { g: ["id-staging"] }, CA, "staging")], rename)).toEqual([]);
  });
  test("identical sides: no changes; providers and the stack root are ignored", () => {
    const r = [res("a", { x: 1 })];
    expect(diffResources([...r, res("default", { v: 1 }, "pulumi:providers:azuread")], r)).toEqual([]);
  });
});

describe("riskSummary", () => {
  const ctx = (newIn: Record<string, Record<string, unknown>>, oldIn: Record<string, Record<string, unknown>> = {}) => ({
    newInputs: (k: string) => newIn[k], oldInputs: (k: string) => oldIn[k], breakGlassNames: ["bg1@x", "BG-Group"], canaryGroupNames: ["CA-Canary"],
  });
  test("policies moving stage, exclusions removed, blocks, alert thresholds and disabled alerts", () => {
    const ALERT = "azure-native:monitor:ScheduledQueryRule";
    const changes = diffResources(
      [res("p1", { displayName: "P1", state: "enabledForReportingButNotEnforced", conditions: { users: { excludedUsers: ["bg1@x", "bob"] } } }),
        res("p2", { displayName: "P2", state: "disabled" }),
        res("r", { displayName: "Lockout", enabled: true, criteria: { allOf: [{ threshold: 25 }] } }, ALERT)],
      [res("p1", { displayName: "P1", state: "enabled", conditions: { users: {} } }),
        res("p2", { displayName: "P2", state: "enabled", conditions: { users: { includedGroups: ["CA-Canary"] } }, grantControls: { builtInControls: ["block"] } }),
        res("r", { displayName: "Lockout", enabled: false, criteria: { allOf: [{ threshold: 200 }] } }, ALERT)],
    );
    const summary = riskSummary(changes, ctx({ [`${CA}::p1`]: { displayName: "P1", conditions: { users: {} } }, [`${CA}::p2`]: { displayName: "P2", conditions: { users: { includedGroups: ["CA-Canary"] } } }, [`${ALERT}::r`]: { displayName: "Lockout" } }));
    expect(summary).toEqual([
      "1 policy moves to enforced: P1",
      "1 policy moves to canary: P2",
      // Findings follow resource order (by URN key: azure-native before azuread).
      "alert threshold raised on 'Lockout' (25 → 200)",
      "alert 'Lockout' is disabled",
      "BREAK-GLASS exclusion of bg1@x removed from 'P1'",
      "bob no longer excluded from 'P1'",
      "'P2' now blocks",
    ]);
  });
});
