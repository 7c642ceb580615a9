import { Command, Option } from "commander";
import { CA_POLICY_TYPE, NAMED_LOCATION_TYPE } from "../../model/azuread";
import { nameIndexFor } from "../../model/describe";
import { resourceKey } from "../../model/diff/diff";
import { driftReport, type DriftReport } from "../../model/drift";
import type { GraphCaPolicy } from "../../model/graph";
import { configuredBreakGlassIds } from "../../model/tenant";
import type { NamedLocation } from "../../model/whatif/types";
import { leafLines } from "../diff/render";
import { stateObjectIds } from "../diff/sources";
import { emit, EXIT, loadProfile } from "../io";
import { locationsFromFiles, policiesFromFiles, stackPoliciesAndLocations } from "../whatif/inputs";

interface Opts { stack?: string; configFile?: string; policies: string; locations?: string; state?: string; format: "text" | "markdown" | "json"; out?: string }

/** Real object ids by resource key from `pulumi stack export`, so declared objects match the live ones. */
const stateIds = (file: string) => new Map(stateObjectIds(file).map((r) => [resourceKey(r.urn), r.objectId]));

function renderText(r: DriftReport, stack: string, markdown: boolean): string {
  const drift = r.findings.length > 0;
  const lines = markdown
    ? [`### entra-guardrails drift: \`${stack}\``, "", drift ? "**Drift found**" : "No drift: the tenant matches the stack.", ""]
    : [`Drift: ${stack} against the live tenant export`, drift ? "" : "No drift: the tenant matches the stack."];
  for (const f of r.findings) lines.push(`${markdown ? "-" : "  -"} ${f}`);
  if (r.microsoftManaged.length) lines.push("", `Microsoft-managed policies (not managed by this stack): ${r.microsoftManaged.map((p) => `${p.displayName} (${p.state})`).join("; ")}`);
  for (const c of r.changed) {
    lines.push("", `${markdown ? "#### " : "  ~ "}${c.kind === "policy" ? "policy" : "named location"} ${c.displayName} (${c.id})`);
    if (markdown) lines.push("```diff");
    for (const l of c.changes) for (const x of leafLines(l)) lines.push(`${markdown ? "" : "      "}${x}`);
    if (markdown) lines.push("```");
  }
  return lines.join("\n") + "\n";
}

export function driftCommand(): Command {
  return new Command("drift")
    .description("Compare the live tenant (a Graph export taken now) with what the stack declares, by object id; exit 4 on drift")
    .option("-s, --stack <name>", "stack name: reads stacks/Pulumi.<name>.yaml")
    .option("-c, --config-file <path>", "any stack config file")
    .requiredOption("--policies <file|dir>", "live Conditional Access policies (GET /identity/conditionalAccess/policies)")
    .option("--locations <file|dir>", "live named locations (GET /identity/conditionalAccess/namedLocations)")
    .option("--state <file>", "`pulumi stack export` of the stack: the real object ids of its policies and named locations")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "markdown", "json"]).default("text"))
    .option("-o, --out <file>", "write to this file (atomically) instead of stdout")
    .action(async (o: Opts) => {
      const profile = loadProfile(o);
      const warnings: string[] = [];
      const live = { policies: policiesFromFiles(o.policies, { warnings }), locations: o.locations ? locationsFromFiles(o.locations, { warnings }) : [] };
      for (const w of warnings) process.stderr.write(`guardrails: warning: ${w}\n`);
      const { policies, locations, keys } = await declaredWithKeys(profile);
      const real = o.state ? stateIds(o.state) : new Map<string, string>();
      const withReal = <T extends { id?: string }>(xs: T[], k: string[]) => xs.map((x, i) => ({ ...x, id: real.get(k[i]) ?? x.id }));
      const declared = { policies: withReal(policies, keys.policies) as GraphCaPolicy[], locations: withReal(locations, keys.locations) as NamedLocation[] };
      if (!o.locations) declared.locations = [];
      const idx = nameIndexFor(profile, Object.fromEntries(declared.locations.map((l) => [l.displayName, l.id])));
      const report = driftReport(declared, live, configuredBreakGlassIds(profile), (id) => idx.name(id));
      emit(o.format === "json" ? JSON.stringify({ stack: profile.stack, ...report, warnings }, null, 2) + "\n" : renderText(report, profile.stack, o.format === "markdown"), o.out);
      if (report.findings.length > 0) process.exitCode = EXIT.changes;
    });
}

/** The stack's policies and named locations with the resource key each comes from. */
async function declaredWithKeys(profile: Parameters<typeof stackPoliciesAndLocations>[0]) {
  const { policies, locations, resources } = await stackPoliciesAndLocations(profile);
  // By type too: the policy's component re-exports the same objectId among its outputs.
  const keyOf = (type: string, id: string | undefined) => resourceKey(resources.find((r) => r.type === type && r.wireOutputs?.objectId === id)?.urn ?? "");
  return { policies, locations, keys: { policies: policies.map((p) => keyOf(CA_POLICY_TYPE, p.id)), locations: locations.map((l) => keyOf(NAMED_LOCATION_TYPE, l.id)) } };
}
