import { Command, Option } from "commander";
import { estimateCost } from "../../model/logs/cost";
import { DEFAULT_PRICES, DEFAULT_VOLUMES } from "../../model/logs/costAssumptions";
import { effectiveRoutes } from "../../model/logs/routes";
import type { TenantProfile } from "../../model/profile/load";
import { coverageMatrix, stackPersonas } from "../../model/report/coverage";
import { EvidenceAccumulator } from "../../model/signins/evidence";
import { blastRadius } from "../../model/whatif/blastRadius";
import { stackBreakGlass, stackSyntheticDirectory } from "../../model/whatif/fromProfile";
import { maintenanceWindow } from "../../policies/rules/maintenanceWindow";
import { rolloutOrder } from "../../policies/rules/rolloutOrder";
import { openPackSession } from "../engine/policyRun";
import type { ReconciledConfig } from "../engine/policyConfig";
import { emit, loadProfile, UsageError } from "../io";
import { buildPlan, type PlanDocument } from "../plan/document";
import { reportHtml } from "../report/html";
import type { TimelineInput } from "../report/svg";
import { readSignInBatches } from "../signins/reader";
import { policiesAndLocationsOf, scenarioFromFile } from "../whatif/inputs";

interface Opts {
  stack?: string; configFile?: string; signins?: string[]; scenario: string; syntheticUsers: string; out?: string;
  policyPack: boolean; policyPackConfig?: string;
}

/** Rules whose violations refuse a policy's promotion (shown on the timeline). */
const PROMOTION_RULES = new Set(["rollout-order", "promotion-evidence", "new-policy-report-only", "canary-scope", "block-needs-longer-soak", "maintenance-window", "stale-report-only"]);
const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** A rule's setting as the pack's run reconciled it (defaults, initial config, --policy-pack-config); without the pack, the rule's default. */
function ruleSetting<T>(rule: { name: string; configSchema?: { properties?: Record<string, { default?: unknown }> } }, prop: string, reconciled: ReconciledConfig | undefined): T {
  return (reconciled?.[rule.name]?.properties[prop] ?? rule.configSchema?.properties?.[prop]?.default) as T;
}

function timelineOf(plan: PlanDocument, packConfig: ReconciledConfig | undefined): TimelineInput {
  const refused = new Map<string, Set<string>>();
  for (const v of plan.policyPack?.violations ?? []) if (PROMOTION_RULES.has(v.policy)) { let s = refused.get(v.resource); if (!s) refused.set(v.resource, (s = new Set())); s.add(v.policy); }
  return {
    rows: plan.conditionalAccess.map((p) => ({ key: p.key, label: p.displayName, stage: p.stage, since: p.since, refused: [...(refused.get(p.key) ?? [])].sort() })),
    today: new Date().toISOString().slice(0, 10),
    soakDays: { reportOnly: ruleSetting<number>(rolloutOrder, "reportOnlySoakDays", packConfig), canary: ruleSetting<number>(rolloutOrder, "canarySoakDays", packConfig) },
    maintenanceDays: ruleSetting<string[]>(maintenanceWindow, "days", packConfig).map((d) => DAY_NAMES.indexOf(d)).filter((d) => d >= 0),
  };
}

async function evidenceOf(files: string[], profile: TenantProfile, plan: PlanDocument) {
  const declared = plan.conditionalAccess.map((p) => ({ key: p.key, displayName: p.displayName }));
  const bg = stackBreakGlass(profile).users;
  const acc = new EvidenceAccumulator(declared, { ids: bg.map((u) => u.id.toLowerCase()), upns: bg.map((u) => u.userPrincipalName.toLowerCase()) });
  for await (const batch of readSignInBatches(files, { onSkipped: (m) => process.stderr.write(`guardrails: skipped ${m}\n`) })) for (const r of batch) acc.add(r);
  return acc.report();
}

export function reportCommand(): Command {
  return new Command("report")
    .description("One self-contained HTML report (no network, inline CSS and SVG, printable): coverage matrix, rollout timeline, blast radius, logs and alerts, the pack's verdicts, an applied incident and evidence")
    .option("-s, --stack <name>", "stack name: reads stacks/Pulumi.<name>.yaml")
    .option("-c, --config-file <path>", "any stack config file")
    .option("--signins <files...>", "sign-in exports: add the evidence figures")
    .option("--scenario <file>", "blast-radius scenario", "stacks/scenarios/april-2025.yaml")
    .option("--synthetic-users <n>", "synthetic directory size for the blast radius", "2000")
    .option("--policy-pack-config <file>", "JSON config for the policy pack (as pulumi --policy-pack-config)")
    .option("--no-policy-pack", "do not run the policy pack")
    .addOption(new Option("-o, --out <file>", "the HTML file to write (atomically)").makeOptionMandatory())
    .action(async (o: Opts) => {
      const profile = loadProfile(o);
      const users = Number(o.syntheticUsers);
      if (!Number.isInteger(users) || users <= 0) throw new UsageError(`--synthetic-users: '${o.syntheticUsers}' is not a positive whole number`);
      const scenario = scenarioFromFile(o.scenario);
      const pack = o.policyPack ? openPackSession(profile, o.policyPackConfig) : undefined;
      let plan: PlanDocument;
      let resources;
      let packConfig: ReconciledConfig | undefined;
      try {
        const { runProgram } = require("../engine/run") as typeof import("../engine/run");
        const run = await runProgram(profile);
        const report = pack ? await pack.report(run) : undefined;
        packConfig = report?.config;
        plan = buildPlan(profile, run, report);
        resources = run.resources;
      } finally {
        pack?.stop();
      }
      // The deployed policies and locations, as the program registered them: the report shows what would be deployed.
      const { policies, locations } = policiesAndLocationsOf(resources);
      const coverage = coverageMatrix(policies, locations, stackPersonas(profile), profile.namedLocations.allowedCountries?.countries[0]);
      const blast = blastRadius(policies, locations, stackSyntheticDirectory(profile, users), scenario, profile.breakGlass.accounts.map((a) => a.userPrincipalName));
      const cost = estimateCost(effectiveRoutes(profile.logs), profile.tenant.userCount ?? 10_000, DEFAULT_VOLUMES, DEFAULT_PRICES);
      const evidence = o.signins?.length ? await evidenceOf(o.signins, profile, plan) : undefined;
      const html = reportHtml({ plan, generated: new Date().toISOString().replace(/\.\d{3}Z$/, "Z"), coverage, timeline: timelineOf(plan, packConfig), blast, cost, evidence });
      emit(html, o.out);
      if (plan.policyPack && plan.policyPack.mandatory > 0) process.stderr.write(`guardrails: the pack reports ${plan.policyPack.mandatory} mandatory violation(s); see the report's "Policy pack" section\n`);
    });
}
