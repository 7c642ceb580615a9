import { own } from "../../model/own";
import { declaredWithResources, toDate } from "../framework/rollout";
import type { StackRule } from "../framework/types";

interface Config { days: string[] }

const DAY_NAMES = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];

/** Promotions to enforced happen on days someone is around to roll back (UTC weekday). */
export const maintenanceWindow: StackRule<Config> = {
  kind: "stack",
  name: "maintenance-window",
  description: "Promotions to enforced are dated inside the weekly maintenance window (UTC weekdays).",
  severity: "low",
  enforcementLevel: "advisory",
  configSchema: {
    properties: { days: { type: "array", items: { type: "string", enum: DAY_NAMES }, default: ["Tue", "Wed", "Thu"], description: "Weekdays (UTC) on which policies may be promoted to enforced." } },
  },
  remediationSteps: "Promote on a day inside the window, when the team can watch sign-ins and roll back.",
  check(resources, ctx) {
    const profile = ctx.profile();
    return declaredWithResources(profile, resources).flatMap(({ declared, urn }) => {
      const enforced = declared.stage === "enforced" ? declared.since.enforced : undefined;
      // Enforced before the kit adopted it: the tenant's history, not a promotion.
      const adopted = own(profile.rollout.policies, declared.key)?.adopted;
      if (!enforced || (adopted && enforced <= adopted)) return [];
      const day = DAY_NAMES[toDate(enforced).getUTCDay()];
      return ctx.config.days.includes(day) ? [] : [{ urn, message: `policy '${declared.displayName}' was promoted to enforced on a ${day} (${enforced}), outside ${ctx.config.days.join("/")}` }];
    });
  },
};
