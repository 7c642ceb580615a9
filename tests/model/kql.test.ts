import { alertSpecs } from "../../model/alerts/build";
import { ALERT_RULES } from "../../model/alerts/rules";
import { checkKql, kqlErrors } from "../../model/kql/check";
import { profileVariant } from "../helpers/stacks";

/** Stack variants that change the shape of the generated queries. */
const variants: [string, ReturnType<typeof profileVariant>][] = [
  ["prod", profileVariant("prod")],
  ["staging", profileVariant("staging")],
  ["non-interactive on Analytics (union queries)", profileVariant("prod", (c) => { c["guardrails:logs"].routes = { NonInteractiveUserSignInLogs: { plan: "Analytics" } }; })],
  ["Microsoft ranges and ignored initiators", profileVariant("prod", (c) => {
    c["guardrails:alerts"].microsoftIpRanges = ["20.190.128.0/18", "2603:1006::/40"];
    c["guardrails:alerts"].ignoreInitiators = ["deploy@contoso.example", "entra-guardrails-deploy"];
  })],
  ["created break-glass accounts (UPN only)", profileVariant("staging", (c) => {
    c["guardrails:breakGlass"].create = true;
    for (const a of c["guardrails:breakGlass"].accounts) delete a.objectId;
    c["guardrails:breakGlassPassword"] = { secure: "v1:x" };
  })],
];

describe("every deployed alert query parses and type-checks against the Entra table schemas", () => {
  const cases = variants.flatMap(([name, profile]) => alertSpecs(profile).map((s) => [`${name}: ${s.name}`, s.query] as const));

  test("every alert rule definition is exercised", () => {
    const rules = new Set(variants.flatMap(([, p]) => alertSpecs(p).map((s) => s.rule)));
    expect([...rules].sort()).toEqual(ALERT_RULES.map((r) => r.key).sort());
  });

  test.each(cases)("%s", (_name, query) => {
    expect(checkKql(query)).toEqual([]);
  });
});

describe("the checker can fail", () => {
  test.each([
    ["unknown table", "SigninLog | take 1", "KS204"],
    ["unknown column", `SigninLogs | where ResultTyp == "53003"`, "KS142"],
    ["unknown function", "SigninLogs | extend x = nosuchfn(UserId)", "KS211"],
    ["type error: datetime compared with string", `SigninLogs | where TimeGenerated > "yesterday"`, "KS106"],
    ["type error: avg of a string", "SigninLogs | summarize avg(UserPrincipalName)", "KS127"],
    ["string column used as dynamic (non-interactive Status is a string)", "AADNonInteractiveUserSignInLogs | extend c = Status.errorCode", "KS142"],
    ["syntax error", "SigninLogs | where", "KS"],
  ])("%s", (_name, query, code) => {
    const errors = kqlErrors(query);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0].code.startsWith(code)).toBe(true);
  });

  test("a deployed query with one column renamed fails", () => {
    const q = alertSpecs(profileVariant("prod")).find((s) => s.name === "lockoutStorm")!.query;
    expect(kqlErrors(q)).toEqual([]);
    expect(kqlErrors(q.replace("ResultType", "ResultCode")).map((e) => e.code)).toContain("KS142");
  });
});

test("schemas cover every table a log category writes to that alerts read", () => {
  const { TABLE_SCHEMAS } = require("../../model/kql/schemas") as typeof import("../../model/kql/schemas");
  const tables = new Set(TABLE_SCHEMAS.map((t) => t.table));
  for (const t of ["SigninLogs", "AADNonInteractiveUserSignInLogs", "AuditLogs", "AADUserRiskEvents", "AADRiskyUsers"]) expect(tables.has(t)).toBe(true);
  for (const t of TABLE_SCHEMAS) expect(t.columns.length).toBeGreaterThan(10);
});

describe("simple log alerts stay in the transformation KQL subset (issue #9 §4)", () => {
  const { transformSubsetProblems } = require("../../model/kql/transformSubset") as typeof import("../../model/kql/transformSubset");
  const simple = variants.flatMap(([name, profile]) => alertSpecs(profile).filter((s) => s.kind === "SimpleLogAlert").map((s) => [`${name}: ${s.name}`, s.query] as const));

  test("the variants deploy simple log alerts", () => {
    expect(simple.length).toBeGreaterThanOrEqual(3);
  });

  test.each(simple)("%s is in the subset", (_name, query) => {
    expect(transformSubsetProblems(query)).toEqual([]);
    expect(query).not.toMatch(/in~|dynamic\(/);
  });

  test.each([
    ["in~ (case-insensitive in)", `AADNonInteractiveUserSignInLogs | where UserPrincipalName in~ ("a@b.c")`, "operator 'in~' is not supported"],
    ["dynamic literal", `AADNonInteractiveUserSignInLogs | where UserId in (dynamic(["x"]))`, "dynamic literals are not supported: use parse_json('[...]')"],
    ["summarize", "AADNonInteractiveUserSignInLogs | summarize count() by UserId", "tabular operator 'summarize' is not supported"],
    ["union", "union SigninLogs, AADNonInteractiveUserSignInLogs | where UserId == 'x'", "the query must start with a table name, not 'union'"],
    ["unlisted function", "AADNonInteractiveUserSignInLogs | where ipv4_is_in_range(IPAddress, '10.0.0.0/8')", "function 'ipv4_is_in_range()' is not supported"],
    ["has_any", `AADNonInteractiveUserSignInLogs | where UserPrincipalName has_any ("a", "b")`, "operator 'has_any' is not supported"],
  ])("refused: %s", (_name, query, problem) => {
    expect(transformSubsetProblems(query)).toContain(problem);
  });

  test("a string literal's content is not read as KQL", () => {
    expect(transformSubsetProblems(`AADNonInteractiveUserSignInLogs | where UserPrincipalName == "x in~ summarize dynamic(y)"`)).toEqual([]);
  });

  test("the pre-#9 break-glass query (in~ and dynamic) is refused at config load", () => {
    const { alertLimitProblems } = require("../../model/alerts/limits") as typeof import("../../model/alerts/limits");
    const spec = alertSpecs(profileVariant("prod")).find((s) => s.kind === "SimpleLogAlert")!;
    const old = { ...spec, query: `AADNonInteractiveUserSignInLogs\n| where UserId in (dynamic(["a"])) or UserPrincipalName in~ (dynamic(["b@c.d"]))` };
    expect(alertLimitProblems(old)).toEqual(["a SimpleLogAlert query must stay in the transformation KQL subset: operator 'in~' is not supported; dynamic literals are not supported: use parse_json('[...]')"]);
  });
});
