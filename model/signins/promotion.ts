/**
 * Promotion by evidence: the dated summary `guardrails evidence --record` writes into a policy's
 * rollout entry, and the judgement the `promotion-evidence` pack rule makes of it. Pure.
 */
import { z } from "zod";
import { isCalendarDate } from "../inputFormats";
import { STAGES, type Stage } from "../rollout";

const instant = z.string().refine(isCalendarDate, { message: "must be an ISO date-time (YYYY-MM-DDThh:mm:ssZ)" });
const share = z.number().min(0).max(1);
const count = z.number().int().min(0);

export const evidenceRecordSchema = z.strictObject({
  /** When it was recorded. */
  recorded: instant,
  /** The stage the policy was at when the sign-ins were logged. */
  stage: z.enum(STAGES),
  /** The sign-ins' time span: the first and last one read, or --from/--to. */
  window: z.strictObject({ from: instant, to: instant }),
  signIns: count,
  users: count,
  /** Shares of the sign-ins carrying the policy: blocked (failure, reportOnlyFailure) and interrupted. */
  failureRate: share,
  interruptionRate: share,
  /** Share of the sign-ins carrying the policy that were non-interactive (token refresh). */
  nonInteractiveShare: share,
  /** Replay of the sign-ins through the policy at its next stage. */
  wouldBlock: z.strictObject({
    signIns: count,
    breakGlass: count,
    /** Null: the directory given did not state role memberships, so admins were not known. */
    admins: count.nullable(),
  }),
  /** Agreement of the what-if evaluator with Microsoft's recorded results for this policy, when compared. */
  fidelity: share.optional(),
  sources: z.array(z.strictObject({ file: z.string().min(1), sha256: z.string().regex(/^[0-9a-f]{64}$/, "must be a SHA-256 hex digest") })).min(1),
});
export type EvidenceRecord = z.output<typeof evidenceRecordSchema>;

export interface EvidenceThresholds {
  /** Evidence recorded more than this many days before the promotion no longer describes the tenant. */
  maxAgeDays: number;
  maxFailureRate: number;
  maxInterruptionRate: number;
  minSignIns: number;
  requireNonInteractive: boolean;
  /** Minimum window length per stage being left (the soak the window must cover). */
  soakDays: Partial<Record<Stage, number>>;
}

const DAY = 86_400_000;
const toTime = (s: string) => Date.parse(s.length === 10 ? `${s}T00:00:00Z` : s);
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

/**
 * What is wrong with the evidence for promoting a policy to `stage` on `promotedOn`, after it
 * entered `previous` on `previousSince` (undefined: that date is not recorded). Empty: the promotion
 * is backed by evidence.
 */
export function promotionEvidenceProblems(
  p: { stage: Stage; promotedOn: string; previous: Stage; previousSince?: string; evidence?: EvidenceRecord },
  t: EvidenceThresholds,
): string[] {
  const e = p.evidence;
  if (!e) return [`has no recorded evidence (run \`guardrails evidence --record\` over the ${p.previous} period's sign-ins)`];
  const out: string[] = [];
  const promoted = toTime(p.promotedOn);
  const recorded = toTime(e.recorded);
  if (e.stage !== p.previous) out.push(`evidence was recorded at ${e.stage}, not at ${p.previous} (the stage it was promoted from)`);
  if (recorded > promoted + DAY) out.push(`evidence was recorded ${e.recorded.slice(0, 10)}, after the promotion to ${p.stage} on ${p.promotedOn}`);
  else if (promoted - recorded > t.maxAgeDays * DAY) out.push(`evidence was recorded ${e.recorded.slice(0, 10)}, more than ${t.maxAgeDays} days before the promotion on ${p.promotedOn}`);
  const from = toTime(e.window.from), to = toTime(e.window.to);
  const soak = t.soakDays[p.previous] ?? 0;
  // The day granularity of stage dates: a window starting on the stage's first day counts.
  if (p.previousSince && from < toTime(p.previousSince)) out.push(`evidence window starts ${e.window.from}, before the policy reached ${p.previous} on ${p.previousSince}`);
  if ((to - from) / DAY < soak - 1 / 24) out.push(`evidence window covers ${((to - from) / DAY).toFixed(1)} days, less than the ${soak}-day ${p.previous} soak`);
  if (e.signIns < t.minSignIns) out.push(`evidence holds ${e.signIns} sign-ins, fewer than ${t.minSignIns}`);
  if (e.failureRate > t.maxFailureRate) out.push(`failure rate ${pct(e.failureRate)} is above ${pct(t.maxFailureRate)}`);
  if (e.interruptionRate > t.maxInterruptionRate) out.push(`interruption rate ${pct(e.interruptionRate)} is above ${pct(t.maxInterruptionRate)}`);
  if (t.requireNonInteractive && e.nonInteractiveShare === 0) out.push("evidence holds no non-interactive sign-ins (export AADNonInteractiveUserSignInLogs too: April 2025's failures were there)");
  if (e.wouldBlock.breakGlass > 0) out.push(`replay: would block break-glass accounts ${e.wouldBlock.breakGlass} time(s)`);
  if (e.wouldBlock.admins === null) out.push("replay did not know the admins (record with --directory, a directory export with roles)");
  else if (e.wouldBlock.admins > 0) out.push(`replay: would block admins ${e.wouldBlock.admins} time(s)`);
  return out;
}
