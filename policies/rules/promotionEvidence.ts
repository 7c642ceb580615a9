import { own } from "../../model/own";
import { STAGES, type Stage } from "../../model/rollout";
import { promotionEvidenceProblems } from "../../model/signins/promotion";
import { declaredWithResources } from "../framework/rollout";
import type { StackRule } from "../framework/types";

interface Config {
  requiredFrom: string; maxAgeDays: number; maxFailureRate: number; maxInterruptionRate: number; minSignIns: number;
  requireNonInteractive: boolean; reportOnlySoakDays: number; canarySoakDays: number;
}

/**
 * A promotion to canary or enforced is backed by what the sign-in logs recorded in the stage before
 * (`guardrails evidence --record`), not by the calendar alone. Defaults and their reasons: README,
 * "Promotion by evidence".
 */
export const promotionEvidence: StackRule<Config> = {
  kind: "stack",
  name: "promotion-evidence",
  description: "A promotion to canary or enforced needs recorded sign-in evidence from the stage before: a window covering the soak, recent, failure and interruption rates under thresholds, non-interactive sign-ins included, and no replayed block of a break-glass account or admin.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: {
    properties: {
      requiredFrom: { type: "string", format: "date", default: "2026-11-23", description: "Promotions dated before this day predate the rule and are not judged." },
      maxAgeDays: { type: "integer", minimum: 0, default: 7, description: "Evidence must be recorded at most this many days before the promotion." },
      maxFailureRate: { type: "number", minimum: 0, maximum: 1, default: 0.1, description: "Highest share of sign-ins the policy blocked (failure, reportOnlyFailure); Microsoft's Conditional Access optimization agent pauses a rollout above 10 % blocked." },
      maxInterruptionRate: { type: "number", minimum: 0, maximum: 1, default: 0.1, description: "Highest share of sign-ins the policy interrupted (reportOnlyInterrupted); with failures this keeps success at 80 % or more (the agent rolls back below 90 % success)." },
      minSignIns: { type: "integer", minimum: 0, default: 100, description: "Fewest sign-ins the evidence must hold; below about 100 a 10 % rate is a handful of sign-ins." },
      requireNonInteractive: { type: "boolean", default: true, description: "The evidence must include non-interactive sign-ins (April 2025's lockouts were there)." },
      reportOnlySoakDays: { type: "integer", minimum: 0, default: 14, description: "Days the window must cover when leaving report-only (rollout-order's default soak)." },
      canarySoakDays: { type: "integer", minimum: 0, default: 7, description: "Days the window must cover when leaving canary (rollout-order's default soak)." },
    },
  },
  remediationSteps: "Export the sign-ins of the soak period (both interactive and non-interactive), run `guardrails evidence --stack <name> --signins <files> --directory <export> --record` before promoting, and review the result.",
  check(resources, ctx) {
    const profile = ctx.profile();
    const c = ctx.config;
    return declaredWithResources(profile, resources).flatMap(({ declared, urn }) => {
      const { stage, since } = declared;
      if (stage !== "canary" && stage !== "enforced") return [];
      const rollout = own(profile.rollout.policies, declared.key);
      const promotedOn = since[stage];
      if (!rollout || !promotedOn || promotedOn.slice(0, 10) < c.requiredFrom || (rollout.adopted && promotedOn <= rollout.adopted)) return [];
      const previous = STAGES[STAGES.indexOf(stage) - 1] as Stage;
      const problems = promotionEvidenceProblems(
        { stage, promotedOn, previous, previousSince: since[previous], evidence: rollout.evidence },
        { ...c, soakDays: { reportOnly: c.reportOnlySoakDays, canary: c.canarySoakDays } },
      );
      return problems.map((m) => ({ urn, message: `policy '${declared.displayName}' promoted to ${stage} on ${promotedOn}: ${m}` }));
    });
  },
};
