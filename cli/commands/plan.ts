import { Command, Option } from "commander";
import { runProgram } from "../engine/run";
import { emit, loadProfile } from "../io";
import { buildPlan } from "../plan/document";
import { renderPlan, type PlanFormat } from "../plan/render";

export function planCommand(): Command {
  return new Command("plan")
    .description("Run the program offline under Pulumi's mock runtime and print what the stack would deploy")
    .option("-s, --stack <name>", "stack name: reads stacks/Pulumi.<name>.yaml")
    .option("-c, --config-file <path>", "any stack config file (like pulumi --config-file)")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "markdown", "json"]).default("text"))
    .option("-o, --out <file>", "write to this file (atomically) instead of stdout")
    .action(async (opts: { stack?: string; configFile?: string; format: PlanFormat; out?: string }, cmd: Command) => {
      const profile = loadProfile(opts);
      const run = await runProgram(profile, { keepStackTraces: cmd.optsWithGlobals().debug === true });
      emit(renderPlan(buildPlan(profile, run), opts.format), opts.out);
    });
}
