import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { guardrails } from "../helpers/cli";

describe("guardrails cost (subprocess)", () => {
  test("prod: the split costs at most 0.4 × all-Analytics (default assumptions)", () => {
    const r = guardrails("cost", "--stack", "prod", "--format", "json");
    expect(r.status).toBe(0);
    const e = JSON.parse(r.stdout);
    expect(e.users).toBe(12000);
    expect(e.lines).toHaveLength(13);
    expect(e.ratio).toBeLessThanOrEqual(0.4);
    expect(e.total).toBeCloseTo(e.lines.reduce((s: number, l: { monthly: number }) => s + l.monthly, 0), 6);
  });

  test("text output has a row per table and the ratio; --users overrides", () => {
    const r = guardrails("cost", "--stack", "staging", "--users", "5000");
    expect(r.status).toBe(0);
    expect(r.stdout).toContain("· 5,000 users");
    expect(r.stdout).toMatch(/^AADNonInteractiveUserSignInLogs\s+Basic\s+/m);
    expect(r.stdout).toMatch(/^Split ÷ all-Analytics: 0\.\d\d$/m);
  });

  test("--assumptions overrides prices and volumes; bad input exits 2 naming file and key", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "cost-"));
    const good = path.join(dir, "a.yaml");
    writeFileSync(good, "prices:\n  ingestionPerGb:\n    Basic: 2.3\nvolumes:\n  NonInteractiveUserSignInLogs:\n    eventsPerUserPerDay: 0\n");
    const e = JSON.parse(guardrails("cost", "--stack", "prod", "--format", "json", "--assumptions", good).stdout);
    expect(e.prices.ingestionPerGb).toEqual({ Analytics: 2.3, Basic: 2.3, Auxiliary: 0.05 });
    expect(e.lines.find((l: { table: string }) => l.table === "AADNonInteractiveUserSignInLogs").gbPerMonth).toBe(0);
    const bad = path.join(dir, "b.yaml");
    writeFileSync(bad, "volumes:\n  SignInLogs:\n    eventsPerUserPerDay: -1\n");
    const r = guardrails("cost", "--stack", "prod", "--assumptions", bad);
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`guardrails: ${bad}: volumes.SignInLogs.eventsPerUserPerDay: Too small: expected number to be >=0\n`);
    expect(guardrails("cost", "--stack", "prod", "--users", "lots").status).toBe(2);
  });
});

describe("secrets never appear in plan output", () => {
  test.each(["text", "markdown", "json"])("%s", (format) => {
    const r = guardrails("plan", "--stack", "prod", "--format", format);
    expect(r.status).toBe(0);
    // The stack file holds ciphertexts only; neither they nor any decrypted value may be printed.
    expect(r.stdout).not.toContain("EXAMPLEONLY");
    expect(r.stdout).not.toContain("ZXhhbXBsZS1zZXYw");
    if (format === "json") {
      const plan = JSON.parse(r.stdout);
      const ag = plan.resources.find((x: { name: string }) => x.name === "ag-sev0");
      expect(ag.inputs.webhookReceivers[0].serviceUri).toBe("[secret]");
    }
  });
});
