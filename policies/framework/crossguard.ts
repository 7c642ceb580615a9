/**
 * Turns a pure rule into a CrossGuard policy. Only `policies/index.ts` constructs the PolicyPack;
 * this module stays importable from tests (constructing a pack starts a gRPC server).
 */
import type { Policy, PolicyResource, ReportViolation, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import { ProfileUnavailable, ruleContext } from "./context";
import { withDefaults, type Finding, type GuardrailRule, type PackResource } from "./types";

function unavailable(e: unknown): Finding[] {
  if (e instanceof ProfileUnavailable) return [{ message: `cannot evaluate: ${e.message}` }];
  // Everything else, including @pulumi/policy's UnknownValueError during preview, goes to the server.
  throw e;
}

function fromStackResource(r: PolicyResource): PackResource {
  return { type: r.type, name: r.name, urn: r.urn, props: r.props as Record<string, unknown>, protect: r.opts.protect === true, parent: r.parent?.urn };
}

export function toCrossGuard(rule: GuardrailRule): ResourceValidationPolicy | StackValidationPolicy {
  const common = {
    name: rule.name,
    description: rule.description,
    enforcementLevel: rule.enforcementLevel,
    severity: rule.severity,
    remediationSteps: rule.remediationSteps,
    configSchema: rule.configSchema as Policy["configSchema"],
  };
  if (rule.kind === "resource") {
    return {
      ...common,
      validateResource: (args: ResourceValidationArgs, report: ReportViolation) => {
        if (!rule.types.includes(args.type)) return;
        const ctx = ruleContext(withDefaults<{ now?: string }>(rule.configSchema, args.getConfig()));
        let messages: string[];
        try {
          messages = rule.check({ type: args.type, name: args.name, urn: args.urn, props: args.props, protect: args.opts.protect === true }, ctx);
        } catch (e) {
          messages = unavailable(e).map((f) => f.message);
        }
        for (const m of messages) report(m);
      },
    };
  }
  return {
    ...common,
    validateStack: (args: StackValidationArgs, report: ReportViolation) => {
      const ctx = ruleContext(withDefaults<{ now?: string }>(rule.configSchema, args.getConfig()));
      let findings: Finding[];
      try {
        findings = rule.check(args.resources.map(fromStackResource), ctx);
      } catch (e) {
        findings = unavailable(e);
      }
      for (const f of findings) report(f.message, f.urn);
    },
  };
}
