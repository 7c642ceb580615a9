import { Command, Option } from "commander";
import { incidentProblems, isExpired, parseDurationHours, type IncidentConfig } from "../../model/incident/profile";
import { relaxableTenant } from "../../model/incident/relaxable";
import { loadProfileFile, stackConfigPath, type TenantProfile } from "../../model/profile/load";
import { blastRadius } from "../../model/whatif/blastRadius";
import { breakGlassDirectoryUsers } from "../../model/whatif/fromTenant";
import { syntheticDirectory } from "../../model/whatif/synthetic";
import { computeDiff, renderDiff } from "./diff";
import { INCIDENT_KEY, incidentProfilePath, readIncidentFile, writeIncident } from "../incident/stackFile";
import { renderRunbook, runbookSteps } from "../incident/runbook";
import { emit, EXIT, loadProfile, PROJECT_ROOT, UsageError } from "../io";
import { scenarioFromFile, stackPoliciesAndLocations } from "../whatif/inputs";
import * as path from "node:path";

const stackFileOf = (o: { stack?: string; configFile?: string }) => {
  if (o.configFile) return o.configFile;
  if (!o.stack) throw new UsageError("--stack <name> or --config-file <path> is required");
  return path.relative(process.cwd(), stackConfigPath(PROJECT_ROOT, o.stack)) || stackConfigPath(PROJECT_ROOT, o.stack);
};

function refuse(problems: string[], where: string): void {
  if (problems.length > 0) throw new UsageError(`${where}: ${problems.join("; ")}`);
}

/** The incident as it would be applied now (or at --starts-at). */
function incidentFor(profileName: string, o: { ticket?: string; hours: number; startsAt?: string; approvedBy?: string }): IncidentConfig {
  const file = readIncidentFile(incidentProfilePath(profileName));
  profileName = path.basename(profileName).replace(/\.ya?ml$/, "");
  const start = o.startsAt ? new Date(o.startsAt) : new Date();
  if (Number.isNaN(start.getTime())) throw new UsageError(`--starts-at: '${o.startsAt}' is not an ISO date-time`);
  return {
    profile: profileName,
    reason: file.reason,
    ticket: o.ticket ?? "",
    approvedBy: o.approvedBy ? o.approvedBy.split(",").map((s) => s.trim()).filter(Boolean) : file.approvedBy,
    startsAt: start.toISOString(),
    expiresAt: new Date(start.getTime() + o.hours * 3_600_000).toISOString(),
    maxDurationHours: file.maxDurationHours,
    changes: file.changes,
  };
}

async function blastBeforeAfter(before: TenantProfile, after: TenantProfile, scenarioFile: string, users: number) {
  const scenario = scenarioFromFile(scenarioFile);
  const run = async (p: TenantProfile) => {
    const { policies, locations } = await stackPoliciesAndLocations(p);
    const groups: Record<string, [string, number]> = { [p.rollout.canaryGroup]: [p.directory.groups[p.rollout.canaryGroup], 0.01] };
    const dir = syntheticDirectory({ users, groups, adminRoleIds: p.adminRoles.map((r) => p.directory.roles[r]), extraUsers: breakGlassDirectoryUsers(p) });
    return blastRadius(policies, locations, dir, scenario, p.breakGlass.accounts.map((a) => a.userPrincipalName));
  };
  return { before: await run(before), after: await run(after) };
}

