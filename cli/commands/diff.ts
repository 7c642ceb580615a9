import { Command, Option } from "commander";
import { diffResources } from "../../model/diff/diff";
import { riskSummary } from "../../model/diff/risk";
import type { TenantProfile } from "../../model/profile/load";
import { exportSide, planSide, savedPlanSide, type DiffSide } from "../diff/sources";
import { renderDiffMarkdown, renderDiffText, type DiffDocument } from "../diff/render";
import { openPackSession } from "../engine/policyRun";
import { emit, EXIT, loadProfile, UsageError } from "../io";
import { buildPlan } from "../plan/document";

interface Opts {
  stack?: string; configFile?: string; against?: string; againstPlan?: string; againstExport?: string;
  format: "text" | "markdown" | "json"; out?: string; detailedExitcode?: boolean; policyPack: boolean; policyPackConfig?: string;
}

const GUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

/** Both sides' known ids → names (the new side's first), wherever they appear, e.g. inside KQL. */
function renamer(a: DiffSide, b: DiffSide): (s: string) => string {
  const names = new Map([...a.names, ...b.names]);
  return (s) => s.replace(GUID_IN_TEXT, (id) => names.get(id.toLowerCase()) ?? id);
}

export async function computeDiff(newProfile: TenantProfile, oldSide: (run: (p: TenantProfile) => Promise<DiffSide>) => Promise<DiffSide>, pack?: ReturnType<typeof openPackSession>): Promise<DiffDocument> {
  const { runProgram } = require("../engine/run") as typeof import("../engine/run");
  const newRun = await runProgram(newProfile);
  const report = pack ? await pack.report(newRun) : undefined;
  const after = planSide(newProfile, newRun);
  const before = await oldSide(async (p) => planSide(p, await runProgram(p)));
  const rename = renamer(before, after);
  const resources = diffResources(before.resources, after.resources, rename);
  const byKey = (side: DiffSide) => {
    const m = new Map(side.resources.map((r) => [r.urn.split("::").slice(2).join("::"), r.inputs]));
    return (key: string) => {
      const inputs = m.get(key);
      return inputs ? (JSON.parse(JSON.stringify(inputs, (_k, v) => (typeof v === "string" ? rename(v) : v))) as Record<string, unknown>) : undefined;
    };
  };
  const risk = riskSummary(resources, {
    newInputs: byKey(after),
    oldInputs: byKey(before),
    breakGlassNames: [...newProfile.breakGlass.accounts.map((a) => a.userPrincipalName), newProfile.breakGlass.exclusionGroup],
    canaryGroupNames: [newProfile.rollout.canaryGroup],
  });
  const policyPack = report ? buildPlan(newProfile, newRun, report).policyPack : undefined;
  if (policyPack && policyPack.mandatory > 0) risk.push(`policy pack: ${policyPack.mandatory} mandatory violation${policyPack.mandatory > 1 ? "s" : ""}`);
  return {
    from: before.label,
    to: after.label,
    summary: { create: resources.filter((r) => r.op === "create").length, update: resources.filter((r) => r.op === "update").length, delete: resources.filter((r) => r.op === "delete").length },
    risk,
    resources,
    ...(policyPack ? { policyPack } : {}),
  };
}

export function renderDiff(d: DiffDocument, format: Opts["format"]): string {
  return format === "json" ? JSON.stringify(d, null, 2) + "\n" : format === "markdown" ? renderDiffMarkdown(d) : renderDiffText(d);
}

export function diffCommand(): Command {
  return new Command("diff")
    .description("Property-level diff of a stack's plan against another stack, a saved plan or real Pulumi state, with a risk summary and the policy-pack verdicts")
    .option("-s, --stack <name>", "the new side: stacks/Pulumi.<name>.yaml")
    .option("-c, --config-file <path>", "the new side: any stack config file")
    .option("--against <stack>", "compare with another stack's plan (e.g. staging against prod)")
    .option("--against-plan <file>", "compare with a plan saved by `guardrails plan --format json`")
    .option("--against-export <file>", "compare with real state: `pulumi stack export` (deployment v3)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "markdown", "json"]).default("text"))
    .option("-o, --out <file>", "write to this file (atomically) instead of stdout")
    .option("--detailed-exitcode", "exit 0 when nothing changes, 2 when something does (1 on mandatory violations)")
    .option("--policy-pack-config <file>", "JSON config for the policy pack")
    .option("--no-policy-pack", "do not run the policy pack on the new side")
    .action(async (o: Opts) => {
      const sources = [o.against, o.againstPlan, o.againstExport].filter((x) => x !== undefined);
      if (sources.length !== 1) throw new UsageError("exactly one of --against <stack>, --against-plan <file> or --against-export <file> is required");
      const profile = loadProfile(o);
      const against = o.against ? loadProfile({ stack: o.against }) : undefined;
      const pack = o.policyPack ? openPackSession(profile, o.policyPackConfig) : undefined;
      try {
        const doc = await computeDiff(profile, async (plan) =>
          against ? plan(against) : o.againstPlan ? savedPlanSide(o.againstPlan, profile) : exportSide(o.againstExport!, profile), pack);
        emit(renderDiff(doc, o.format), o.out);
        if (doc.policyPack && doc.policyPack.mandatory > 0) process.exitCode = EXIT.violations;
        else if (o.detailedExitcode && doc.resources.length > 0) process.exitCode = EXIT.badInput;
      } finally {
        pack?.stop();
      }
    });
}
