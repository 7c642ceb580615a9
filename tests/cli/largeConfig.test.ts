/** A config too large for one environment variable still reaches the pack (issue #10: spawn E2BIG). */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parse, stringify } from "yaml";
import { write195PolicyStack } from "../../bench/generate";
import { guardrails } from "../helpers/cli";
import { ROOT } from "../helpers/stacks";

test("195 policies and a 3,000-user directory: plan runs the pack (config passed in a file, not the environment)", () => {
  const file = path.join(mkdtempSync(path.join(tmpdir(), "large-")), "Pulumi.large.yaml");
  write195PolicyStack(ROOT, file);
  const doc = parse(readFileSync(file, "utf8")) as { config: Record<string, any> };
  for (let i = 0; i < 3000; i++) doc.config["guardrails:directory"].users[`user${i}@contoso.example`] = `eeeeeeee-0099-4000-8000-${String(i).padStart(12, "0")}`;
  writeFileSync(file, stringify(doc));
  expect(statSync(file).size).toBeGreaterThan(200 * 1024);
  const r = guardrails("plan", "--config-file", file, "--format", "json");
  expect(r.stderr).not.toContain("E2BIG");
  expect([0, 1]).toContain(r.status);
  const plan = JSON.parse(r.stdout);
  expect(plan.conditionalAccess).toHaveLength(195);
  expect(plan.policyPack.rules).toBeGreaterThan(10);
  expect(plan.policyPack.violations.some((v: { message: string }) => v.message.startsWith("cannot evaluate"))).toBe(false);
}, 120_000);
