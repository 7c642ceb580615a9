/** `evidence --record` writes only the evidence into the stack file, or nothing. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { withEvidence } from "../../cli/signins/recordEvidence";
import type { EvidenceRecord } from "../../model/signins/promotion";
import { loadProfileText } from "../../model/profile/load";

const prodFile = path.join(__dirname, "../../stacks/Pulumi.prod.yaml");
const prod = readFileSync(prodFile, "utf8");
const record: EvidenceRecord = {
  recorded: "2026-11-23T10:00:00Z", stage: "reportOnly", window: { from: "2026-11-09T00:00:00Z", to: "2026-11-22T23:59:59Z" },
  signIns: 1000, users: 90, failureRate: 0.05, interruptionRate: 0, nonInteractiveShare: 0.75,
  wouldBlock: { signIns: 3, breakGlass: 0, admins: null }, sources: [{ file: "a.json", sha256: "0".repeat(64) }],
};

test("adds exactly the evidence block, dates quoted, and the result loads as a valid stack", () => {
  const out = withEvidence(prod, { office365DesktopCompliantDevice: record }, "Pulumi.prod.yaml");
  const added = out.split("\n").filter((l) => !prod.split("\n").includes(l));
  expect(added[0]).toBe("        evidence:");
  expect(added).toContain('          recorded: "2026-11-23T10:00:00Z"');
  expect(out.split("\n").length - prod.split("\n").length).toBe(added.length);
  const profile = loadProfileText(out, "Pulumi.prod.yaml", "prod");
  expect(profile.rollout.policies.office365DesktopCompliantDevice.evidence).toEqual(record);
  // Recording again replaces the earlier evidence instead of adding a second block.
  const again = withEvidence(out, { office365DesktopCompliantDevice: { ...record, signIns: 2000 } }, "Pulumi.prod.yaml");
  expect(again.match(/evidence:/g)).toHaveLength(1);
  expect(again).toContain("signIns: 2000");
});

test("a policy without a rollout entry is refused, naming the key", () => {
  expect(() => withEvidence(prod, { notAPolicy: record }, "Pulumi.prod.yaml")).toThrow("Pulumi.prod.yaml: guardrails:rollout.policies.notAPolicy: no rollout entry to record evidence in");
});
