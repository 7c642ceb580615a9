import { Command, Option } from "commander";
import { incidentProblems, isExpired, MAX_START_AHEAD_MINUTES, parseDurationHours, type IncidentConfig } from "../../model/incident/profile";
import { relaxableTenant } from "../../model/incident/relaxable";
import { loadProfileFile, loadProfileText, stackConfigPath, type TenantProfile } from "../../model/profile/load";
import { blastRadius } from "../../model/whatif/blastRadius";
import { isCalendarDate } from "../../model/inputFormats";
import { stackSyntheticDirectory } from "../../model/whatif/fromProfile";
import { DEFAULT_SYNTHETIC_USERS } from "../../model/whatif/synthetic";
import { computeDiff, renderDiff } from "./diff";
import { INCIDENT_KEY, insertIncident, readStackText, removeIncident, writeStackFileInPlace } from "../incident/stackFile";
import { incidentProfilePath, readIncidentFile, reviewedProfileOf } from "../../model/incident/reviewed";
import { renderRunbook, runbookSteps } from "../incident/runbook";
import { WAVE_DETECTIONS } from "../incident/affected";
import { emit, EXIT, loadProfile, PROJECT_ROOT, UsageError } from "../io";
import { policiesAndLocationsOf, scenarioFromFile } from "../whatif/inputs";
import type { ProgramRun } from "../engine/run";
import * as path from "node:path";

const stackFileOf = (o: { stack?: string; configFile?: string }) => {
  if (o.configFile) return o.configFile;
  if (!o.stack) throw new UsageError("--stack <name> or --config-file <path> is required");
  return path.relative(process.cwd(), stackConfigPath(PROJECT_ROOT, o.stack)) || stackConfigPath(PROJECT_ROOT, o.stack);
};

/** Tickets and approvers end up in the terminal, alert descriptions and YAML: printable text only. */
function plainText(flag: string, value: string | undefined): void {
  // eslint-disable-next-line no-control-regex
  if (value !== undefined && /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/.test(value)) throw new UsageError(`${flag}: contains control characters (terminal escape sequences are not allowed)`);
  if (value !== undefined && value.length > 256) throw new UsageError(`${flag}: is ${value.length} characters long (at most 256)`);
}

function refuse(problems: string[], where: string): void {
  if (problems.length > 0) throw new UsageError(`${where}: ${problems.join("; ")}`);
}

/** The incident as it would be applied now (or at --starts-at), with its limits from the reviewed profile file. */
function incidentFor(profileName: string, o: { ticket?: string; hours: number; startsAt?: string; approvedBy?: string }): { incident: IncidentConfig; reviewed: ReturnType<typeof reviewedProfileOf> } {
  const file = incidentProfilePath(profileName);
  const reviewedFile = readIncidentFile(file);
  const name = path.basename(profileName).replace(/\.ya?ml$/, "");
  plainText("--ticket", o.ticket);
  plainText("--approved-by", o.approvedBy);
  if (o.startsAt !== undefined && !isCalendarDate(o.startsAt)) throw new UsageError(`--starts-at: '${o.startsAt}' is not an ISO date-time such as 2026-11-23T08:00:00Z`);
  const start = o.startsAt ? new Date(o.startsAt) : new Date();
  const end = start.getTime() + o.hours * 3_600_000;
  if (!Number.isFinite(o.hours) || o.hours <= 0 || Number.isNaN(new Date(end).getTime())) throw new UsageError(`the relaxation of ${o.hours} hours from ${o.startsAt ?? "now"} is out of range`);
  const incident: IncidentConfig = {
    profile: name,
    reason: reviewedFile.reason,
    ticket: o.ticket ?? "",
    approvedBy: o.approvedBy ? o.approvedBy.split(",").map((s) => s.trim()).filter(Boolean) : reviewedFile.approvedBy,
    startsAt: start.toISOString(),
    expiresAt: new Date(end).toISOString(),
    maxDurationHours: reviewedFile.maxDurationHours,
    changes: reviewedFile.changes,
  };
  return { incident, reviewed: { file: path.relative(process.cwd(), file) || file, profile: reviewedFile } };
}

/** The blast radius on each side, from the program runs the diff already made (each side runs once). */
function blastBeforeAfter(before: TenantProfile, after: TenantProfile, runs: Partial<Record<"new" | "old", ProgramRun>>, scenarioFile: string, users: number) {
  const scenario = scenarioFromFile(scenarioFile);
  const blast = (p: TenantProfile, run: ProgramRun) => {
    const { policies, locations } = policiesAndLocationsOf(run.resources);
    return blastRadius(policies, locations, stackSyntheticDirectory(p, users), scenario, p.breakGlass.accounts.map((a) => a.userPrincipalName));
  };
  return { before: blast(before, runs.old!), after: blast(after, runs.new!) };
}

