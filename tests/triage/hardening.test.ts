/** The hardening proposal: what it proposes from which finding, and how it lands in a stack file. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { loadProfileText } from "../../model/profile/load";
import { hardeningProposal } from "../../model/triage/hardening";
import type { TriageReport } from "../../model/triage/triage";
import { applyProposal } from "../../cli/triage/harden";
import { ROOT } from "../helpers/stacks";

const file = path.join(ROOT, "stacks", "Pulumi.prod.yaml");
// prod with MFA outside trusted locations switched off, as a stack that has not deployed it would be.
const text = readFileSync(file, "utf8").replace(/(mfaOutsideTrustedLocations:\n\s+stage: )enforced/, "$1off");
const profile = loadProfileText(text, file, "prod");

const signIn = (over: Partial<TriageReport["flagged"][number]>): TriageReport["flagged"][number] => ({ time: "2026-11-19T02:00:00.000Z", user: "u@contoso.example", verdict: "needs-review", reasons: [], result: "success", ...over });
const report: TriageReport = {
  window: {}, signIns: 40, verdicts: { "likely-compromise": 1, "needs-review": 12, "expected-service-traffic": 0, ok: 27 }, users: [],
  flagged: [
    ...Array.from({ length: 12 }, (_, i) => signIn({ user: `u${i}@contoso.example`, ip: "192.0.2.66", country: "KP", result: "50126 invalid username or password" })),
    signIn({ verdict: "likely-compromise", ip: "198.51.100.200", country: "US" }),
  ],
  flaggedOmitted: 0,
  ips: [{ ip: "192.0.2.66", owner: "AS14061 DigitalOcean", cloudHosted: true, signIns: 12, users: 12, failedAttempts: 12, successes: 0, sprayUsers: 12 }],
  errors: [],
  countries: [
    { country: "KP", signIns: 12, flagged: 12, cleanSuccesses: 0, likelyCompromise: 0 },
    { country: "US", signIns: 10, flagged: 1, cleanSuccesses: 9, likelyCompromise: 1 },
  ],
  mfa: { singleFactorSuccesses: 5, singleFactorOutsideTrusted: 2, multiFactorSuccesses: 20, methods: [] },
  risk: { levels: [["none", 40]], eventTypes: [], tokenIssuers: [] },
  operations: { apps: [], clientApps: [], legacy: 0 },
};

test("addresses, attacker-only countries and the missing catalog policy, all at report-only", () => {
  const p = hardeningProposal(report, profile, "2026-11-23");
  expect(p.changes.map((c) => [c.op, c.path.join(".")])).toEqual([
    ["append", "guardrails:namedLocations.untrusted"],
    ["set", "guardrails:customPolicies.triageBlock20261123"],
    ["set", "guardrails:rollout.policies.triageBlock20261123"],
    ["append", "guardrails:namedLocations.countries"],
    ["set", "guardrails:customPolicies.triageBlockCountries20261123"],
    ["set", "guardrails:rollout.policies.triageBlockCountries20261123"],
    ["set", "guardrails:rollout.policies.mfaOutsideTrustedLocations"],
  ]);
  // The US had clean sign-ins: not blocked, although a compromise came from there.
  expect(p.changes[3].value).toEqual({ name: "Triage blocked countries 2026-11-23", countries: ["KP"] });
  expect((p.changes[0].value as { ipRanges: string[] }).ipRanges).toEqual(["192.0.2.66/32", "198.51.100.200/32"]);
  expect(p.changes.filter((c) => c.path[0] === "guardrails:rollout").every((c) => (c.value as { stage: string }).stage === "reportOnly")).toBe(true);
});

test("applied to the stack file: a policy that was off keeps its other settings, and the result loads", () => {
  const p = hardeningProposal(report, profile, "2026-11-23");
  const { profile: patched, text: out } = applyProposal(text, file, "prod", p);
  expect(patched.rollout.policies.mfaOutsideTrustedLocations).toEqual({ stage: "reportOnly", since: { ...profile.rollout.policies.mfaOutsideTrustedLocations.since, reportOnly: "2026-11-23" } });
  expect(patched.namedLocations.countries).toEqual([{ name: "Triage blocked countries 2026-11-23", countries: ["KP"], includeUnknown: false }]);
  expect(Object.keys(patched.customPolicies)).toEqual(["triageBlock20261123", "triageBlockCountries20261123"]);
  expect(out.startsWith(text.split("\n").slice(0, 30).join("\n"))).toBe(true);
  // Dates quoted as the stack files write them, in a new entry and in a merged one alike.
  expect(out).not.toMatch(/: 2026-11-23$/m);
  expect(out.match(/reportOnly: "2026-11-23"/g)).toHaveLength(3);
});

test("nothing found, nothing proposed, and it says why", () => {
  const quiet = { ...report, flagged: [], ips: [], countries: [], mfa: { ...report.mfa, singleFactorOutsideTrusted: 0 } };
  const p = hardeningProposal(quiet, profile, "2026-11-23");
  expect(p.changes).toEqual([]);
  expect(p.notes.at(-1)).toMatch(/^nothing to propose/);
});
