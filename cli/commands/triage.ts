import * as path from "node:path";
import { Command, Option } from "commander";
import { isCalendarDate } from "../../model/inputFormats";
import { stackConfigPath, type TenantProfile } from "../../model/profile/load";
import { hardeningProposal } from "../../model/triage/hardening";
import { huntingDeployments, huntingKql, huntingQueries } from "../../model/triage/kql";
import { IpOwners, type DeclaredNetwork } from "../../model/triage/networks";
import { serviceTagsFile } from "../triage/serviceTags";
import { DEFAULT_THRESHOLDS, TriageAccumulator, type TriageReport } from "../../model/triage/triage";
import { adminRoleIds } from "../../model/whatif/fromProfile";
import { readStackText } from "../incident/stackFile";
import { directoryFromFile } from "../whatif/inputs";
import { emit, loadProfile, PROJECT_ROOT, UsageError, writeAtomic } from "../io";
import { fileProgress } from "../signins/progress";
import { readSignInBatches } from "../signins/reader";
import { applyProposal, proposalYaml } from "../triage/harden";
import { renderTriage } from "../triage/render";
import { computeDiff, renderDiff } from "./diff";

interface Opts {
  stack?: string; configFile?: string; signins?: string[]; directory?: string; user?: string; from?: string; to?: string; serviceTags?: string;
  format: "text" | "markdown" | "json"; out?: string; strict?: boolean; kql?: boolean; limit: string; harden?: boolean; hardenOut?: string;
  sprayUsers?: string; failures?: string;
}

/** The networks the stack declares: trusted and untrusted named locations, and `guardrails:triage.knownNetworks`. */
function declaredNetworks(profile: TenantProfile | undefined): DeclaredNetwork[] {
  if (!profile) return [];
  return [
    ...profile.namedLocations.trusted.map((l) => ({ name: l.name, kind: "trusted" as const, ipRanges: l.ipRanges })),
    ...profile.namedLocations.untrusted.map((l) => ({ name: l.name, kind: "untrusted" as const, ipRanges: l.ipRanges })),
    ...profile.triage.knownNetworks,
  ];
}

/** Accounts holding the stack's admin roles (any role without a stack), by lower-cased id and UPN. */
function adminAccounts(file: string, profile: TenantProfile | undefined): Set<string> {
  const roles = profile ? new Set(adminRoleIds(profile).map((r) => r.toLowerCase())) : undefined;
  const admins = directoryFromFile(file).users.filter((u) => u.roles.some((r) => !roles || roles.has(r.toLowerCase())));
  return new Set(admins.flatMap((u) => [u.id.toLowerCase(), u.userPrincipalName.toLowerCase()]));
}

const count = (flag: string, v: string | undefined, fallback: number) => {
  if (v === undefined) return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag}: '${v}' is not a positive whole number`);
  return n;
};

async function hardening(o: Opts, profile: TenantProfile, report: TriageReport): Promise<string> {
  const today = new Date().toISOString().slice(0, 10);
  const proposal = hardeningProposal(report, profile, today);
  const file = o.configFile ?? path.relative(process.cwd(), stackConfigPath(PROJECT_ROOT, o.stack!));
  const yaml = proposalYaml(proposal, today);
  if (proposal.changes.length === 0) return `\nHardening proposal\n------------------\n${yaml}`;
  const patched = applyProposal(readStackText(file), file, profile.stack, proposal);
  const diff = await computeDiff(patched.profile, async (plan) => plan(profile));
  if (o.hardenOut) {
    writeAtomic(o.hardenOut, patched.text);
    process.stderr.write(`guardrails: wrote ${o.hardenOut} (${path.basename(file)} with the proposal applied)\n`);
  }
  const where = o.hardenOut ? `written to ${o.hardenOut}; check it with \`guardrails plan -c ${o.hardenOut}\`, then copy the changes into ${file}` : `not written (--harden-out <file> writes a patched copy of ${file})`;
  return `\nHardening proposal (${where})\n------------------\n${yaml}\nThe diff it would cause\n-----------------------\n${renderDiff(diff, o.format === "markdown" ? "markdown" : "text")}`;
}

