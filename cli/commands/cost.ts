import { Command, Option } from "commander";
import { readFileSync } from "node:fs";
import { parse } from "yaml";
import { z } from "zod";
import { CATEGORY_NAMES, type Category } from "../../model/logs/categories";
import { estimateCost, type CostEstimate } from "../../model/logs/cost";
import { DEFAULT_PRICES, DEFAULT_VOLUMES, type PriceTable, type VolumeAssumption } from "../../model/logs/costAssumptions";
import { effectiveRoutes } from "../../model/logs/routes";
import { emit, loadProfile, UsageError } from "../io";

const DEFAULT_USERS = 10_000;

const assumptionsSchema = z.strictObject({
  prices: z.strictObject({
    asOf: z.string().optional(),
    source: z.string().optional(),
    currency: z.string().optional(),
    ingestionPerGb: z.strictObject({ Analytics: z.number().nonnegative(), Basic: z.number().nonnegative(), Auxiliary: z.number().nonnegative() }).partial().optional(),
    interactiveRetentionPerGbMonth: z.number().nonnegative().optional(),
    longTermRetentionPerGbMonth: z.number().nonnegative().optional(),
    includedAnalyticsRetentionDays: z.number().int().nonnegative().optional(),
  }).optional(),
  volumes: z.partialRecord(z.enum(CATEGORY_NAMES as [string, ...string[]]), z.strictObject({
    eventsPerUserPerDay: z.number().nonnegative().optional(),
    kbPerEvent: z.number().positive().optional(),
  })).optional(),
});

function loadAssumptions(file: string | undefined): { prices: PriceTable; volumes: Record<Category, VolumeAssumption> } {
  if (!file) return { prices: DEFAULT_PRICES, volumes: DEFAULT_VOLUMES };
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`${file}: cannot read the assumptions file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message.split("\n")[0]})`);
  }
  const r = assumptionsSchema.safeParse(raw ?? {});
  if (!r.success) {
    const i = r.error.issues[0];
    throw new UsageError(`${file}: ${i.path.join(".") || "(root)"}: ${i.message}`);
  }
  const prices: PriceTable = { ...DEFAULT_PRICES, ...r.data.prices, ingestionPerGb: { ...DEFAULT_PRICES.ingestionPerGb, ...r.data.prices?.ingestionPerGb } };
  const volumes = { ...DEFAULT_VOLUMES };
  for (const [c, v] of Object.entries(r.data.volumes ?? {})) volumes[c as Category] = { ...volumes[c as Category], ...v, basis: `override from ${file}` };
  return { prices, volumes };
}

const cents = (n: number) => Math.round(n * 100) / 100;

/** Money to the cent, volumes to 0.01 GB, the ratio to 3 places: what a reader or a dashboard can use. */
function roundedForJson(e: CostEstimate): CostEstimate {
  const lines = e.lines.map((l) => ({ ...l, gbPerMonth: cents(l.gbPerMonth), monthly: cents(l.monthly), monthlyAllAnalytics: cents(l.monthlyAllAnalytics) }));
  // Totals are the sums of the rounded lines, so the JSON adds up as a reader checks it.
  const total = cents(lines.reduce((s, l) => s + l.monthly, 0));
  const totalAllAnalytics = cents(lines.reduce((s, l) => s + l.monthlyAllAnalytics, 0));
  return { ...e, lines, total, totalAllAnalytics, ratio: Math.round((total / totalAllAnalytics) * 1000) / 1000 };
}

const money = (n: number) => n.toLocaleString("en-US", { maximumFractionDigits: 0 });

function renderText(e: CostEstimate, stack: string): string {
  const rows = e.lines.map((l) => [l.table, l.plan, l.gbPerMonth.toFixed(1), money(l.monthly), money(l.monthlyAllAnalytics)]);
  const head = ["Table", "Plan", "GB/month", `Split ${e.prices.currency}/month`, `All-Analytics ${e.prices.currency}/month`];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const fmt = (r: string[]) => r.map((c, i) => (i < 2 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ");
  return [
    `Monthly log ingestion and retention estimate · stack ${stack} · ${e.users.toLocaleString("en-US")} users`,
    `Prices: ${e.prices.source}, as of ${e.prices.asOf}. Volumes: per-user assumptions (README "Cost model").`,
    "",
    fmt(head),
    ...rows.map(fmt),
    "",
    fmt(["Total", "", e.lines.reduce((s, l) => s + l.gbPerMonth, 0).toFixed(1), money(e.total), money(e.totalAllAnalytics)]),
    `Split ÷ all-Analytics: ${e.ratio.toFixed(2)}`,
  ].join("\n") + "\n";
}

export function costCommand(): Command {
  return new Command("cost")
    .description("Estimate monthly Log Analytics cost of the stack's log split versus everything on Analytics")
    .option("-s, --stack <name>", "stack name: reads stacks/Pulumi.<name>.yaml")
    .option("-c, --config-file <path>", "any stack config file")
    .option("-u, --users <n>", "member users (default: guardrails:tenant.userCount, else 10000)")
    .option("-a, --assumptions <file>", "YAML overriding prices and per-user volumes")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("-o, --out <file>", "write to this file (atomically) instead of stdout")
    .action((opts: { stack?: string; configFile?: string; users?: string; assumptions?: string; format: "text" | "json"; out?: string }) => {
      const profile = loadProfile(opts);
      const users = opts.users === undefined ? profile.tenant.userCount ?? DEFAULT_USERS : Number(opts.users);
      if (!Number.isInteger(users) || users <= 0) throw new UsageError(`--users: '${opts.users}' is not a positive whole number`);
      const { prices, volumes } = loadAssumptions(opts.assumptions);
      const estimate = estimateCost(effectiveRoutes(profile.logs), users, volumes, prices);
      emit(opts.format === "json" ? JSON.stringify({ stack: profile.stack, ...roundedForJson(estimate) }, null, 2) + "\n" : renderText(estimate, profile.stack), opts.out);
    });
}
