import { incidentProblems } from "../../model/incident/profile";
import { relaxableTenant } from "../../model/incident/relaxable";
import type { StackRule } from "../framework/types";

/** An applied incident profile is complete, bounded in time and changes only whitelisted knobs. */
export const incidentProfileValid: StackRule = {
  kind: "stack",
  name: "incident-profile-valid",
  description: "An applied incident relaxation has reason, ticket, approvers, an expiry within the maximum duration, and changes only whitelisted knobs (never break-glass, neverRelax policies, logging or the break-glass alert).",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Apply incidents with `guardrails incident apply`, which refuses anything else; remove a hand-edited guardrails:incident.",
  check(_resources, ctx) {
    const profile = ctx.profile();
    if (!profile.incident) return [];
    return incidentProblems(profile.incident, relaxableTenant(profile)).map((p) => ({ message: `incident ${profile.incident!.ticket || "(no ticket)"}: ${p}` }));
  },
};
