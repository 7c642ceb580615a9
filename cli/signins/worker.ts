/** A sign-in reader thread (parallel.ts): reads its files, counts them, posts the counters back. */
import { parentPort, workerData } from "node:worker_threads";
import { EvidenceAccumulator } from "../../model/signins/evidence";
import { ReplayAccumulator } from "../../model/signins/replay";
import { isUserError } from "../io";
import type { WorkerJob, WorkerMessage } from "./parallel";
import { readSignInBatches } from "./reader";

async function run(job: WorkerJob): Promise<void> {
  const evidence = new EvidenceAccumulator(...job.evidence);
  const replay = job.replay ? new ReplayAccumulator(job.replay) : undefined;
  for await (const batch of readSignInBatches(job.files, { strict: job.strict, onSkipped: (m) => post({ skipped: m }) })) {
    for (const r of batch) {
      if (!evidence.inWindow(r)) continue;
      evidence.add(r);
      replay?.add(r);
    }
  }
  post({ done: true, evidence: evidence.snapshot(), replay: replay?.snapshot() });
}

const post = (m: WorkerMessage) => parentPort!.postMessage(m);

run(workerData as WorkerJob).catch((e: unknown) => post({ error: e instanceof Error ? e.message : String(e), usage: isUserError(e) }));
