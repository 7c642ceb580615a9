/**
 * A JSON Schema (draft 2020-12) of a stack config file, generated from the same zod schemas the
 * loader validates with, for editor completion and inline errors (yaml-language-server reads the
 * `# yaml-language-server: $schema=...` comment at the top of a stack file). Cross-checks (names
 * that must exist in the directory, one id per name) are not expressible in JSON Schema: the
 * loader still runs them.
 */
import { z } from "zod";
import { NAMESPACE } from "./load";
import { CONFIG_KEYS, SECRET_KEYS } from "./schema";

const secret = {
  type: "object",
  description: "An encrypted value: pulumi config set --secret <key> <value>",
  properties: { secure: { type: "string" } },
  required: ["secure"],
  additionalProperties: false,
};

export function stackConfigJsonSchema(): Record<string, unknown> {
  const properties: Record<string, unknown> = {};
  for (const [key, schema] of Object.entries(CONFIG_KEYS)) {
    const json = z.toJSONSchema(schema as z.ZodType, { io: "input", unrepresentable: "any" }) as Record<string, unknown>;
    delete json.$schema;
    properties[`${NAMESPACE}:${key}`] = json;
  }
  for (const key of SECRET_KEYS) properties[`${NAMESPACE}:${key}`] = secret;
  return {
    $schema: "https://json-schema.org/draft/2020-12/schema",
    $id: "https://entra-guardrails.example/stack-config.schema.json",
    title: "entra-guardrails stack config (stacks/Pulumi.<stack>.yaml)",
    type: "object",
    properties: {
      config: {
        type: "object",
        description: "Pulumi stack config: `namespace:key` entries. guardrails:* keys are validated by this schema; other namespaces (azuread:, azure-native:) pass.",
        properties,
        required: ["guardrails:tenant", "guardrails:directory", "guardrails:breakGlass", "guardrails:namedLocations", "guardrails:rollout", "guardrails:adminRoles", "guardrails:logs", "guardrails:alerts"],
        propertyNames: { not: { pattern: `^${NAMESPACE}:(?!(${[...Object.keys(CONFIG_KEYS), ...SECRET_KEYS].join("|")})$)` } },
      },
    },
    required: ["config"],
  };
}
