import { CA_POLICY_TYPE } from "../../model/azuread";
import { referenceProblems } from "../../model/references";
import { graphOf } from "../framework/resources";
import type { ResourceRule } from "../framework/types";

/** Graph wants bare object ids or documented keywords; a Pulumi `.id` path reaches Graph unchanged and fails. */
export const referencesAreGuids: ResourceRule = {
  kind: "resource",
  name: "references-are-guids",
  description: "Every include/exclude reference of a Conditional Access policy is a bare GUID or a documented keyword (All, AllTrusted, Office365, …).",
  severity: "high",
  enforcementLevel: "mandatory",
  configSchema: { properties: {} },
  remediationSteps: "Reference resources by .objectId (bare GUID), never by Pulumi .id.",
  types: [CA_POLICY_TYPE],
  check(resource) {
    const policy = graphOf(resource);
    return referenceProblems(policy).map((p) => `policy '${policy.displayName}' ${p.path}: ${p.message}`);
  },
};
