/**
 * YAML from users (stack configs, incident profiles, scenarios), parsed defensively: linear in the
 * size of a mapping (the yaml package's own duplicate-key check is quadratic: 40,000 keys took 12 s),
 * aliases bounded (an alias bomb expands exponentially), circular aliases and deep nesting refused,
 * every problem reported with its line. Throws `YamlInputError`; callers add the file name.
 */
import { isMap, isScalar, parseDocument, visit } from "yaml";
import { hostileShape } from "./own";

export class YamlInputError extends Error {
  constructor(readonly line: number | undefined, readonly detail: string, readonly keyPath: (string | number)[] = []) {
    super(`${line !== undefined ? `line ${line}: ` : ""}${detail}`);
  }
}

const lineOf = (text: string, offset: number) => {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
};

export function parseYamlInput(text: string): unknown {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: false });
  if (doc.errors.length > 0) {
    const err = doc.errors[0];
    throw new YamlInputError(lineOf(text, err.pos[0]), `invalid YAML: ${err.message.split("\n")[0]}`);
  }
  let duplicate: YamlInputError | undefined;
  visit(doc, {
    Map(_key, node) {
      if (duplicate || !isMap(node)) return duplicate ? visit.BREAK : undefined;
      const seen = new Set<string>();
      for (const pair of node.items) {
        const k = isScalar(pair.key) ? String(pair.key.value) : JSON.stringify(pair.key);
        if (seen.has(k)) {
          duplicate = new YamlInputError(lineOf(text, (pair.key as { range?: number[] })?.range?.[0] ?? 0), `duplicate key '${k}'`);
          return visit.BREAK;
        }
        seen.add(k);
      }
      return undefined;
    },
  });
  if (duplicate) throw duplicate;
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: 100 });
  } catch (e) {
    throw new YamlInputError(undefined, `invalid YAML: ${(e as Error).message.split("\n")[0]}`);
  }
  const hostile = hostileShape(value);
  if (hostile) throw new YamlInputError(undefined, hostile.problem, hostile.path);
  return value;
}
