/**
 * `guardrails`: the offline command line of entra-guardrails. Exit codes: 0 success,
 * 1 mandatory policy violations, 2 bad input (one line naming file and key), 3 internal error.
 */
import { Command, CommanderError } from "commander";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { EXIT, isUserError, PROJECT_ROOT } from "./io";

function packageVersion(): string {
  return (JSON.parse(readFileSync(path.join(PROJECT_ROOT, "package.json"), "utf8")) as { version: string }).version;
}

/**
 * Each command's module, loaded only when that command runs: a plan does not load the sign-in
 * reader, triage or the report (issue #15: start-up is most of a plan's time). Help and unknown
 * commands load them all.
 */
const COMMANDS: [string, () => Command][] = [
  ["plan", () => (require("./commands/plan") as typeof import("./commands/plan")).planCommand()],
  ["diff", () => (require("./commands/diff") as typeof import("./commands/diff")).diffCommand()],
  ["whatif", () => (require("./commands/whatif") as typeof import("./commands/whatif")).whatifCommand()],
  ["drift", () => (require("./commands/drift") as typeof import("./commands/drift")).driftCommand()],
  ["import", () => (require("./commands/import") as typeof import("./commands/import")).importCommand()],
  ["evidence", () => (require("./commands/evidence") as typeof import("./commands/evidence")).evidenceCommand()],
  ["triage", () => (require("./commands/triage") as typeof import("./commands/triage")).triageCommand()],
  ["report", () => (require("./commands/report") as typeof import("./commands/report")).reportCommand()],
  ["signins", () => (require("./commands/signins") as typeof import("./commands/signins")).signinsCommand()],
  ["incident", () => (require("./commands/incident") as typeof import("./commands/incident")).incidentCommand()],
  ["cost", () => (require("./commands/cost") as typeof import("./commands/cost")).costCommand()],
  ["docs", () => (require("./commands/docs") as typeof import("./commands/docs")).docsCommand()],
  ["schema", () => (require("./commands/schema") as typeof import("./commands/schema")).schemaCommand()],
];

/** The program with every command, or, given the arguments, only the command they name (when they name one). */
export function buildProgram(argv?: readonly string[]): Command {
  const program = new Command("guardrails")
    .description("Conditional Access as code for Microsoft Entra ID: offline plan, diff and what-if")
    .version(packageVersion(), "-V, --version", "print the version")
    .option("--debug", "print stack traces on errors")
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  // The program's own options take no value, so the first word that is not an option names the command.
  const named = argv?.slice(2).find((a) => !a.startsWith("-"));
  const only = COMMANDS.find(([name]) => name === named);
  for (const [, make] of only ? [only] : COMMANDS) program.addCommand(make().exitOverride());
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram(argv);
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
