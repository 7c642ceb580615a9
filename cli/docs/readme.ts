/**
 * README sections generated from metadata, between `<!-- BEGIN name -->` and `<!-- END name -->`
 * markers, so tables cannot drift from code. `guardrails docs --write` refreshes them and a test
 * fails when the committed README is stale.
 */
import { CATALOG, displayNameOf } from "../../model/catalog";

type Generator = () => string;

const catalogTable: Generator = () => {
  const rows = CATALOG.map((c) => `| \`${c.key}\` | ${displayNameOf(c)} | ${c.risk ? `${c.risk === "userRisk" ? "user" : "sign-in"} risk threshold` : ""} | ${c.neverRelax ? "yes" : ""} |`);
  return ["| Key (`guardrails:rollout.policies.<key>`) | Display name | Threshold | Never relaxed |", "|---|---|---|:---:|", ...rows].join("\n");
};

export const GENERATORS: Record<string, Generator> = { catalog: catalogTable };

export function refreshReadme(readme: string): string {
  let out = readme;
  for (const [name, gen] of Object.entries(GENERATORS)) {
    const re = new RegExp(`(<!-- BEGIN ${name} -->)[\\s\\S]*?(<!-- END ${name} -->)`);
    if (!re.test(out)) throw new Error(`README.md has no <!-- BEGIN ${name} --> ... <!-- END ${name} --> section`);
    out = out.replace(re, (_m, a: string, b: string) => `${a}\n${gen()}\n${b}`);
  }
  return out;
}
