/**
 * The offline engine: runs the real program (`createTenant`) in-process under Pulumi's mock
 * runtime with a recording monitor. No CLI, no credentials, no network.
 */
import * as pulumi from "@pulumi/pulumi";
import { onApplyFailure } from "../../components/failures";
import { createTenant } from "../../components/tenant";
import type { TenantProfile } from "../../model/profile/load";
import { createMocks } from "./mocks";
import { PROJECT } from "./project";
import { RecordingMonitor, type RecordedResource } from "./recordingMonitor";
import { SECRET_PLACEHOLDER } from "./values";

// Internal but stable since 2020; the Node SDK itself awaits it before exit.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const settings = require("@pulumi/pulumi/runtime/settings") as {
  setMockOptions(monitor: unknown, project: string, stack: string, preview: boolean): void;
  waitForRPCs(): Promise<void>;
};

// eslint-disable-next-line @typescript-eslint/no-require-imports
const debuggable = require("@pulumi/pulumi/runtime/debuggable") as { debuggablePromise<T>(p: Promise<T>, ctx?: unknown): Promise<T> };

export { PROJECT };

/**
 * Two things the SDK computes for every resource only for the engine's diagnostics, which an
 * offline run never shows: the registration's call sites (a full stack trace, formatted and parsed,
 * sent as source positions) and, for every promise it creates, a leak-detector entry (the runtime's
 * "promises were still active at exit" report; the watchdog covers a run that never finishes).
 * Together they were a tenth of a 195-policy plan (issue #15). Both are module members the SDK
 * looks up at each call, so they are swapped for the run and put back after; --debug keeps them.
 */
function withoutEngineDiagnostics(): () => void {
  const resource = pulumi.Resource as unknown as { callsites(): unknown[] };
  const { callsites } = resource;
  const { debuggablePromise } = debuggable;
  resource.callsites = () => [];
  debuggable.debuggablePromise = (p) => p;
  return () => {
    resource.callsites = callsites;
    debuggable.debuggablePromise = debuggablePromise;
  };
}

export interface ProgramRun {
  project: string;
  stack: string;
  resources: RecordedResource[];
}

export class ProgramError extends Error {}

/** How long the offline program may run before the watchdog stops it (a 195-policy plan takes ~3 s). */
export const WATCHDOG_SECONDS = 30;

let running = false;
let swallowing = false;

export interface RunOptions {
  /** Keep full stack traces (for --debug); otherwise they are switched off during the run. */
  keepStackTraces?: boolean;
}

export async function runProgram(profile: TenantProfile, opts: RunOptions = {}): Promise<ProgramRun> {
  if (running) throw new Error("runProgram: the Pulumi runtime is global; run one program at a time");
  running = true;
  // The SDK captures `new Error().stack` for every promise it creates, for leak diagnostics
  // only (runtime/debuggable.js); formatting those stacks was half the run time of a
  // 195-policy plan (BENCHMARKS.md). Offline, nobody reads them.
  const stackTraceLimit = Error.stackTraceLimit;
  const restoreDiagnostics = opts.keepStackTraces ? () => undefined : withoutEngineDiagnostics();
  if (!opts.keepStackTraces) Error.stackTraceLimit = 0;
  const failures: unknown[] = [];
  // Watchdog: the first failure inside the program (a rejected Output leaves its registrations
  // pending for ever) or a run past the deadline ends the run with a message, never a hang.
  let fail: (e: unknown) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => { fail = reject; });
  failed.catch(() => undefined);
  const onRejection = (e: unknown) => { failures.push(e); fail(e); };
  const seconds = Number(process.env.GUARDRAILS_WATCHDOG_SECONDS ?? WATCHDOG_SECONDS);
  const timer = setTimeout(() => fail(new ProgramError(`the program did not finish within ${seconds} s (watchdog; GUARDRAILS_WATCHDOG_SECONDS changes it)`)), seconds * 1000);
  timer.unref();
  process.on("unhandledRejection", onRejection);
  onApplyFailure((e) => fail(new ProgramError(e instanceof Error ? e.message : String(e))));
  try {
    const mocks = createMocks(profile.stack);
    await pulumi.runtime.setMocks(mocks, PROJECT, profile.stack, false);
    const monitor = new RecordingMonitor(mocks, PROJECT, profile.stack);
    settings.setMockOptions(monitor, PROJECT, profile.stack, false);
    // Secrets are never read offline; each present secret is a placeholder the plan shows as [secret].
    const secret = (key: string) => (profile.secretKeys.includes(key) ? pulumi.secret(SECRET_PLACEHOLDER) : undefined);
    createTenant(profile, {
      breakGlassPassword: profile.breakGlass.create ? secret("breakGlassPassword") : undefined,
      webhookUrls: { sev0: secret("sev0WebhookUrl"), sev1: secret("sev1WebhookUrl"), sev2: secret("sev2WebhookUrl") },
    });
    await Promise.race([settings.waitForRPCs(), failed]);
    // Let rejections raised by the last RPCs reach the handler.
    await new Promise((r) => setImmediate(r));
    if (failures.length > 0) {
      const e = failures[0];
      throw new ProgramError(e instanceof Error ? e.message : String(e));
    }
    return { project: PROJECT, stack: profile.stack, resources: [...monitor.recorded] };
  } catch (e) {
    // The failed program's other pending Outputs reject later; they are that same failure, already reported.
    if (!swallowing) { swallowing = true; process.on("unhandledRejection", () => undefined); }
    throw e;
  } finally {
    clearTimeout(timer);
    onApplyFailure(undefined);
    Error.stackTraceLimit = stackTraceLimit;
    restoreDiagnostics();
    process.off("unhandledRejection", onRejection);
    running = false;
  }
}
