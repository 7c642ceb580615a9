/**
 * README sections generated from metadata, between `<!-- BEGIN name -->` and `<!-- END name -->`
 * markers, so tables cannot drift from code. `guardrails docs --write` refreshes them and a test
 * fails when the committed README is stale.
 */
import { ALERT_RULES } from "../../model/alerts/rules";
import { CATALOG, displayNameOf } from "../../model/catalog";
import { RULES } from "../../policies/rules";
import { DEFAULT_ROUTES } from "../../model/logs/routes";
import { CATEGORIES, REQUIRED_CATEGORIES } from "../../model/logs/categories";

type Generator = () => string;

const catalogTable: Generator = () => {
  const rows = CATALOG.map((c) => `| \`${c.key}\` | ${displayNameOf(c)} | ${c.risk ? `${c.risk === "userRisk" ? "user" : "sign-in"} risk threshold` : ""} | ${c.neverRelax ? "yes" : ""} |`);
  return ["| Key (`guardrails:rollout.policies.<key>`) | Display name | Threshold | Never relaxed |", "|---|---|---|:---:|", ...rows].join("\n");
};

const COMMON = new Set(["enabled", "severity", "evaluationFrequency", "windowSize"]);

const alertsTable: Generator = () => {
  const rows = ALERT_RULES.map((r) => {
    const d = r.params.parse({}) as Record<string, unknown>;
    const extra = Object.entries(d).filter(([k]) => !COMMON.has(k)).map(([k, v]) => `\`${k}\`: ${JSON.stringify(v).replace(/\|/g, "\\|")}`);
    return `| \`${r.key}\` | ${r.title} | Sev${String(d.severity)} | ${String(d.evaluationFrequency)} / ${String(d.windowSize)} | ${extra.join("<br>") || "—"} | ${r.description} |`;
  });
  return ["| Key (`guardrails:alerts.rules.<key>`) | Rule | Default severity | Frequency / window | Other settings (defaults) | What fires it |", "|---|---|---|---|---|---|", ...rows].join("\n");
};

const logSplitTable: Generator = () => {
  const rows = REQUIRED_CATEGORIES.map((c) => {
    const r = DEFAULT_ROUTES[c]!;
    return `| \`${c}\` | \`${CATEGORIES[c].table}\` | ${r.plan} | ${r.retentionInDays !== undefined ? `${r.retentionInDays} d` : "30 d (fixed)"} | ${r.totalRetentionInDays} d |`;
  });
  return ["| Category | Table | Default plan | Interactive retention | Total retention |", "|---|---|---|---|---|", ...rows].join("\n");
};

const rulesTable: Generator = () => {
  const rows = RULES.map((r) => {
    const keys = Object.entries(r.configSchema.properties).map(([k, p]) => `\`${k}\`${p.default !== undefined ? ` = ${JSON.stringify(p.default).replace(/\|/g, "\\|")}` : ""}`);
    return `| \`${r.name}\` | ${r.enforcementLevel} | ${r.severity} | ${r.kind} | ${r.description} | ${keys.join("<br>") || "—"} |`;
  });
  return ["| Rule | Default level | Severity | Scope | What it checks | Config keys (defaults) |", "|---|---|---|---|---|---|", ...rows].join("\n");
};

export const GENERATORS: Record<string, Generator> = { catalog: catalogTable, alerts: alertsTable, logsplit: logSplitTable, rules: rulesTable };

export function refreshReadme(readme: string): string {
  let out = readme;
  for (const [name, gen] of Object.entries(GENERATORS)) {
    const re = new RegExp(`(<!-- BEGIN ${name} -->)[\\s\\S]*?(<!-- END ${name} -->)`);
    if (!re.test(out)) throw new Error(`README.md has no <!-- BEGIN ${name} --> ... <!-- END ${name} --> section`);
    out = out.replace(re, (_m, a: string, b: string) => `${a}\n${gen()}\n${b}`);
  }
  return out;
}