export function incidentCommand(): Command {
  const cmd = new Command("incident").description("Temporary, expiring relaxation of risk thresholds during an incident: plan, apply, revert, status, runbook");

  cmd.command("plan")
    .description("Diff of the stack with the incident profile applied, and the blast radius before and after")
    .option("-s, --stack <name>", "stack to plan for: stacks/Pulumi.<name>.yaml")
    .option("-c, --config-file <path>", "stack config file to plan for, instead of --stack")
    .requiredOption("-p, --profile <name>", "reviewed profile: stacks/incident/<name>.yaml, or a path to one")
    .option("--hours <n>", "relaxation length to plan for (default: the profile's maxDurationHours)")
    .option("--scenario <file>", "blast-radius scenario", "stacks/scenarios/april-2025.yaml")
    .option("--synthetic-users <n>", "synthetic directory size for the blast radius", String(DEFAULT_SYNTHETIC_USERS))
    .addOption(new Option("-f, --format <format>", "output format").choices(["text", "markdown", "json"]).default("text"))
    .option("-o, --out <file>", "write to this file (atomically) instead of stdout")
    .action(async (o) => {
      const file = stackFileOf(o);
      const base = loadProfile(o);
      const maxHours = readIncidentFile(incidentProfilePath(o.profile)).maxDurationHours;
      const hours = o.hours !== undefined ? Number(o.hours) : maxHours;
      if (!(hours > 0)) throw new UsageError(`--hours: '${o.hours}' is not a positive number of hours`);
      const { incident, reviewed } = incidentFor(o.profile, { ticket: "PLAN", hours });
      refuse(incidentProblems(incident, relaxableTenant(base), { reviewed }), reviewed.file);
      const relaxed = loadProfileFile(file, base.stack, { [INCIDENT_KEY]: incident });
      const users = Number(o.syntheticUsers);
      if (!Number.isInteger(users) || users <= 0) throw new UsageError(`--synthetic-users: '${o.syntheticUsers}' is not a positive whole number`);
      const runs: Partial<Record<"new" | "old", ProgramRun>> = {};
      const diff = await computeDiff(relaxed, async (plan) => plan(base), undefined, { onRun: (side, run) => { runs[side] = run; } });
      const blast = blastBeforeAfter(base, relaxed, runs, o.scenario, users);
      if (o.format === "json") { emit(JSON.stringify({ incident, diff, blastRadius: blast }, null, 2) + "\n", o.out); return; }
      const row = (k: keyof typeof blast.before.combined, label: string) => `| ${label} | ${blast.before.combined[k]} | ${blast.after.combined[k]} |`;
      const table = ["| Outcome | Before | After |", "|---|---:|---:|", row("blocked", "blocked"), row("passwordChange", "password change"), row("mfa", "MFA"), row("deviceOrApp", "device/app control"), row("unaffected", "unaffected")];
      const head = o.format === "markdown" ? `### Incident plan: \`${o.profile}\` on \`${base.stack}\`\n\n${incident.reason}\n` : `Incident plan: ${o.profile} on ${base.stack}\n${incident.reason}\n`;
      const blastTitle = `Blast radius: ${blast.before.scenario}, ${blast.before.users} users (break-glass: before ${JSON.stringify(blast.before.examples)}, after ${JSON.stringify(blast.after.examples)})`;
      emit(`${head}\n${renderDiff(diff, o.format === "markdown" ? "markdown" : "text")}\n${blastTitle}\n\n${table.join("\n")}\n`, o.out);
    });

  cmd.command("apply")
    .description("Write the incident into the stack config (guardrails:incident) and print the pulumi up to run; everything is validated before the file is touched")
    .option("-s, --stack <name>", "stack to relax: stacks/Pulumi.<name>.yaml")
    .option("-c, --config-file <path>", "stack config file to relax, instead of --stack")
    .requiredOption("-p, --profile <name>", "reviewed profile: stacks/incident/<name>.yaml, or a path to one")
    .requiredOption("--ticket <id>", "incident ticket, e.g. INC-123")
    .requiredOption("--expires <duration>", "how long from the start, e.g. 8h, 90m, 2d (at most the reviewed profile's maxDurationHours)")
    .option("--approved-by <names>", "comma-separated approvers (default: the profile's approvedBy)")
    .option("--starts-at <iso>", `start time (default: now; at most ${MAX_START_AHEAD_MINUTES} minutes ahead, since the relaxation is live once deployed)`)
    .action((o) => {
      const file = stackFileOf(o);
      const base = loadProfile(o);
      if (base.incident) throw new UsageError(`${file}: ${INCIDENT_KEY}: incident ${base.incident.ticket} is already applied; revert it first`);
      const hours = parseDurationHours(o.expires);
      if (hours === undefined || !(hours > 0) || !Number.isFinite(hours)) throw new UsageError(`--expires: '${o.expires}' is not a duration such as 8h, 90m or 2d`);
      const { incident } = incidentFor(o.profile, { ticket: o.ticket, hours, startsAt: o.startsAt, approvedBy: o.approvedBy });
      // The same reviewed file the policy pack will hold the applied incident to: stacks/incident/<profile>.yaml.
      const reviewed = reviewedProfileOf(incident.profile);
      refuse(incidentProblems(incident, relaxableTenant(base), { now: new Date(), reviewed }), path.relative(process.cwd(), incidentProfilePath(o.profile)));
      const before = readStackText(file);
      const after = insertIncident(before, incident, file);
      // The file every later command will read, validated before anything is written.
      loadProfileText(after, file, base.stack);
      writeStackFileInPlace(file, after);
      emit([
        `Applied incident ${incident.ticket} (${incident.profile}) to ${file}, live from deployment until ${incident.expiresAt}.`,
        "Deploy it with:",
        `  pulumi up --stack ${base.stack} --policy-pack policies --parallel 2`,
        `Revert before ${incident.expiresAt}: npx guardrails incident revert --stack ${base.stack}`,
        "",
      ].join("\n"), undefined);
    });

  cmd.command("revert")
    .description("Remove the incident from the stack config, restoring the file's exact bytes, and print the pulumi up to run")
    .option("-s, --stack <name>", "stack to restore: stacks/Pulumi.<name>.yaml")
    .option("-c, --config-file <path>", "stack config file to restore, instead of --stack")
    .action((o) => {
      const file = stackFileOf(o);
      const base = loadProfile(o);
      if (!base.incident) throw new UsageError(`${file}: ${INCIDENT_KEY}: no incident is applied`);
      const after = removeIncident(readStackText(file), file);
      loadProfileText(after, file, base.stack);
      writeStackFileInPlace(file, after);
      emit(`Reverted incident ${base.incident.ticket} in ${file}.\nDeploy it with:\n  pulumi up --stack ${base.stack} --policy-pack policies --parallel 2\n`, undefined);
    });

  cmd.command("status")
    .description("Show the applied incident; exit 1 when it has expired (for a scheduled CI check)")
    .option("-s, --stack <name>", "stack to check: stacks/Pulumi.<name>.yaml")
    .option("-c, --config-file <path>", "stack config file to check, instead of --stack")
    .option("--now <iso>", "evaluate as of this time (default: now)")
    .action((o) => {
      const base = loadProfile(o);
      const now = o.now ? new Date(o.now) : new Date();
      if (o.now !== undefined && !isCalendarDate(o.now)) throw new UsageError(`--now: '${o.now}' is not an ISO date-time such as 2026-11-23T08:00:00Z`);
      if (!base.incident) { emit(`${base.stack}: no incident applied\n`, undefined); return; }
      const i = base.incident;
      const expired = isExpired(i, now);
      emit(`${base.stack}: incident ${i.ticket} (${i.profile}) applied ${i.startsAt}, ${expired ? "EXPIRED" : "expires"} ${i.expiresAt}\n`, undefined);
      if (expired) process.exitCode = EXIT.violations;
    });

  cmd.command("runbook")
    .description("The admin procedure for a risk false-positive wave in a time window: KQL, users to reset, relax and revert")
    .requiredOption("--from <iso>", "start of the false-positive wave (ISO date-time)")
    .requiredOption("--to <iso>", "end of the wave (ISO date-time)")
    .option("-s, --stack <name>", "stack for the relax/revert commands", "prod")
    .option("-p, --profile <name>", "incident profile for the relax command", "relaxed-risk")
    .addOption(new Option("--detection <type>", "the wave's risk detection type").choices([...WAVE_DETECTIONS]).default("leakedCredentials"))
    .option("--signins <files...>", "sign-in exports of the window: list the affected users and print the Graph requests to review them")
    .option("--service-tags <file>", "with --signins: Azure's ServiceTags_Public_*.json, for the triage that splits dismiss from reset")
    .action(async (o) => {
      for (const [k, v] of [["--from", o.from], ["--to", o.to]]) if (!isCalendarDate(v)) throw new UsageError(`${k}: '${v}' is not an ISO date-time such as 2025-04-19T00:00:00Z`);
      if (Date.parse(o.to) <= Date.parse(o.from)) throw new UsageError("--to: must be after --from");
      const from = new Date(o.from).toISOString();
      const to = new Date(o.to).toISOString();
      let affected = "";
      if (o.signins) {
        const { affectedFromExports } = require("../incident/affectedRead") as typeof import("../incident/affectedRead");
        affected = "\n" + await affectedFromExports(o.signins, o.detection, { from, to }, o.serviceTags);
      }
      emit(renderRunbook(runbookSteps(from, to, o.stack, o.profile, o.detection), from, to) + affected, undefined);
    });
  for (const c of cmd.commands) c.exitOverride();
  return cmd;
}
