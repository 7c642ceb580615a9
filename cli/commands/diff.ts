import { Command, Option } from "commander";
import { diffResources, normalize, resourceKey } from "../../model/diff/diff";
import { own } from "../../model/own";
import { contentOf, labeler, labelLeaves, REF } from "../diff/annotate";
import { riskSummary } from "../../model/diff/risk";
import type { TenantProfile } from "../../model/profile/load";
import { exportSide, planSide, savedPlanSide, type DiffSide } from "../diff/sources";
import { renderDiffMarkdown, renderDiffText, type DiffDocument } from "../diff/render";
import { openPackSession } from "../engine/policyRun";
import type { ProgramRun } from "../engine/run";
import { emit, EXIT, loadProfile, UsageError } from "../io";
import { buildPlan } from "../plan/document";

interface Opts {
  stack?: string; configFile?: string; against?: string; againstPlan?: string; againstExport?: string;
  format: "text" | "markdown" | "json"; out?: string; detailedExitcode?: boolean; matchByName?: boolean; policyPack: boolean; policyPackConfig?: string;
}

const GUID_IN_TEXT = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;

export interface DiffOptions {
  /** Two tenants: ids are replaced by the names each side gives them before comparing. */
  matchByName?: boolean;
  /** Told each side's program run, so a caller that needs the resources again (incident plan) runs nothing twice. */
  onRun?: (side: "new" | "old", run: ProgramRun) => void;
}

/** A side's canonical strings: its own resources' ids as references; by name, also every known id as its name. */
function canonFor(side: DiffSide, matchByName: boolean): (s: string) => string {
  return (s) => {
    const own = side.ownIds.get(s.toLowerCase());
    if (own) return REF + own;
    return matchByName ? s.replace(GUID_IN_TEXT, (id) => side.names.get(id.toLowerCase()) ?? id) : s;
  };
}

function breakGlassValues(p: TenantProfile): Set<string> {
  const ids = [...p.breakGlass.accounts.flatMap((a) => (a.objectId ? [a.objectId] : [])), own(p.directory.groups, p.breakGlass.exclusionGroup) ?? ""];
  return new Set([...ids, ...p.breakGlass.accounts.map((a) => a.userPrincipalName), p.breakGlass.exclusionGroup].filter(Boolean).map((v) => v.toLowerCase()));
}

export async function computeDiff(newProfile: TenantProfile, oldSide: (run: (p: TenantProfile) => Promise<DiffSide>) => Promise<DiffSide>, pack?: ReturnType<typeof openPackSession>, opts: DiffOptions = {}): Promise<DiffDocument> {
  const { runProgram } = require("../engine/run") as typeof import("../engine/run");
  const newRun = await runProgram(newProfile);
  opts.onRun?.("new", newRun);
  const report = pack ? await pack.report(newRun) : undefined;
  const after = planSide(newProfile, newRun);
  let oldProfile: TenantProfile | undefined;
  const before = await oldSide(async (p) => {
    oldProfile = p;
    const run = await runProgram(p);
    opts.onRun?.("old", run);
    return planSide(p, run);
  });
  const matchByName = opts.matchByName === true;
  const canonOld = canonFor(before, matchByName);
  const canonNew = canonFor(after, matchByName);
  const names = labeler(before, after);
  const resources = diffResources(before.resources, after.resources, { canonOld, canonNew }).map((c) => {
    if (c.op === "update") return { ...c, changes: labelLeaves(c.changes, names) };
    const [side, canon, label] = c.op === "create" ? [after, canonNew, names.after] : [before, canonOld, names.before];
    const r = side.resources.find((x) => resourceKey(x.urn) === c.key)!;
    return { ...c, content: contentOf(c.type, r.inputs, side, (v) => label(canon(v))) };
  });
  const inputsOf = (side: DiffSide, canon: (s: string) => string) => {
    const m = new Map(side.resources.map((r) => [resourceKey(r.urn), r]));
    return {
      get: (key: string) => { const r = m.get(key); return r ? (normalize(r.inputs, canon) ?? {}) as Record<string, unknown> : undefined; },
      ofType: (type: string) => side.resources.filter((r) => r.type === type).map((r) => ({ key: resourceKey(r.urn), name: r.name, inputs: (normalize(r.inputs, canon) ?? {}) as Record<string, unknown> })),
    };
  };
  const oldInputs = inputsOf(before, canonOld);
  const newInputs = inputsOf(after, canonNew);
  const breakGlass = new Set([...breakGlassValues(newProfile), ...(oldProfile ? breakGlassValues(oldProfile) : [])]);
  const canary = new Set([newProfile, oldProfile].flatMap((p) => (p ? [p.rollout.canaryGroup, own(p.directory.groups, p.rollout.canaryGroup) ?? ""] : [])).filter(Boolean).map((v) => v.toLowerCase()));
  const risk = riskSummary(resources, {
    newInputs: newInputs.get,
    oldInputs: oldInputs.get,
    newOfType: newInputs.ofType,
    oldOfType: oldInputs.ofType,
    isBreakGlass: (v) => breakGlass.has(v.toLowerCase()),
    isCanaryGroup: (v) => canary.has(v.toLowerCase()),
    label: (v) => names.after(v) ?? names.before(v) ?? v,
  });
  const policyPack = report ? buildPlan(newProfile, newRun, report).policyPack : undefined;
  if (policyPack && policyPack.mandatory > 0) risk.push(`policy pack: ${policyPack.mandatory} mandatory violation${policyPack.mandatory > 1 ? "s" : ""}`);
  return {
    from: before.label,
    to: after.label,
    matchBy: matchByName ? "name" : "id",
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
    .option("--match-by-name", "compare two different tenants (e.g. staging with prod): ids are matched by the names each stack gives them; the header says so")
    .option("--detailed-exitcode", `exit ${EXIT.ok} when nothing changes and ${EXIT.changes} when something does (${EXIT.violations}: mandatory violations, ${EXIT.badInput}: bad input, ${EXIT.internal}: internal error)`)
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
          against ? plan(against) : o.againstPlan ? savedPlanSide(o.againstPlan, profile) : exportSide(o.againstExport!, profile), pack, { matchByName: o.matchByName });
        emit(renderDiff(doc, o.format), o.out);
        if (doc.policyPack && doc.policyPack.mandatory > 0) process.exitCode = EXIT.violations;
        else if (o.detailedExitcode && doc.resources.length > 0) process.exitCode = EXIT.changes;
      } finally {
        pack?.stop();
      }
    });
}
