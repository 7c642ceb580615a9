import { renameSync, rmSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { PROJECT_ROOT } from "../model/paths";
import { ConfigError, loadProfileFile, stackConfigPath, type TenantProfile } from "../model/profile/load";

/** Documented exit codes (README "Exit codes"); `changes` only with `diff --detailed-exitcode`. */
export const EXIT = { ok: 0, violations: 1, badInput: 2, internal: 3, changes: 4 } as const;

/** A user error: printed as one line, exit 2. */
export class UsageError extends Error {}

export { PROJECT_ROOT } from "../model/paths";

/** Writes the whole file or nothing: a temp file in the same directory, then an atomic rename. */
export function writeAtomic(file: string, content: string): void {
  const tmp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    writeFileSync(tmp, content);
    renameSync(tmp, file);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw new UsageError(`${file}: cannot write --out file (${(e as NodeJS.ErrnoException).code ?? String(e)})`);
  }
}

/** Prints, or writes `--out` atomically and says so in one line on stderr (stdout stays clean for pipes). */
export function emit(content: string, out: string | undefined): void {
  if (out) {
    writeAtomic(out, content);
    process.stderr.write(`guardrails: wrote ${out} (${Buffer.byteLength(content)} bytes)\n`);
  } else process.stdout.write(content);
}

export interface StackOptions {
  stack?: string;
  configFile?: string;
}

/** `--stack <name>` reads stacks/Pulumi.<name>.yaml; `--config-file <path>` any stack config file. */
export function loadProfile(opts: StackOptions): TenantProfile {
  if (opts.stack && opts.configFile) throw new UsageError("use either --stack or --config-file, not both");
  if (opts.configFile) return loadProfileFile(opts.configFile);
  if (!opts.stack) throw new UsageError("--stack <name> or --config-file <path> is required");
  if (!/^[A-Za-z0-9_.-]+$/.test(opts.stack)) throw new UsageError(`--stack: '${opts.stack}' is not a valid stack name`);
  return loadProfileFile(path.relative(process.cwd(), stackConfigPath(PROJECT_ROOT, opts.stack)) || stackConfigPath(PROJECT_ROOT, opts.stack), opts.stack);
}

export function isUserError(e: unknown): e is Error {
  return e instanceof UsageError || e instanceof ConfigError;
}
