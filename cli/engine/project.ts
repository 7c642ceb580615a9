/** The Pulumi project name (Pulumi.yaml `name`); URNs and analyzer requests carry it. */
export const PROJECT = "entra-guardrails";
