import { Command, Option } from "commander";
import { openPackSession } from "../engine/policyRun";
import { emit, EXIT, loadProfile } from "../io";
import { buildPlan } from "../plan/document";
import { renderPlan, type PlanFormat } from "../plan/render";

export function planCommand(): Command {
  return new Command("plan")
    .description("Run the program offline under Pulumi's mock runtime and print what the stack would deploy")
    .option("-s, --stack <name>", "stack name: reads stacks/Pulumi.<name>.yaml")
    .option("-c, --config-file <path>", "any stack config file (like pulumi --config-file)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "markdown", "json"]).default("text"))
    .option("-o, --out <file>", "write to this file (atomically) instead of stdout")
    .option("--policy-pack-config <file>", "JSON config for the policy pack (as pulumi --policy-pack-config)")
    .option("--no-policy-pack", "do not run the policy pack")
    .action(async (opts: { stack?: string; configFile?: string; format: PlanFormat; out?: string; policyPack: boolean; policyPackConfig?: string }, cmd: Command) => {
      const profile = loadProfile(opts);
      // Start the pack process first: it needs nothing from the program, and loading the Pulumi SDK
      // here (engine/run) takes as long as the pack's own start-up.
      const pack = opts.policyPack ? openPackSession(profile, opts.policyPackConfig) : undefined;
      try {
        const { runProgram } = require("../engine/run") as typeof import("../engine/run");
        const run = await runProgram(profile, { keepStackTraces: cmd.optsWithGlobals().debug === true });
        const report = pack ? await pack.report(run) : undefined;
        const plan = buildPlan(profile, run, report);
        emit(renderPlan(plan, opts.format), opts.out);
        if (plan.policyPack && plan.policyPack.mandatory > 0) process.exitCode = EXIT.violations;
      } finally {
        pack?.stop();
      }
    });
}
