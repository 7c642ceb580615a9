/** Small things a user hits in the first hour (issue #9 §5). */
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { buildProgram } from "../../cli/main";
import { summarizePolicy, NameIndex } from "../../model/describe";
import { guardrails } from "../helpers/cli";
import { ROOT } from "../helpers/stacks";

describe("the first hour", () => {
  test("--version prints the package version", () => {
    const r = guardrails("--version");
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(`${JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")).version}\n`);
  });

  test("--out confirms on stderr in one line; stdout stays empty", () => {
    const out = path.join(mkdtempSync(path.join(tmpdir(), "out-")), "cost.json");
    const r = guardrails("cost", "--stack", "prod", "--format", "json", "--out", out);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`^guardrails: wrote ${out.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} \\(\\d+ bytes\\)\\n$`));
    // cost --format json: money to the cent.
    const cost = JSON.parse(readFileSync(out, "utf8"));
    for (const n of [cost.total, cost.totalAllAnalytics, ...cost.lines.flatMap((l: { monthly: number; monthlyAllAnalytics: number; gbPerMonth: number }) => [l.monthly, l.monthlyAllAnalytics, l.gbPerMonth])]) {
      expect(Math.round(n * 100) / 100).toBe(n);
    }
  });

  test("docs --check passes and says nothing; docs reports what it did on stderr", () => {
    const r = guardrails("docs", "--check");
    expect(r.status).toBe(0);
    expect(r.stdout + r.stderr).toBe("");
  });

  test("whatif --stack --request without --directory names what is missing", () => {
    const r = guardrails("whatif", "--stack", "prod", "--request", "tests/fixtures/whatif/request-alice-legacy.json");
    expect(r.status).toBe(2);
    expect(r.stderr).toBe("guardrails: tests/fixtures/whatif/request-alice-legacy.json: signInIdentity.userId: 'aaaaaaaa-0000-4000-8000-000000000001' is not in the directory: without --directory only the stack's break-glass accounts and guardrails:directory.users are known; pass --directory <file> with this user's groups and roles\n");
  });

  test("whatif --scenario defaults to the 10,000 synthetic users of incident plan, and says so", () => {
    const r = guardrails("whatif", "--stack", "prod", "--scenario", "stacks/scenarios/april-2025.yaml", "--format", "json");
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout).users).toBe(10_002); // plus the two break-glass accounts
    expect(r.stderr).toBe("guardrails: no --directory: using a synthetic directory of 10000 users plus the stack's break-glass accounts (--synthetic-users <n> to change)\n");
  });

  test("built-in authentication strengths are shown by name", () => {
    const s = summarizePolicy({ displayName: "x", state: "enabled", conditions: { users: { includeUsers: ["All"] }, applications: { includeApplications: ["All"] }, clientAppTypes: ["all"] }, grantControls: { operator: "OR", authenticationStrength: { id: "00000000-0000-0000-0000-000000000004" } } }, new NameIndex());
    expect(s.grant).toBe("authentication strength Phishing-resistant MFA");
    const custom = summarizePolicy({ displayName: "x", state: "enabled", conditions: { users: {}, applications: {}, clientAppTypes: ["all"] }, grantControls: { operator: "OR", authenticationStrength: { id: "11111111-2222-4333-8444-555555555555" } } }, new NameIndex());
    expect(custom.grant).toBe("authentication strength 11111111-2222-4333-8444-555555555555");
  });

  test("every option of every command has a description in --help", () => {
    const undocumented: string[] = [];
    const walk = (cmd: ReturnType<typeof buildProgram>, at: string) => {
      for (const o of cmd.options) if (!o.description) undocumented.push(`${at} ${o.flags}`);
      for (const c of cmd.commands) walk(c as ReturnType<typeof buildProgram>, `${at} ${c.name()}`);
    };
    walk(buildProgram(), "guardrails");
    expect(undocumented).toEqual([]);
  });
});