export function incidentCommand(): Command {
  const cmd = new Command("incident").description("Temporary, expiring relaxation of risk thresholds during an incident: plan, apply, revert, status, runbook");

  cmd.command("plan")
    .description("Diff of the stack with the incident profile applied, and the blast radius before and after")
    .option("-s, --stack <name>").option("-c, --config-file <path>")
    .requiredOption("-p, --profile <name>", "profile in stacks/incident/<name>.yaml")
    .option("--hours <n>", "relaxation length to plan for (default: the profile's maximum)")
    .option("--scenario <file>", "blast-radius scenario", "stacks/scenarios/april-2025.yaml")
    .option("--synthetic-users <n>", "synthetic directory size", "10000")
    .addOption(new Option("-f, --format <format>").choices(["text", "markdown", "json"]).default("text"))
    .option("-o, --out <file>")
    .action(async (o) => {
      const file = stackFileOf(o);
      const base = loadProfile(o);
      const maxHours = readIncidentFile(incidentProfilePath(o.profile)).maxDurationHours;
      const incident = incidentFor(o.profile, { ticket: "PLAN", hours: o.hours ? Number(o.hours) : maxHours });
      refuse(incidentProblems(incident, relaxableTenant(base)), path.relative(process.cwd(), incidentProfilePath(o.profile)));
      const relaxed = loadProfileFile(file, base.stack, { [INCIDENT_KEY]: incident });
      const diff = await computeDiff(relaxed, async (plan) => plan(base));
      const users = Number(o.syntheticUsers);
      if (!Number.isInteger(users) || users <= 0) throw new UsageError(`--synthetic-users: '${o.syntheticUsers}' is not a positive whole number`);
      const blast = await blastBeforeAfter(base, relaxed, o.scenario, users);
      if (o.format === "json") { emit(JSON.stringify({ incident, diff, blastRadius: blast }, null, 2) + "\n", o.out); return; }
      const row = (k: keyof typeof blast.before.combined, label: string) => `| ${label} | ${blast.before.combined[k]} | ${blast.after.combined[k]} |`;
      const table = ["| Outcome | Before | After |", "|---|---:|---:|", row("blocked", "blocked"), row("passwordChange", "password change"), row("mfa", "MFA"), row("deviceOrApp", "device/app control"), row("unaffected", "unaffected")];
      const head = o.format === "markdown" ? `### Incident plan: \`${o.profile}\` on \`${base.stack}\`\n\n${incident.reason}\n` : `Incident plan: ${o.profile} on ${base.stack}\n${incident.reason}\n`;
      const blastTitle = `Blast radius: ${blast.before.scenario}, ${blast.before.users} users (break-glass: before ${JSON.stringify(blast.before.examples)}, after ${JSON.stringify(blast.after.examples)})`;
      emit(`${head}\n${renderDiff(diff, o.format === "markdown" ? "markdown" : "text")}\n${blastTitle}\n\n${table.join("\n")}\n`, o.out);
    });

  cmd.command("apply")
    .description("Write the incident into the stack config (guardrails:incident) and print the pulumi up to run")
    .option("-s, --stack <name>").option("-c, --config-file <path>")
    .requiredOption("-p, --profile <name>", "profile in stacks/incident/<name>.yaml")
    .requiredOption("--ticket <id>", "incident ticket, e.g. INC-123")
    .requiredOption("--expires <duration>", "how long, e.g. 8h, 90m, 2d (at most the profile's maxDurationHours)")
    .option("--approved-by <names>", "comma-separated approvers (default: the profile's)")
    .option("--starts-at <iso>", "start time (default: now)")
    .action((o) => {
      const file = stackFileOf(o);
      const base = loadProfile(o);
      if (base.incident) throw new UsageError(`${file}: ${INCIDENT_KEY}: incident ${base.incident.ticket} is already applied; revert it first`);
      const hours = parseDurationHours(o.expires);
      if (hours === undefined) throw new UsageError(`--expires: '${o.expires}' is not a duration such as 8h, 90m or 2d`);
      const incident = incidentFor(o.profile, { ticket: o.ticket, hours, startsAt: o.startsAt, approvedBy: o.approvedBy });
      refuse(incidentProblems(incident, relaxableTenant(base)), path.relative(process.cwd(), incidentProfilePath(o.profile)));
      writeIncident(file, incident);
      // Validate the written file the way every later command will read it.
      loadProfileFile(file, base.stack);
      emit([
        `Applied incident ${incident.ticket} (${o.profile}) to ${file}, expiring ${incident.expiresAt}.`,
        "Deploy it with:",
        `  pulumi up --stack ${base.stack} --policy-pack policies --parallel 2`,
        `Revert before ${incident.expiresAt}: npx guardrails incident revert --stack ${base.stack}`,
        "",
      ].join("\n"), undefined);
    });

  cmd.command("revert")
    .description("Remove the incident from the stack config and print the pulumi up to run")
    .option("-s, --stack <name>").option("-c, --config-file <path>")
    .action((o) => {
      const file = stackFileOf(o);
      const base = loadProfile(o);
      if (!base.incident) throw new UsageError(`${file}: ${INCIDENT_KEY}: no incident is applied`);
      writeIncident(file, undefined);
      loadProfileFile(file, base.stack);
      emit(`Reverted incident ${base.incident.ticket} in ${file}.\nDeploy it with:\n  pulumi up --stack ${base.stack} --policy-pack policies --parallel 2\n`, undefined);
    });

  cmd.command("status")
    .description("Show the applied incident; exit 1 when it has expired (for a scheduled CI check)")
    .option("-s, --stack <name>").option("-c, --config-file <path>")
    .option("--now <iso>", "evaluate as of this time")
    .action((o) => {
      const base = loadProfile(o);
      const now = o.now ? new Date(o.now) : new Date();
      if (!base.incident) { emit(`${base.stack}: no incident applied\n`, undefined); return; }
      const i = base.incident;
      const expired = isExpired(i, now);
      emit(`${base.stack}: incident ${i.ticket} (${i.profile}) applied ${i.startsAt}, ${expired ? "EXPIRED" : "expires"} ${i.expiresAt}\n`, undefined);
      if (expired) process.exitCode = EXIT.violations;
    });

  cmd.command("runbook")
    .description("The admin procedure for a risk false-positive wave in a time window: KQL, users to reset, relax and revert")
    .requiredOption("--from <iso>").requiredOption("--to <iso>")
    .option("-s, --stack <name>", "stack for the relax/revert commands", "prod")
    .option("-p, --profile <name>", "incident profile for the relax command", "relaxed-risk")
    .action((o) => {
      for (const [k, v] of [["--from", o.from], ["--to", o.to]]) if (Number.isNaN(Date.parse(v))) throw new UsageError(`${k}: '${v}' is not an ISO date-time`);
      if (Date.parse(o.to) <= Date.parse(o.from)) throw new UsageError("--to: must be after --from");
      const from = new Date(o.from).toISOString();
      const to = new Date(o.to).toISOString();
      emit(renderRunbook(runbookSteps(from, to, o.stack, o.profile), from, to), undefined);
    });
  for (const c of cmd.commands) c.exitOverride();
  return cmd;
}
