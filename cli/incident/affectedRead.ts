/** Reads the exports once for `incident runbook --signins`: the wave's users, and triage to tell dismiss from reset. */
import { IpOwners } from "../../model/triage/networks";
import { TriageAccumulator } from "../../model/triage/triage";
import { readSignInBatches } from "../signins/reader";
import { serviceTagsFile } from "../triage/serviceTags";
import { AffectedUsers, renderAffected, type WaveDetection } from "./affected";

export async function affectedFromExports(files: string[], detection: WaveDetection, window: { from: string; to: string }, serviceTags?: string): Promise<string> {
  const affected = new AffectedUsers(detection);
  const triage = new TriageAccumulator(new IpOwners(serviceTagsFile(serviceTags), []), { window });
  for await (const batch of readSignInBatches(files, { onSkipped: (m) => process.stderr.write(`guardrails: skipped ${m}\n`) })) {
    for (const r of batch) {
      if (!triage.inWindow(r)) continue;
      affected.add(r);
      triage.add(r);
    }
  }
  return renderAffected(detection, affected.list(triage.report(0)));
}
