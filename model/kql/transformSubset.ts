/**
 * Simple log alerts (the only alerts a Basic table allows) run their query per record, like an
 * ingestion-time transformation, and accept only the transformation subset of KQL. The lists below
 * are Microsoft's "Supported KQL features in Azure Monitor transformations"
 * (MicrosoftDocs/azure-monitor-docs, articles/azure-monitor/data-collection/
 * data-collection-transformations-kql.md, ms.date 01/20/2026): "Only the operators listed in this
 * article are supported", and dynamic literals must be written with `parse_json`.
 * The check is lexical (string literals removed first), on top of the type check in `check.ts`.
 */

/** "Supported tabular operators" (plus `print`, a supported data source). */
export const TRANSFORM_TABULAR_OPERATORS = ["extend", "project", "print", "where", "parse", "project-away", "project-rename", "datatable", "columnifexists"] as const;

/** "Supported scalar operators": string operators as listed; numeric, datetime and logical operators are symbols or and/or. */
export const TRANSFORM_STRING_OPERATORS = [
  "==", "!=", "=~", "!~", "contains", "!contains", "contains_cs", "!contains_cs", "has", "!has", "has_cs", "!has_cs",
  "startswith", "!startswith", "startswith_cs", "!startswith_cs", "endswith", "!endswith", "endswith_cs", "!endswith_cs",
  "matches regex", "in", "!in",
] as const;

/** "Scalar functions" and "Special functions" of the article. */
export const TRANSFORM_FUNCTIONS = [
  "binary_and", "binary_or", "binary_not", "binary_shift_left", "binary_shift_right", "binary_xor",
  "tobool", "todatetime", "todouble", "toreal", "toguid", "toint", "tolong", "tostring", "totimespan",
  "ago", "datetime_add", "datetime_diff", "datetime_part", "dayofmonth", "dayofweek", "dayofyear", "endofday", "endofmonth",
  "endofweek", "endofyear", "getmonth", "getyear", "hourofday", "make_datetime", "make_timespan", "now", "startofday",
  "startofmonth", "startofweek", "startofyear", "weekofyear",
  "array_concat", "array_length", "pack_array", "pack", "parse_json", "parse_xml", "zip",
  "abs", "bin", "floor", "ceiling", "exp", "exp10", "exp2", "isfinite", "isinf", "isnan", "log", "log10", "log2", "pow", "round", "sign",
  "case", "iif", "max_of", "min_of",
  "base64_encodestring", "base64_decodestring", "countof", "extract", "extract_all", "indexof", "isempty", "isnotempty",
  "split", "strcat", "strcat_delim", "strlen", "substring", "tolower", "toupper", "hash_sha256",
  "gettype", "isnotnull", "isnull",
  "parse_cef_dictionary", "geo_location",
] as const;

/** KQL string and set operators that exist but are not in the subset (so a use of them is reported by name). */
const OTHER_STRING_OPERATORS = [
  "in~", "!in~", "has_any", "has_all", "hasprefix", "!hasprefix", "hasprefix_cs", "!hasprefix_cs", "hassuffix", "!hassuffix",
  "hassuffix_cs", "!hassuffix_cs", "between", "!between", "like", "notlike",
];

const LOGICAL = new Set(["and", "or", "by", "with", "on", "kind", "true", "false", "null"]);

/** Replaces string literals ("…", '…', @"…", h"…") with empty quotes so their content is never read as KQL. */
function withoutStrings(query: string): string {
  return query
    .replace(/[@h]?"(?:[^"\\\n]|\\.)*"/g, '""')
    .replace(/[@h]?'(?:[^'\\\n]|\\.)*'/g, "''")
    .replace(/\/\/[^\n]*/g, "");
}

/** Every KQL feature in `query` outside the transformation subset; empty when a simple log alert accepts it. */
export function transformSubsetProblems(query: string): string[] {
  const text = withoutStrings(query);
  const problems = new Set<string>();
  const stages = text.split("|").map((s) => s.trim());
  if (!/^[A-Za-z_][\w]*$/.test(stages[0])) problems.add(`the query must start with a table name, not '${stages[0].split(/\s+/)[0]}'`);
  for (const stage of stages.slice(1)) {
    const op = /^[a-z][a-z-]*/.exec(stage)?.[0] ?? stage;
    if (!(TRANSFORM_TABULAR_OPERATORS as readonly string[]).includes(op)) problems.add(`tabular operator '${op}' is not supported`);
  }
  for (const op of OTHER_STRING_OPERATORS) {
    const escaped = op.replace(/[!~]/g, (c) => `\\${c}`);
    if (new RegExp(`(^|[\\s)])${escaped}(?=[\\s(])`).test(text)) problems.add(`operator '${op}' is not supported`);
  }
  for (const m of text.matchAll(/([A-Za-z_][\w]*)\s*\(/g)) {
    const fn = m[1];
    if (LOGICAL.has(fn) || fn === "in" || fn === "has") continue;
    if (fn === "dynamic") problems.add("dynamic literals are not supported: use parse_json('[...]')");
    else if (!(TRANSFORM_FUNCTIONS as readonly string[]).includes(fn)) problems.add(`function '${fn}()' is not supported`);
  }
  return [...problems];
}
