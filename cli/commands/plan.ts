import { Command, Option } from "commander";
import { defaultPackMode, openPackSession } from "../engine/policyRun";
import { mkdirSync } from "node:fs";
import * as path from "node:path";
import { CA_POLICY_TYPE, NAMED_LOCATION_TYPE, type AzureadCaPolicyArgs } from "../../model/azuread";
import { azureadToGraph } from "../../model/codec";
import { graphDocuments } from "../../model/graphExport";
import { namedLocationFromAzuread } from "../../model/whatif/fromTenant";
import type { ProgramRun } from "../engine/run";
import { emit, EXIT, loadProfile, UsageError, writeAtomic } from "../io";
import { buildPlan } from "../plan/document";
import { renderPlan, type PlanFormat } from "../plan/render";

/**
 * `--format graph --out <dir>`: the declared policies and named locations as Graph JSON, one file
 * each (ConditionalAccess/, NamedLocations/), ids as the plan has them (the mock's offline).
 */
function writeGraphFolder(run: ProgramRun, out: string | undefined): void {
  if (!out) throw new UsageError("--format graph writes a folder: --out <dir> is required");
  const objectId = (r: { wireOutputs?: Record<string, unknown> }) => String(r.wireOutputs?.objectId ?? "");
  const policies = run.resources.filter((r) => r.type === CA_POLICY_TYPE).map((r) => ({ id: objectId(r), ...azureadToGraph(r.inputs as unknown as AzureadCaPolicyArgs) }));
  const locations = run.resources.filter((r) => r.type === NAMED_LOCATION_TYPE).map((r) => namedLocationFromAzuread(r.inputs, objectId(r)));
  const docs = graphDocuments(policies, locations);
  for (const d of docs) {
    const file = path.join(out, d.file);
    try {
      mkdirSync(path.dirname(file), { recursive: true });
    } catch (e) {
      throw new UsageError(`${out}: cannot create the folder (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
    }
    writeAtomic(file, JSON.stringify(d.json, null, 2) + "\n");
  }
  process.stderr.write(`guardrails: wrote ${policies.length} policies and ${locations.length} named locations as Graph JSON to ${out}\n`);
}

export function planCommand(): Command {
  return new Command("plan")
    .description("Run the program offline under Pulumi's mock runtime and print what the stack would deploy")
    .option("-s, --stack <name>", "stack name: reads stacks/Pulumi.<name>.yaml")
    .option("-c, --config-file <path>", "any stack config file (like pulumi --config-file)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "markdown", "json", "graph"]).default("text"))
    .option("-o, --out <file>", "write to this file (atomically) instead of stdout; with --format graph, the folder to write")
    .option("--policy-pack-config <file>", "JSON config for the policy pack (as pulumi --policy-pack-config)")
    .option("--no-policy-pack", "do not run the policy pack")
    .option("--pack-process", "run the policy pack in its own Node process with run-policy-pack, as the Pulumi CLI does (default: in this process; also GUARDRAILS_PACK=process)")
    .action(async (opts: { stack?: string; configFile?: string; format: PlanFormat | "graph"; out?: string; policyPack: boolean; policyPackConfig?: string; packProcess?: boolean }, cmd: Command) => {
      if (opts.format === "graph" && !opts.out) throw new UsageError("--format graph writes a folder: --out <dir> is required");
      const profile = loadProfile(opts);
      // Start the pack process first: it needs nothing from the program, and loading the Pulumi SDK
      // here (engine/run) takes as long as the pack's own start-up.
      const pack = opts.policyPack ? openPackSession(profile, opts.policyPackConfig, opts.packProcess ? "process" : defaultPackMode()) : undefined;
      try {
        const { runProgram } = require("../engine/run") as typeof import("../engine/run");
        const run = await runProgram(profile, { keepStackTraces: cmd.optsWithGlobals().debug === true });
        const report = pack ? await pack.report(run) : undefined;
        const plan = buildPlan(profile, run, report);
        if (opts.format === "graph") writeGraphFolder(run, opts.out);
        else emit(renderPlan(plan, opts.format), opts.out);
        if (plan.policyPack && plan.policyPack.mandatory > 0) process.exitCode = EXIT.violations;
      } finally {
        pack?.stop();
      }
    });
}
