import { incidentProblems } from "../../model/incident/profile";
import { relaxableTenant } from "../../model/incident/relaxable";
import { reviewedProfileOf } from "../../model/incident/reviewed";
import { NOW_PROPERTY, type StackRule } from "../framework/types";

/** An applied incident profile is complete, bounded in time and changes only whitelisted knobs. */
export const incidentProfileValid: StackRule<{ now?: string }> = {
  kind: "stack",
  name: "incident-profile-valid",
  description: "An applied incident relaxation has reason, ticket, approvers, a start no later than now, an expiry within the reviewed profile's maximum duration (stacks/incident/, not the applied copy), the reviewed profile's changes, and only whitelisted knobs (never break-glass, neverRelax policies, logging or the break-glass alert).",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: { now: NOW_PROPERTY } },
  remediationSteps: "Apply incidents with `guardrails incident apply`, which refuses anything else; remove a hand-edited guardrails:incident.",
  check(_resources, ctx) {
    const profile = ctx.profile();
    if (!profile.incident) return [];
    const i = profile.incident;
    const problems = incidentProblems(i, relaxableTenant(profile), { now: ctx.now(), reviewed: reviewedProfileOf(i.profile) })
      // Expiry has its own rule (incident-expired) with its own remediation.
      .filter((p) => !p.startsWith("expiresAt: expired at"));
    return problems.map((p) => ({ message: `incident ${profile.incident!.ticket || "(no ticket)"}: ${p}` }));
  },
};
