import { isExpired } from "../../model/incident/profile";
import { NOW_PROPERTY, type StackRule } from "../framework/types";

interface Config { now?: string }

/** An expired relaxation blocks deployment until it is reverted. */
export const incidentExpired: StackRule<Config> = {
  kind: "stack",
  name: "incident-expired",
  description: "An incident relaxation that has passed its expiry blocks every deployment until it is reverted.",
  severity: "critical",
  enforcementLevel: "mandatory",
  configSchema: { properties: { now: NOW_PROPERTY } },
  remediationSteps: "Run `guardrails incident revert --stack <name>` and deploy, or apply a new, reviewed profile.",
  check(_resources, ctx) {
    const i = ctx.profile().incident;
    return i && isExpired(i, ctx.now()) ? [{ message: `incident ${i.ticket} (${i.profile}) expired at ${i.expiresAt}; revert it before deploying anything else` }] : [];
  },
};
