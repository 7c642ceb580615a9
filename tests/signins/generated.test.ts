/**
 * The seeded generator (issue #12, item 6) and the reader over what it writes: the same synthetic day
 * in every export format gives the same evidence (the portal CSV, which has no per-policy results,
 * the same totals).
 */
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { SIGNIN_FORMATS } from "../../model/signins/formats";
import { syntheticSignIns } from "../../model/signins/synthetic";
import { stackLocations, stackPolicies, stackSyntheticDirectory } from "../../model/whatif/fromProfile";
import { writeSignIns } from "../../cli/signins/write";
import { guardrailsInProcess } from "../helpers/inProcess";
import { profileVariant } from "../helpers/stacks";

const prod = profileVariant("prod");
const input = (users: number, seed = 7) => ({ policies: stackPolicies(prod), locations: stackLocations(prod), directory: stackSyntheticDirectory(prod, users, seed) });
const root = mkdtempSync(path.join(tmpdir(), "generated-"));

describe("syntheticSignIns", () => {
  test("the same seed gives the same records; another seed others", () => {
    const a = [...syntheticSignIns(input(50), { scenario: "normal", start: "2026-11-20", seed: 1, perUserPerDay: 4 })];
    const b = [...syntheticSignIns(input(50), { scenario: "normal", start: "2026-11-20", seed: 1, perUserPerDay: 4 })];
    const c = [...syntheticSignIns(input(50), { scenario: "normal", start: "2026-11-20", seed: 2, perUserPerDay: 4 })];
    expect(a).toEqual(b);
    expect(a).not.toEqual(c);
    expect(a.length).toBe(Math.round(52 * 4)); // 50 users plus the two break-glass accounts
  });

  test("a normal day: mostly non-interactive, time-ordered, every policy's result recorded", () => {
    const day = [...syntheticSignIns(input(200), { scenario: "normal", start: "2026-11-20", perUserPerDay: 10 })];
    const nonInteractive = day.filter((s) => s.isInteractive === false).length / day.length;
    expect(nonInteractive).toBeGreaterThan(0.65);
    expect(nonInteractive).toBeLessThan(0.85);
    const times = day.map((s) => s.createdDateTime as string);
    expect([...times].sort()).toEqual(times);
    expect(times[0] >= "2026-11-20T00:00:00.000Z" && times.at(-1)! < "2026-11-21T00:00:00.000Z").toBe(true);
    const declared = stackPolicies(prod).length;
    expect(day.every((s) => (s.appliedConditionalAccessPolicies as unknown[]).length === declared)).toBe(true);
  });

  test("april-2025: a six-hour wave of leakedCredentials at high risk with non-interactive 53003 failures", () => {
    const day = [...syntheticSignIns(input(300), { scenario: "april-2025", start: "2025-04-18", perUserPerDay: 10 })];
    const flagged = day.filter((s) => (s.riskEventTypes_v2 as string[]).includes("leakedCredentials"));
    expect(flagged.length).toBeGreaterThan(100);
    for (const s of flagged) {
      expect(s.riskLevelAggregated).toBe("high");
      const t = s.createdDateTime as string;
      expect(t >= "2025-04-18T04:00:00Z" && t < "2025-04-18T10:00:00Z").toBe(true);
    }
    const failedNonInteractive = flagged.filter((s) => s.isInteractive === false && (s.status as { errorCode: number }).errorCode === 53003);
    expect(failedNonInteractive.length).toBeGreaterThan(flagged.length / 2);
    const rate53003 = (xs: typeof day) => xs.filter((s) => (s.status as { errorCode: number }).errorCode === 53003).length / xs.length;
    const others = day.filter((s) => s.isInteractive === false && !flagged.includes(s));
    expect(rate53003(flagged.filter((s) => s.isInteractive === false))).toBeGreaterThan(5 * rate53003(others));
  });
});

