import { readFileSync } from "node:fs";
import { serviceTagIndex, TriageInputError } from "../../model/triage/networks";
import { UsageError } from "../io";

/** `--service-tags <file>`: Azure's ServiceTags_Public_*.json as a prefix index; a bad file is a one-line error. */
export function serviceTagsFile(file: string | undefined) {
  if (!file) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UsageError(`${file}: ${code ? `cannot read (${code})` : `not valid JSON (${(e as Error).message})`}`);
  }
  try {
    return serviceTagIndex(json, file);
  } catch (e) {
    if (e instanceof TriageInputError) throw new UsageError(e.message);
    throw e;
  }
}
