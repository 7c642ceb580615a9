import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { parseDocument } from "yaml";

export const ROOT = path.resolve(__dirname, "..", "..");
export const stackFile = (stack: string) => path.join(ROOT, "stacks", `Pulumi.${stack}.yaml`);

/** Copies a shipped stack config into a temp dir after `edit` changes its parsed `config:` map. */
export function writeVariant(stack: string, edit: (config: Record<string, any>) => void, fileName = `Pulumi.${stack}.yaml`): string {
  const doc = parseDocument(readFileSync(stackFile(stack), "utf8"));
  const root = doc.toJS() as { config: Record<string, any> };
  edit(root.config);
  const dir = mkdtempSync(path.join(tmpdir(), "guardrails-"));
  const file = path.join(dir, fileName);
  writeFileSync(file, JSON.stringify(root, null, 2)); // JSON is YAML
  return file;
}

/** A shipped stack's profile after `edit` changes its parsed `config:` map (no file written). */
export function profileVariant(stack: string, edit: (config: Record<string, any>) => void = () => undefined) {
  // Required lazily so helpers stay importable from tests that mock modules.
  const { parseProfile } = require("../../model/profile/load") as typeof import("../../model/profile/load");
  const root = parseDocument(readFileSync(stackFile(stack), "utf8")).toJS() as { config: Record<string, any> };
  edit(root.config);
  return parseProfile(root.config, stackFile(stack), stack);
}