describe("the same generated day in every format gives the same evidence", () => {
  const day = [...syntheticSignIns(input(60), { scenario: "normal", start: "2026-11-20", perUserPerDay: 3, seed: 11 })];
  const dirs: Record<string, string> = {};
  for (const format of SIGNIN_FORMATS) {
    dirs[format] = path.join(root, format);
    writeSignIns(day, { format, dir: dirs[format], pageSize: 50 });
  }
  dirs["graph-pages gzip"] = path.join(root, "pages-gz");
  writeSignIns(day, { format: "graph-pages", dir: dirs["graph-pages gzip"], gzip: true, pageSize: 70 });

  const evidence = async (dir: string) => {
    const r = await guardrailsInProcess("evidence", "--stack", "prod", "--signins", dir, "--format", "json", "--no-replay");
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
    return JSON.parse(r.stdout);
  };

  test("files written as each format names them", () => {
    expect(readdirSync(dirs["graph-pages"]).length).toBe(Math.ceil(day.length / 50));
    expect(readdirSync(dirs["la-csv"]).sort()).toEqual(["AADNonInteractiveUserSignInLogs.csv", "SigninLogs.csv"]);
    expect(readdirSync(dirs["portal-csv"]).sort()).toEqual(["InteractiveSignIns.csv", "NonInteractiveSignIns.csv"]);
    const header = readFileSync(path.join(dirs["portal-csv"], "InteractiveSignIns.csv"), "utf8").split("\r\n")[0];
    expect(header).toContain("Application ID ,");
    expect(header).toContain("Autonomous system  number");
    expect(readFileSync(path.join(dirs["la-csv"], "SigninLogs.csv"), "utf8")).toMatch(/\r\n"\d{1,2}\/\d{1,2}\/2026, \d{1,2}:\d{2}:\d{2}\.\d{3} (AM|PM)",/);
  });

  test.each(SIGNIN_FORMATS.filter((f) => f !== "graph-pages" && f !== "portal-csv").concat(["graph-pages gzip" as never]))("%s", async (format) => {
    const reference = await evidence(dirs["graph-pages"]);
    const got = await evidence(dirs[format]);
    expect(reference.signIns).toBe(day.length);
    expect(got.policies).toEqual(reference.policies);
    expect(got.breakGlass).toEqual(reference.breakGlass);
    expect([got.signIns, got.interactive, got.nonInteractive, got.span]).toEqual([reference.signIns, reference.interactive, reference.nonInteractive, reference.span]);
  });

  test("portal CSV: the same totals, no per-policy results", async () => {
    const reference = await evidence(dirs["graph-pages"]);
    const got = await evidence(dirs["portal-csv"]);
    expect([got.signIns, got.interactive, got.nonInteractive]).toEqual([reference.signIns, reference.interactive, reference.nonInteractive]);
    expect(got.withoutPolicyResults).toBe(day.length);
    expect(got.breakGlass.map((b: { account: string; signIns: number }) => [b.account, b.signIns])).toEqual(reference.breakGlass.map((b: { account: string; signIns: number }) => [b.account, b.signIns]));
  });
});

describe("reader threads", () => {
  const { spawnSync } = require("node:child_process") as typeof import("node:child_process");
  const run = (env: Record<string, string>, dir: string) => spawnSync(process.execPath, [path.join(__dirname, "../../cli/bin/guardrails.js"), "evidence", "--stack", "prod", "--signins", dir, "--format", "json"], {
    encoding: "utf8", env: { ...process.env, ...env },
  });
  test("the same figures and replay read by one thread or by two (files shared out, counters merged)", () => {
    const dir = path.join(root, "threads");
    const day = [...syntheticSignIns(input(80), { scenario: "april-2025", start: "2025-04-18", perUserPerDay: 5, seed: 3, disagreement: 0.05 })];
    writeSignIns(day, { format: "graph-pages", dir, pageSize: 40 });
    const one = run({ GUARDRAILS_WORKERS: "1" }, dir);
    const two = run({ GUARDRAILS_WORKERS: "2", GUARDRAILS_PARALLEL_MIN_BYTES: "0" }, dir);
    expect([one.status, one.stderr, two.status, two.stderr]).toEqual([0, "", 0, ""]);
    const a = JSON.parse(one.stdout), b = JSON.parse(two.stdout);
    expect(a.signIns).toBe(day.length);
    expect(a.replay.disagreements.length).toBe(50);
    expect(b).toEqual(a);
  }, 60_000);
});
