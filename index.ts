/**
 * Pulumi program entry for the real CLI (`pulumi preview` / `pulumi up`). It validates the
 * stack's `guardrails:*` config with the same schema as the offline `guardrails plan`.
 */
import * as pulumi from "@pulumi/pulumi";
import { createTenant } from "./components/tenant";
import { parseProfile } from "./model/profile/load";

const stack = pulumi.getStack();
const raw: Record<string, unknown> = {};
for (const [key, value] of Object.entries(pulumi.runtime.allConfig())) {
  // Structured config values arrive as JSON text; plain strings stay strings.
  try {
    raw[key] = JSON.parse(value);
  } catch {
    raw[key] = value;
  }
}
const profile = parseProfile(raw, `stacks/Pulumi.${stack}.yaml`, stack, true);
const config = new pulumi.Config("guardrails");
const webhook = (tier: "sev0" | "sev1" | "sev2") =>
  profile.secretKeys.includes(`${tier}WebhookUrl`) ? config.requireSecret(`${tier}WebhookUrl`) : undefined;
const tenant = createTenant(profile, {
  breakGlassPassword: profile.breakGlass.create ? config.requireSecret("breakGlassPassword") : undefined,
  webhookUrls: { sev0: webhook("sev0"), sev1: webhook("sev1"), sev2: webhook("sev2") },
});

export const conditionalAccessPolicies = tenant.conditionalAccess.policies.map((p) => ({
  name: p.policy.displayName,
  state: p.policy.state,
  objectId: p.policy.objectId,
}));
