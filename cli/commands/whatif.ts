import { Command, Option } from "commander";
import type { GraphCaPolicy } from "../../model/graph";
import { blastRadius, type BlastRadius } from "../../model/whatif/blastRadius";
import { proveBreakGlass, type ProofResult } from "../../model/whatif/breakGlassProof";
import { CompiledPolicySet } from "../../model/whatif/compiled";
import { InputError, signInFromRequest } from "../../model/whatif/decode";
import { combineOutcome, type Outcome } from "../../model/whatif/outcome";
import { breakGlassDirectoryUsers } from "../../model/whatif/fromTenant";
import { unresolvedReferences } from "../../model/whatif/graphSchema";
import { DEFAULT_SYNTHETIC_USERS, syntheticDirectory } from "../../model/whatif/synthetic";
import { stackSyntheticDirectory } from "../../model/whatif/fromProfile";
import type { Directory, NamedLocation, PolicyEvaluation } from "../../model/whatif/types";
import { emit, EXIT, loadProfile, UsageError } from "../io";
import {
  directoryFromFile, locationsFromFiles, policiesFromFiles, requestFromFile, scenarioFromFile, stackDirectory, stackPoliciesAndLocations,
} from "../whatif/inputs";

interface Opts {
  stack?: string; configFile?: string; policies?: string; locations?: string; directory?: string; request?: string; scenario?: string;
  syntheticUsers?: string; breakGlassProof?: boolean; format: "text" | "json"; out?: string; skipInvalid?: boolean;
}

function whatIfResults(policies: readonly GraphCaPolicy[], evals: readonly PolicyEvaluation[], appliedOnly: boolean) {
  return policies.map((p, i) => ({ ...p, policyApplies: evals[i].applies, analysisReasons: evals[i].applies ? "notSet" : evals[i].reasons.join(",") }))
    .filter((r) => !appliedOnly || r.policyApplies);
}

function outcomeText(o: Outcome): string[] {
  const lines = [`Outcome: ${o.decision}${o.blockedBy.length ? ` by ${o.blockedBy.join(", ")}` : ""}`];
  for (const r of o.requirements) lines.push(`  requires (${r.policy}): ${r.controls.join(` ${r.operator} `)}`);
  if (o.session.signInFrequency) lines.push(`  sign-in frequency: ${o.session.signInFrequency}`);
  for (const r of o.reportOnly) lines.push(`  report-only ${r.policy}: ${r.result}`);
  return lines;
}

function blastText(b: BlastRadius, proof?: ProofResult): string {
  const pct = (n: number) => `${((100 * n) / Math.max(b.users, 1)).toFixed(1)}%`;
  const lines = [
    `Blast radius · ${b.scenario} · ${b.users} users × ${b.variantsPerUser} sign-in variants`,
    "",
    `  blocked            ${String(b.combined.blocked).padStart(7)}  ${pct(b.combined.blocked)}`,
    `  password change    ${String(b.combined.passwordChange).padStart(7)}  ${pct(b.combined.passwordChange)}`,
    `  MFA                ${String(b.combined.mfa).padStart(7)}  ${pct(b.combined.mfa)}`,
    `  device/app control ${String(b.combined.deviceOrApp).padStart(7)}  ${pct(b.combined.deviceOrApp)}`,
    `  unaffected         ${String(b.combined.unaffected).padStart(7)}  ${pct(b.combined.unaffected)}`,
    "",
    "Policies responsible (enforced, users they apply to in at least one variant):",
    ...b.byPolicy.map((p) => `  ${String(p.users).padStart(7)}  ${p.policy} (${p.grant})`),
  ];
  const watched = Object.entries(b.examples).map(([c, users]) => `  ${c}: ${users!.join(", ")}`);
  if (watched.length) lines.push("", "Break-glass accounts:", ...watched);
  if (proof) lines.push("", proofText(proof));
  return lines.join("\n") + "\n";
}

function proofText(p: ProofResult): string {
  if (p.counterexamples.length === 0) return `Break-glass proof: ${p.combinations} sign-in combinations checked; no break-glass account is ever blocked or left with an unsatisfiable grant.`;
  return [`Break-glass proof FAILED: ${p.counterexamples.length} counterexample(s) in ${p.combinations} combinations:`,
    ...p.counterexamples.map((c) => `  ${c.user}: ${JSON.stringify({ ...c.signIn, user: undefined })} → ${c.outcome.decision} ${c.outcome.blockedBy.join(", ")}`)].join("\n");
}

