import { Command } from "commander";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { stringify } from "yaml";
import { CA_POLICY_TYPE } from "../../model/azuread";
import { CATALOG, displayNameOf } from "../../model/catalog";
import { adoptTenant, type ImportReport } from "../../model/import/adopt";
import { pulumiImportDocument } from "../../model/import/pulumiImport";
import { isGuid } from "../../model/references";
import { ConfigError, loadProfileText, readStackConfig, stackConfigPath } from "../../model/profile/load";
import { SECRET_KEYS } from "../../model/profile/schema";
import { configuredBreakGlassIds } from "../../model/tenant";
import { parseYamlInput } from "../../model/yamlInput";
import { emit, loadProfile, PROJECT_ROOT, UsageError } from "../io";
import { directoryFromFile, locationsFromFiles, policiesFromFiles } from "../whatif/inputs";

interface Opts {
  policies: string; locations?: string; directory?: string; stack: string; base?: string; map?: string;
  dryRun?: boolean; skipUnsupported?: boolean; skipInvalid?: boolean; today?: string; pulumiImport?: string;
}

/** Keys a stack needs that an export cannot supply. */
const NEEDED = ["tenant", "breakGlass", "logs", "alerts"];

function readMap(file: string | undefined): Record<string, string> {
  if (!file) return {};
  let raw: unknown;
  try {
    raw = parseYamlInput(readFileSync(file, "utf8"));
  } catch (e) {
    throw new UsageError(`${file}: cannot read the map (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  if (!raw || typeof raw !== "object" || Array.isArray(raw) || !Object.values(raw).every((v) => typeof v === "string")) {
    throw new UsageError(`${file}: must map each placeholder or id to a directory name (key: name)`);
  }
  return raw as Record<string, string>;
}

function reportLines(r: ImportReport): string[] {
  return [
    ...r.missingBreakGlass.map((p) => `BREAK-GLASS: '${p}' does not exclude the declared break-glass accounts and group; the kit adds them on deployment`),
    ...r.catalog.map((c) => `catalog: '${c.policy}' is the catalog policy ${c.key}`),
    ...r.nearMisses.map((m) => `near miss: '${m.policy}' is almost ${m.key}; differs in ${m.differs.join(", ")} (imported as a custom policy)`),
    ...r.custom.map((c) => `custom: '${c.policy}' → guardrails:customPolicies.${c.key}`),
    ...r.unsupported.map((u) => `NOT IMPORTED: ${u}`),
    ...r.warnings.map((w) => `warning: ${w}`),
  ];
}

export function importCommand(): Command {
  return new Command("import")
    .description("Adopt a live tenant: write stacks/Pulumi.<stack>.yaml declaring exactly its policies and named locations")
    .requiredOption("--policies <file|dir>", "Conditional Access policies exported from Graph (as whatif --policies reads them)")
    .option("--locations <file|dir>", "named locations exported from Graph")
    .option("--directory <file>", "directory JSON (users, groups) to name the ids the policies hold")
    .requiredOption("-s, --stack <name>", "the stack to write: stacks/Pulumi.<name>.yaml")
    .option("--base <stack>", "take tenant, break-glass, logs, alerts, admin roles and the canary group from this stack")
    .option("--map <file>", "YAML or JSON: placeholder or id → directory name")
    .option("--skip-unsupported", "leave out (and list) policies the provider cannot express, instead of refusing the import")
    .option("--skip-invalid", "in a folder of exports, go on past files that cannot be read")
    .option("--today <date>", "adoption date YYYY-MM-DD (default: today)")
    .option("--pulumi-import <file>", "also write the `pulumi import --file` document that adopts the live policies and named locations")
    .option("--dry-run", "print the stack file instead of writing it")
    .action(async (o: Opts) => {
      if (!/^[A-Za-z0-9_.-]+$/.test(o.stack)) throw new UsageError(`--stack: '${o.stack}' is not a valid stack name`);
      const today = o.today ?? new Date().toISOString().slice(0, 10);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(today)) throw new UsageError(`--today: '${today}' is not a date YYYY-MM-DD`);
      const warnings: string[] = [];
      const skipped: string[] = [];
      const reading = { warnings, skipped, skipInvalid: o.skipInvalid };
      const policies = policiesFromFiles(o.policies, reading);
      const locations = o.locations ? locationsFromFiles(o.locations, reading) : [];
      const directory = o.directory ? directoryFromFile(o.directory) : undefined;
      const baseProfile = o.base ? loadProfile({ stack: o.base }) : undefined;
      const baseRaw = o.base ? readStackConfig(stackConfigPath(PROJECT_ROOT, o.base)) : {};
      const base = Object.fromEntries(Object.entries(baseRaw).filter(([k]) => k.startsWith("guardrails:")).map(([k, v]) => [k.slice(11), v]));
      const { config, report } = adoptTenant({ policies, locations, directory, map: readMap(o.map), base: o.base ? base : undefined, breakGlass: baseProfile ? configuredBreakGlassIds(baseProfile) : undefined, today });
      if (report.unresolvedPlaceholders.length > 0) throw new UsageError(`${o.policies}: placeholders need --map entries: ${report.unresolvedPlaceholders.join("; ")}`);
      if (report.unsupported.length > 0 && !o.skipUnsupported) throw new UsageError(`${o.policies}: the provider cannot express: ${report.unsupported.join("; ")} (--skip-unsupported leaves these policies out, listed)`);
      for (const w of [...warnings, ...skipped]) report.warnings.push(w);

      const file = stackConfigPath(PROJECT_ROOT, o.stack);
      const others = Object.fromEntries(Object.entries(baseRaw).filter(([k]) => !k.startsWith("guardrails:")));
      const missing = NEEDED.filter((k) => !Object.hasOwn(config, k));
      const header = [
        "# yaml-language-server: $schema=./guardrails.schema.json",
        `# Adopted from a live tenant by \`guardrails import\` on ${today} (${policies.length} policies, ${locations.length} named locations).`,
        ...(o.base ? [`# Tenant, break-glass, logs, alerts and admin roles from stack '${o.base}'.`] : []),
        ...(missing.length ? [`# Still needed before \`guardrails plan\`: ${missing.map((k) => `guardrails:${k}`).join(", ")}.`] : []),
        // Ciphertexts are per stack: the copies let the offline plan run, the real CLI needs them set again.
        ...(o.base ? SECRET_KEYS.filter((k) => Object.hasOwn(baseRaw, `guardrails:${k}`)).map((k) => `# Copied from '${o.base}': set it again for this stack before pulumi up: pulumi config set --secret guardrails:${k} <value>`) : []),
      ];
      const text = `${header.join("\n")}\n${stringify({ config: { ...others, ...Object.fromEntries(Object.entries(config).map(([k, v]) => [`guardrails:${k}`, v])) } }, { lineWidth: 0 })}`;
      if (missing.length === 0) {
        try {
          loadProfileText(text, path.relative(process.cwd(), file) || file, o.stack);
        } catch (e) {
          if (e instanceof ConfigError) throw new UsageError(`the imported stack would not load: ${e.message}`);
          throw e;
        }
      }
      if (o.pulumiImport) {
        if (missing.length) throw new UsageError(`--pulumi-import needs a complete stack (--base): ${missing.map((k) => `guardrails:${k}`).join(", ")} missing`);
        const profile = loadProfileText(text, path.relative(process.cwd(), file) || file, o.stack);
        const { runProgram } = require("../engine/run") as typeof import("../engine/run");
        const run = await runProgram(profile);
        const byDisplayName = new Map(policies.map((p) => [p.displayName, p.id]));
        for (const c of report.catalog) byDisplayName.set(displayNameOf(CATALOG.find((x) => x.key === c.key)!), policies.find((p) => p.displayName === c.policy)?.id);
        const liveId = (type: string, displayName: string) => type === CA_POLICY_TYPE ? byDisplayName.get(displayName) : locations.find((l) => l.displayName === displayName && isGuid(l.id))?.id;
        emit(JSON.stringify(pulumiImportDocument(run.resources, liveId), null, 2) + "\n", o.pulumiImport);
      }
      for (const l of reportLines(report)) process.stderr.write(`guardrails: ${l}\n`);
      if (missing.length) process.stderr.write(`guardrails: the new stack still needs ${missing.map((k) => `guardrails:${k}`).join(", ")} (or use --base <stack>)\n`);
      if (o.dryRun) { emit(text, undefined); return; }
      if (existsSync(file)) throw new UsageError(`${path.relative(process.cwd(), file)}: exists; choose another --stack or remove it first`);
      emit(text, path.relative(process.cwd(), file) || file);
    });
}
