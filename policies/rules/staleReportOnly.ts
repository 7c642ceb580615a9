import { declaredWithResources, toDate } from "../framework/rollout";
import { daysBetween } from "../framework/resources";
import { NOW_PROPERTY, type StackRule } from "../framework/types";

interface Config { maxReportOnlyDays: number; now?: string }

/** Report-only is one click from enforcement; a forgotten one protects nobody (maester PR #1607). */
export const staleReportOnly: StackRule<Config> = {
  kind: "stack",
  name: "stale-report-only",
  description: "A policy left in report-only for longer than the limit: promote it or turn it off.",
  severity: "low",
  enforcementLevel: "advisory",
  configSchema: {
    properties: {
      maxReportOnlyDays: { type: "integer", minimum: 1, default: 90, description: "Days in report-only before the policy is stale." },
      now: NOW_PROPERTY,
    },
  },
  remediationSteps: "Review its report-only results, then move it to canary or off.",
  check(resources, ctx) {
    const now = ctx.now();
    const profile = ctx.profile();
    return declaredWithResources(profile, resources).flatMap(({ declared, urn }) => {
      // An incident's temporary report-only is not report-only history: the rollout stage is unchanged.
      if (profile.incidentReportOnly.includes(declared.key)) return [];
      const since = declared.stage === "reportOnly" ? declared.since.reportOnly : undefined;
      if (!since) return [];
      const days = daysBetween(toDate(since), now);
      return days > ctx.config.maxReportOnlyDays ? [{ urn, message: `policy '${declared.displayName}' has been report-only for ${days} days (since ${since})` }] : [];
    });
  },
};
