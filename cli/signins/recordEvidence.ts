/**
 * `evidence --record`: writes `guardrails:rollout.policies.<key>.evidence` into the stack file. The
 * YAML document is edited in place (comments, order and scalar styles kept); the result is parsed
 * back and must equal the old config plus the evidence, else nothing is written.
 */
import { isDeepStrictEqual } from "node:util";
import { isMap, parseDocument } from "yaml";
import type { EvidenceRecord } from "../../model/signins/promotion";
import { quoteDates, readStackText, writeStackFileInPlace } from "../incident/stackFile";
import { UsageError } from "../io";

const ROLLOUT = "guardrails:rollout";

/** The stack file's text with each policy's evidence set (replacing any earlier evidence). */
export function withEvidence(text: string, evidence: Readonly<Record<string, EvidenceRecord>>, file: string): string {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) throw new UsageError(`${file}: invalid YAML (${doc.errors[0].message.split("\n")[0]})`);
  const expected = doc.toJS() as { config?: Record<string, { policies?: Record<string, Record<string, unknown>> }> };
  for (const [key, record] of Object.entries(evidence)) {
    const path = ["config", ROLLOUT, "policies", key];
    const entry = doc.getIn(path, true);
    if (!isMap(entry)) throw new UsageError(`${file}: ${ROLLOUT}.policies.${key}: no rollout entry to record evidence in`);
    entry.set("evidence", quoteDates(doc.createNode(record)));
    expected.config![ROLLOUT].policies![key].evidence = structuredClone(record);
  }
  const out = doc.toString({ lineWidth: 0, flowCollectionPadding: false });
  const reparsed = parseDocument(out);
  if (reparsed.errors.length > 0 || !isDeepStrictEqual(JSON.parse(JSON.stringify(reparsed.toJS())), JSON.parse(JSON.stringify(expected)))) {
    throw new UsageError(`${file}: the evidence could not be written without changing other settings; nothing was written`);
  }
  return out;
}

export function recordEvidence(file: string, evidence: Readonly<Record<string, EvidenceRecord>>): void {
  const text = readStackText(file);
  writeStackFileInPlace(file, withEvidence(text, evidence, file));
}

