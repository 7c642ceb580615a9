import { diffResources, normalize, type DiffResource } from "../../model/diff/diff";
import { riskSummary } from "../../model/diff/risk";

const CA = "azuread:index/conditionalAccessPolicy:ConditionalAccessPolicy";
const res = (name: string, inputs: Record<string, unknown>, type = CA, stack = "prod"): DiffResource => ({ urn: `urn:pulumi:${stack}::p::${type}::${name}`, type, name, inputs });

describe("normalize", () => {
  test("empty vs missing, null, __ keys and the order of plain lists are noise", () => {
    expect(normalize({ a: [], b: null, c: {}, __defaults: ["x"], d: ["b", "a"], e: { f: [] } })).toEqual({ d: ["a", "b"] });
  });
  test("lists of objects keep their order", () => {
    expect(normalize({ l: [{ n: 2 }, { n: 1 }] })).toEqual({ l: [{ n: 2 }, { n: 1 }] });
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
  test("keys that are not identifiers use bracket syntax; lists of objects without an identity use [i]", () => {
    const changes = diffResources([res("a", { tags: { "guardrails:tier": "x" }, rules: [{ n: "A" }] })], [res("a", { tags: { "guardrails:tier": "y" }, rules: [{ n: "B" }] })])[0].changes;
    expect(changes.map((c) => c.path)).toEqual(["rules[0].n", 'tags["guardrails:tier"]']);
  });
  test("ids are compared as ids: one name, two ids is a change (issue #9 §1)", () => {
    expect(diffResources([res("a", { g: ["id-prod"] })], [res("a", { g: ["id-staging"] }, CA, "staging")])).toEqual([
      { key: `${CA}::a`, type: CA, name: "a", op: "update", changes: [{ path: "g", kind: "add", new: "id-staging" }, { path: "g", kind: "delete", old: "id-prod" }] },
    ]);
  });
  test("canonical forms (own resources' ids) are compared instead of raw values", () => {
    const canonOld = (s: string) => (s === "mock-id" ? "ref:loc" : s);
    const canonNew = (s: string) => (s === "real-id" ? "ref:loc" : s);
    expect(diffResources([res("a", { l: ["mock-id"] })], [res("a", { l: ["real-id"] })], { canonOld, canonNew })).toEqual([]);
  });
  test("lists of objects with an identity are matched by it, not by index (issue #9 §1)", () => {
    const DIAG = "azure-native:aadiam:DiagnosticSetting";
    const logs = (cats: string[]) => cats.map((category) => ({ category, enabled: true }));
    const changes = diffResources(
      [res("s", { logs: logs(["AuditLogs", "ManagedIdentitySignInLogs", "SignInLogs"]) }, DIAG)],
      [res("s", { logs: logs(["ManagedIdentitySignInLogs", "SignInLogs"]) }, DIAG)],
    )[0].changes;
    expect(changes).toEqual([{ path: "logs[category=AuditLogs]", kind: "delete", old: { category: "AuditLogs", enabled: true } }]);
    const AG = "azure-native:monitor:ActionGroup";
    const email = (xs: string[]) => xs.map((emailAddress, i) => ({ name: `email-${i + 1}`, emailAddress }));
    const ag = diffResources([res("g", { emailReceivers: email(["a@x", "b@x"]) }, AG)], [res("g", { emailReceivers: email(["b@x"]) }, AG)])[0].changes;
    expect(ag).toEqual([
      { path: "emailReceivers[email=a@x]", kind: "delete", old: { name: "email-1", emailAddress: "a@x" } },
      { path: "emailReceivers[email=b@x].name", kind: "update", old: "email-2", new: "email-1" },
    ]);
  });
  test("a rename of an Azure name is a replace; the old side's protect is kept", () => {
    const WS = "azure-native:operationalinsights:Workspace";
    const [c] = diffResources([{ ...res("w", { workspaceName: "law-a", retentionInDays: 90 }, WS), protect: true }], [res("w", { workspaceName: "law-b", retentionInDays: 90 }, WS)]);
    expect(c).toMatchObject({ op: "update", protected: true, replace: ["workspaceName"] });
  });
  test("identical sides: no changes; providers and the stack root are ignored", () => {
    const r = [res("a", { x: 1 })];
    expect(diffResources([...r, res("default", { v: 1 }, "pulumi:providers:azuread")], r)).toEqual([]);
  });
});

describe("riskSummary", () => {
  const ctx = (newIn: Record<string, Record<string, unknown>>, oldIn: Record<string, Record<string, unknown>> = {}) => ({
    newInputs: (k: string) => newIn[k], oldInputs: (k: string) => oldIn[k],
    newOfType: () => [], oldOfType: () => [],
    isBreakGlass: (v: string) => ["bg1-id", "bg-group-id"].includes(v), isCanaryGroup: (v: string) => v === "canary-id",
    label: (v: string) => ({ "bg1-id": "bg1@x", "bob-id": "bob@x" } as Record<string, string>)[v] ?? v,
  });
  test("policies moving stage, exclusions removed, blocks, alert thresholds and disabled alerts", () => {
    const ALERT = "azure-native:monitor:ScheduledQueryRule";
    const changes = diffResources(
      [res("p1", { displayName: "P1", state: "enabledForReportingButNotEnforced", conditions: { users: { excludedUsers: ["bg1-id", "bob-id"] } } }),
        res("p2", { displayName: "P2", state: "disabled" }),
        res("r", { displayName: "Lockout", severity: 2, enabled: true, criteria: { allOf: [{ threshold: 25 }] } }, ALERT)],
      [res("p1", { displayName: "P1", state: "enabled", conditions: { users: {} } }),
        res("p2", { displayName: "P2", state: "enabled", conditions: { users: { includedGroups: ["canary-id"] } }, grantControls: { builtInControls: ["block"] } }),
        res("r", { displayName: "Lockout", severity: 2, enabled: false, criteria: { allOf: [{ threshold: 200 }] } }, ALERT)],
    );
    const summary = riskSummary(changes, ctx(
      { [`${CA}::p1`]: { displayName: "P1", conditions: { users: {} } }, [`${CA}::p2`]: { displayName: "P2", conditions: { users: { includedGroups: ["canary-id"] } } }, [`${ALERT}::r`]: { displayName: "Lockout" } },
      { [`${ALERT}::r`]: { displayName: "Lockout", severity: 2 } },
    ));
    expect(summary).toEqual([
      "BREAK-GLASS exclusion of bg1@x removed in 1 policy: P1",
      "1 policy moves to enforced: P1",
      "1 policy moves to canary: P2",
      // Findings follow resource order (by URN key: azure-native before azuread).
      "alert threshold raised on 'Lockout' (25 → 200)",
      "alert 'Lockout' is disabled",
      "bob@x no longer excluded from 'P1'",
      "'P2' now blocks",
    ]);
  });
  test("destruction leads: deleted protected workspace, lost SMS receiver, Sev0 rule disabled and re-routed (issue #9 §1)", () => {
    const WS = "azure-native:operationalinsights:Workspace";
    const AG = "azure-native:monitor:ActionGroup";
    const ALERT = "azure-native:monitor:ScheduledQueryRule";
    const sev0 = { displayName: "Break-glass", severity: 0, enabled: true, actions: { actionGroups: ["ag-sev0-id"] } };
    const changes = diffResources(
      [{ ...res("law", { workspaceName: "law" }, WS), protect: true },
        res("ag", { smsReceivers: [{ name: "sms-1", countryCode: "31", phoneNumber: "0000000000" }], emailReceivers: [{ name: "email-1", emailAddress: "a@x" }] }, AG),
        res("bg", sev0, ALERT)],
      [res("ag", { emailReceivers: [{ name: "email-1", emailAddress: "a@x" }] }, AG),
        res("bg", { ...sev0, enabled: false, actions: { actionGroups: ["ag-sev2-id"] } }, ALERT)],
    );
    const summary = riskSummary(changes, ctx({ [`${ALERT}::bg`]: { ...sev0, enabled: false } }, { [`${ALERT}::bg`]: sev0, [`${WS}::law`]: { workspaceName: "law" } }));
    expect(summary).toEqual([
      "workspace 'law' is DELETED: protected: `pulumi up` will refuse; log history lost",
      "action group 'ag' loses its SMS receiver +31 0000000000",
      "Sev0 alert 'Break-glass' is disabled",
      "Sev0 alert 'Break-glass' changes its action group from ag-sev0-id to ag-sev2-id",
    ]);
  });
});
