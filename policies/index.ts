/**
 * The entra-guardrails CrossGuard policy pack. Only this file constructs the PolicyPack; the
 * rules live one per file in ./rules (pure functions plus metadata) and are unit-tested there.
 *
 *   pulumi preview --policy-pack policies [--policy-pack-config pack-config.json]
 */
import { PolicyPack } from "@pulumi/policy";
import { toCrossGuard } from "./framework/crossguard";
import { RULES } from "./rules";

new PolicyPack("entra-guardrails", {
  description: "Canary rollout, break-glass and logging rules for Microsoft Entra ID Conditional Access.",
  enforcementLevel: "advisory",
  policies: RULES.map(toCrossGuard),
});