export function whatifCommand(): Command {
  return new Command("whatif")
    .description("Evaluate sign-ins against Conditional Access policies offline (Graph evaluate format), a blast-radius scenario, or the break-glass proof")
    .option("-s, --stack <name>", "use the policies, named locations and directory the stack declares")
    .option("-c, --config-file <path>", "any stack config file (like --stack)")
    .option("--policies <file|dir>", "Graph conditionalAccessPolicy JSON: a file, a directory of files, or { \"value\": [...] }")
    .option("--locations <file|dir>", "Graph ipNamedLocation / countryNamedLocation JSON")
    .option("--directory <file>", "directory JSON: { users: [{ id, userPrincipalName, userType, memberOf, roles, ... }], groups }")
    .option("--request <file>", "a Graph conditionalAccess/evaluate request body")
    .option("--scenario <file>", "a blast-radius scenario (YAML), e.g. stacks/scenarios/april-2025.yaml")
    .option("--synthetic-users <n>", `a deterministic synthetic directory of n users plus the stack's break-glass accounts (default with --scenario and no --directory: ${DEFAULT_SYNTHETIC_USERS})`)
    .option("--break-glass-proof", "prove exhaustively that no break-glass account can be blocked (needs --stack)")
    .option("--skip-invalid", "in a folder of exports, go on past files that cannot be read and list them as warnings")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "json"]).default("text"))
    .option("-o, --out <file>", "write to this file (atomically) instead of stdout")
    .action(async (o: Opts) => {
      const profile = o.stack || o.configFile ? loadProfile(o) : undefined;
      if (!profile && !o.policies) throw new UsageError("--policies <file|dir> or --stack <name> is required");
      if (!o.request && !o.scenario && !o.breakGlassProof) throw new UsageError("one of --request, --scenario or --break-glass-proof is required");
      let policies: GraphCaPolicy[];
      let locations: NamedLocation[] = [];
      const warnings: string[] = [];
      const skipped: string[] = [];
      const reading = { skipInvalid: o.skipInvalid, skipped, warnings };
      if (o.policies) policies = policiesFromFiles(o.policies, reading);
      else ({ policies, locations } = await stackPoliciesAndLocations(profile!));
      if (o.locations) locations = locationsFromFiles(o.locations, reading);
      let directory: Directory | undefined = o.directory ? directoryFromFile(o.directory) : profile ? stackDirectory(profile) : undefined;
      if (o.scenario && !o.directory && o.syntheticUsers === undefined) {
        // The same directory `incident plan` uses, so the two commands' blast radii compare.
        o.syntheticUsers = String(DEFAULT_SYNTHETIC_USERS);
        process.stderr.write(`guardrails: no --directory: using a synthetic directory of ${DEFAULT_SYNTHETIC_USERS} users${profile ? " plus the stack's break-glass accounts" : ""} (--synthetic-users <n> to change)\n`);
      }
      if (o.syntheticUsers !== undefined) {
        const n = Number(o.syntheticUsers);
        if (!Number.isInteger(n) || n <= 0) throw new UsageError(`--synthetic-users: '${o.syntheticUsers}' is not a positive whole number`);
        directory = profile ? stackSyntheticDirectory(profile, n) : syntheticDirectory({ users: n });
      }
      if (o.policies) {
        warnings.push(...unresolvedReferences(policies, {
          ...(o.directory && directory ? { users: new Set(directory.users.map((u) => u.id.toLowerCase())), groups: new Set(directory.groups.map((g) => g.id.toLowerCase())) } : {}),
          ...(o.locations ? { locations: new Set(locations.map((l) => l.id.toLowerCase())) } : {}),
        }));
      }
      warnings.push(...skipped.map((m) => `skipped (--skip-invalid): ${m}`));
      for (const w of warnings) process.stderr.write(`guardrails: warning: ${w}\n`);
      if (o.breakGlassProof && !profile) throw new UsageError("--break-glass-proof needs --stack or --config-file");
      const proof = o.breakGlassProof ? proveBreakGlass(policies, locations, breakGlassDirectoryUsers(profile!)) : undefined;

      if (o.request) {
        if (!directory) throw new UsageError("--directory <file> (or --stack) is required with --request");
        const body = requestFromFile(o.request);
        let signIn;
        try {
          signIn = signInFromRequest(body, directory, o.request);
        } catch (e) {
          const stackOnly = !o.directory && o.syntheticUsers === undefined && profile;
          if (e instanceof InputError && stackOnly && e.message.includes("is not in the directory")) {
            throw new UsageError(`${e.message}: without --directory only the stack's break-glass accounts and guardrails:directory.users are known; pass --directory <file> with this user's groups and roles`);
          }
          if (e instanceof InputError) throw new UsageError(e.message);
          throw e;
        }
        const compiled = new CompiledPolicySet(policies, { locations: new Map(locations.map((l) => [l.id.toLowerCase(), l])) });
        const evals = compiled.evaluate(signIn);
        const outcome = combineOutcome(policies, evals, signIn);
        const appliedOnly = (body as { appliedPoliciesOnly?: boolean })?.appliedPoliciesOnly === true;
        const value = whatIfResults(policies, evals, appliedOnly);
        if (o.format === "json") emit(JSON.stringify({ value, outcome, ...(proof ? { breakGlassProof: proof } : {}), warnings }, null, 2) + "\n", o.out);
        else {
          const rows = value.map((r) => `  ${r.policyApplies ? "applies " : "        "} ${r.state.padEnd(34)} ${r.displayName}${r.policyApplies ? "" : `  (${r.analysisReasons})`}`);
          emit([`What if: ${o.request}`, "", ...rows, "", ...outcomeText(outcome), ...(proof ? ["", proofText(proof)] : [])].join("\n") + "\n", o.out);
        }
      } else if (o.scenario) {
        if (!directory) throw new UsageError("--directory <file>, --synthetic-users <n> or --stack is required with --scenario");
        const result = blastRadius(policies, locations, directory, scenarioFromFile(o.scenario), profile?.breakGlass.accounts.map((a) => a.userPrincipalName) ?? []);
        emit(o.format === "json" ? JSON.stringify({ ...result, ...(proof ? { breakGlassProof: proof } : {}), warnings }, null, 2) + "\n" : blastText(result, proof), o.out);
      } else {
        emit(o.format === "json" ? JSON.stringify(proof, null, 2) + "\n" : proofText(proof!) + "\n", o.out);
      }
      if (proof && proof.counterexamples.length > 0) process.exitCode = EXIT.violations;
    });
}
