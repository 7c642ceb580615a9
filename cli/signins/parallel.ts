/**
 * Reading sign-in exports on several cores: files are shared out to worker threads by size, each
 * worker reads and counts its files with its own accumulators, and the main thread merges their
 * counters (the accumulators' `merge` equals one pass over all files). Used for many files and much
 * data (Graph pages, daily exports); a single file is read by one thread, in constant memory.
 */
import { existsSync, statSync } from "node:fs";
import { availableParallelism } from "node:os";
import * as path from "node:path";
import { Worker } from "node:worker_threads";
import type { EvidenceAccumulator, EvidenceSnapshot } from "../../model/signins/evidence";
import type { ReplayAccumulator, ReplaySnapshot } from "../../model/signins/replay";
import { PROJECT_ROOT, UsageError } from "../io";

/** Below this much data the threads' start-up (about 100 ms each) costs more than it saves. */
const MIN_PARALLEL_BYTES = Number(process.env.GUARDRAILS_PARALLEL_MIN_BYTES ?? 64 * 2 ** 20);
export const WORKER_SCRIPT = path.join(PROJECT_ROOT, "dist", "cli", "signins", "worker.js");

export interface WorkerJob {
  files: string[];
  strict: boolean;
  evidence: ConstructorParameters<typeof EvidenceAccumulator>;
  replay?: ConstructorParameters<typeof ReplayAccumulator>[0];
}

export type WorkerMessage =
  | { skipped: string }
  | { done: true; evidence: EvidenceSnapshot; replay?: ReplaySnapshot }
  | { error: string; usage: boolean };

/** How many threads to use for these files (1: read them here). `GUARDRAILS_WORKERS` overrides. */
export function workerCount(files: readonly string[]): number {
  if (!existsSync(WORKER_SCRIPT)) return 1;
  const wanted = process.env.GUARDRAILS_WORKERS !== undefined ? Number(process.env.GUARDRAILS_WORKERS) : availableParallelism();
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0);
  if (!(wanted > 1) || files.length < 2 || bytes < MIN_PARALLEL_BYTES) return 1;
  return Math.min(Math.floor(wanted), files.length);
}

/** Files shared out by size, largest first, each to the least loaded thread. */
function shares(files: readonly string[], n: number): string[][] {
  const out = Array.from({ length: n }, () => ({ bytes: 0, files: [] as string[] }));
  for (const f of [...files].map((f) => ({ f, size: statSync(f).size })).sort((a, b) => b.size - a.size || a.f.localeCompare(b.f))) {
    const least = out.reduce((a, b) => (b.bytes < a.bytes ? b : a));
    least.files.push(f.f);
    least.bytes += f.size;
  }
  return out.map((s) => s.files.sort()).filter((s) => s.length > 0);
}

export async function readInParallel(
  files: readonly string[], n: number, job: Omit<WorkerJob, "files">,
  into: { evidence: EvidenceAccumulator; replay?: ReplayAccumulator }, onSkipped: (m: string) => void,
): Promise<void> {
  const results = await Promise.all(shares(files, n).map((part) => new Promise<{ evidence: EvidenceSnapshot; replay?: ReplaySnapshot }>((resolve, reject) => {
    const w = new Worker(WORKER_SCRIPT, { workerData: { ...job, files: part } satisfies WorkerJob });
    w.on("message", (m: WorkerMessage) => {
      if ("skipped" in m) onSkipped(m.skipped);
      else if ("error" in m) reject(m.usage ? new UsageError(m.error) : new Error(m.error));
      else resolve(m);
    });
    w.on("error", reject);
    w.on("exit", (code) => { if (code !== 0) reject(new Error(`sign-in reader thread exited with code ${code}`)); });
  })));
  for (const r of results) {
    into.evidence.merge(r.evidence);
    if (into.replay && r.replay) into.replay.merge(r.replay);
  }
}