export function triageCommand(): Command {
  return new Command("triage")
    .description("Suspicious sign-in triage on exported logs: time, operation, attempts, IP owner, MFA and risk per sign-in, with a verdict per sign-in and per user that names its evidence; optionally the hardening it leads to")
    .option("-s, --stack <name>", "stack whose trusted networks and triage settings to use: stacks/Pulumi.<name>.yaml")
    .option("-c, --config-file <path>", "any stack config file, instead of --stack")
    .option("--signins <files...>", "sign-in exports (the formats `guardrails evidence` reads): files or folders")
    .option("--directory <file>", "directory export: marks the accounts that hold admin roles")
    .option("--user <upn>", "report only this user (the baselines still come from everyone)")
    .option("--from <iso>", "first instant to read (inclusive)")
    .option("--to <iso>", "instant to stop at (exclusive)")
    .option("--service-tags <file>", "Azure's ServiceTags_Public_*.json, to name the Azure service behind an address")
    .option("--spray-users <n>", `distinct users one IP must fail against within an hour to count as a spray (default ${DEFAULT_THRESHOLDS.sprayUsers})`)
    .option("--failures <n>", `failed attempts before a success that make it suspect (default ${DEFAULT_THRESHOLDS.failuresBeforeSuccess})`)
    .option("--limit <n>", "sign-ins listed at most", "200")
    .option("--strict", "refuse the input at the first malformed record instead of skipping it")
    .option("--harden", "propose hardening for the stack (report-only): printed as YAML and as the diff it would cause")
    .option("--harden-out <file>", "with --harden: write the stack file with the proposal applied to this file")
    .option("--kql", "print the same checks as Log Analytics hunting queries instead of reading exports")
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "markdown", "json"]).default("text"))
    .option("-o, --out <file>", "write to this file (atomically) instead of stdout")
    .action(async (o: Opts) => {
      for (const [flag, v] of [["--from", o.from], ["--to", o.to]] as const) if (v !== undefined && !isCalendarDate(v)) throw new UsageError(`${flag}: '${v}' is not an ISO date-time`);
      const profile = o.stack || o.configFile ? loadProfile(o) : undefined;
      const thresholds = { ...DEFAULT_THRESHOLDS, sprayUsers: count("--spray-users", o.sprayUsers, DEFAULT_THRESHOLDS.sprayUsers), failuresBeforeSuccess: count("--failures", o.failures, DEFAULT_THRESHOLDS.failuresBeforeSuccess) };
      if (o.kql) {
        const queries = huntingQueries(thresholds);
        const skipped = profile ? huntingDeployments(profile.logs, queries).skipped : [];
        const note = skipped.map((s) => `// Not saved as a function in this stack: ${s.query.alias} (${s.reason}); run it as a query.\n`).join("");
        emit((note ? note + "\n" : "") + huntingKql(queries), o.out);
        return;
      }
      if (!o.signins?.length) throw new UsageError("--signins <files...> is required (or --kql for the Log Analytics hunting queries)");
      if ((o.harden || o.hardenOut) && !profile) throw new UsageError("--harden needs the stack to patch: --stack <name> or --config-file <path>");
      if (o.hardenOut && !o.harden) throw new UsageError("--harden-out needs --harden");
      const limit = count("--limit", o.limit, 200);
      const extraHosting = Object.fromEntries(Object.entries(profile?.triage.hostingAsns ?? {}).map(([k, v]) => [Number(k), v]));
      const owners = new IpOwners(serviceTagsFile(o.serviceTags), declaredNetworks(profile), extraHosting);
      const window = { from: o.from ? new Date(o.from).toISOString() : undefined, to: o.to ? new Date(o.to).toISOString() : undefined };
      const acc = new TriageAccumulator(owners, { thresholds, window, user: o.user, admins: o.directory ? adminAccounts(o.directory, profile) : undefined });
      const progress = fileProgress();
      try {
        for await (const batch of readSignInBatches(o.signins, { strict: o.strict, onProgress: progress.onProgress, onSkipped: (m) => process.stderr.write(`guardrails: skipped ${m}\n`) })) for (const r of batch) acc.add(r);
      } finally {
        progress.stop();
      }
      const report = acc.report(limit);
      if (o.user && report.signIns === 0) process.stderr.write(`guardrails: no sign-ins of ${o.user} in the input\n`);
      const harden = o.harden ? await hardening(o, profile!, report) : "";
      if (o.format === "json") {
        const proposal = o.harden ? hardeningProposal(report, profile!, new Date().toISOString().slice(0, 10)) : undefined;
        emit(JSON.stringify({ stack: profile?.stack, ...report, ...(proposal ? { hardening: proposal } : {}) }, null, 2) + "\n", o.out);
        return;
      }
      emit(renderTriage(report, profile?.stack, o.format === "markdown") + harden, o.out);
    });
}
