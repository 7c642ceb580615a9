/**
 * `guardrails`: the offline command line of entra-guardrails. Exit codes: 0 success,
 * 1 mandatory policy violations, 2 bad input (one line naming file and key), 3 internal error.
 */
import { Command, CommanderError } from "commander";
import { costCommand } from "./commands/cost";
import { diffCommand } from "./commands/diff";
import { driftCommand } from "./commands/drift";
import { evidenceCommand } from "./commands/evidence";
import { triageCommand } from "./commands/triage";
import { reportCommand } from "./commands/report";
import { docsCommand } from "./commands/docs";
import { importCommand } from "./commands/import";
import { incidentCommand } from "./commands/incident";
import { planCommand } from "./commands/plan";
import { schemaCommand } from "./commands/schema";
import { signinsCommand } from "./commands/signins";
import { whatifCommand } from "./commands/whatif";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { EXIT, isUserError, PROJECT_ROOT } from "./io";

function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

export function buildProgram(): Command {
  const program = new Command("guardrails")
    .description("Conditional Access as code for Microsoft Entra ID: offline plan, diff and what-if")
    .version(packageVersion(), "-V, --version", "print the version")
    .option("--debug", "print stack traces on errors")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  program.addCommand(planCommand().exitOverride());
  program.addCommand(diffCommand().exitOverride());
  program.addCommand(whatifCommand().exitOverride());
  program.addCommand(driftCommand().exitOverride());
  program.addCommand(importCommand().exitOverride());
  program.addCommand(evidenceCommand().exitOverride());
  program.addCommand(triageCommand().exitOverride());
  program.addCommand(reportCommand().exitOverride());
  program.addCommand(signinsCommand().exitOverride());
  program.addCommand(incidentCommand().exitOverride());
  program.addCommand(costCommand().exitOverride());
  program.addCommand(docsCommand().exitOverride());
  program.addCommand(schemaCommand().exitOverride());
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  const debug = argv.includes("--debug");
  try {
    await program.parseAsync(argv);
    // A command may set a non-zero exit code after printing its result (e.g. mandatory violations).
    return typeof process.exitCode === "number" ? process.exitCode : EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version "fail" with exit code 0; usage errors were already printed by commander.
      return e.exitCode === 0 ? EXIT.ok : EXIT.badInput;
    }
    if (isUserError(e)) {
      process.stderr.write(`guardrails: ${e.message}\n`);
      if (debug) process.stderr.write(`${e.stack}\n`);
      return EXIT.badInput;
    }
    process.stderr.write(`guardrails: internal error: ${e instanceof Error ? e.message : String(e)}\n`);
    if (debug && e instanceof Error) process.stderr.write(`${e.stack}\n`);
    else process.stderr.write("(run with --debug for a stack trace)\n");
    return EXIT.internal;
  }
}
