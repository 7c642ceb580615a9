/**
 * The sign-in splitter's fast paths against JSON.parse: for any records (with strings that imitate
 * record boundaries, nested objects keyed `id`, any key order), written compact, pretty, as pages or
 * NDJSON and fed in any chunk sizes, the records come out exactly as JSON.parse of the whole reads
 * them; mutated bytes end in records or a SyntaxError, never a hang or another error. FUZZ_SCALE scales runs.
 */
import fc from "fast-check";
import { JsonRecordSplitter } from "../../model/signins/jsonRecords";

const SCALE = Number(process.env.FUZZ_SCALE ?? 1);
const tricky = fc.constantFrom('},{"id":"x","createdDateTime":', '"}', "\\", "\n", '{"id":"', "]}", '\\"', "é", "😀", "");
const text = fc.array(fc.oneof(fc.string(), tricky), { maxLength: 4 }).map((xs) => xs.join(""));
const nested = fc.record({ id: text, displayName: text, result: text });
const record = fc.tuple(text, fc.date({ noInvalidDate: true, min: new Date("2020-01-01"), max: new Date("2030-01-01") }), fc.array(nested, { maxLength: 4 }), fc.dictionary(fc.string({ maxLength: 5 }), text, { maxKeys: 3 }), fc.boolean())
  .map(([id, t, policies, extra, idFirst]) => (idFirst
    ? { id, createdDateTime: t.toISOString(), appliedConditionalAccessPolicies: policies, ...extra }
    : { createdDateTime: t.toISOString(), id, appliedConditionalAccessPolicies: policies, ...extra }));

function split(text: string, sizes: number[]): unknown[] {
  const s = new JsonRecordSplitter();
  const buf = Buffer.from(text, "utf8");
  const out: unknown[] = [];
  let at = 0, k = 0;
  while (at < buf.length) {
    const n = Math.max(1, sizes[k++ % sizes.length]);
    for (const r of s.push(buf.subarray(at, at + n))) out.push(r.value !== undefined ? r.value : JSON.parse(r.text!));
    at += n;
  }
  s.end();
  return out;
}

const layouts = {
  "compact array": (rs: object[]) => JSON.stringify(rs),
  "pretty array": (rs: object[]) => JSON.stringify(rs, null, 2),
  "compact pages, one per line": (rs: object[]) => [JSON.stringify({ value: rs.slice(0, 2), "@odata.nextLink": "n" }), JSON.stringify({ value: rs.slice(2) })].join("\n") + "\n",
  "pretty page": (rs: object[]) => JSON.stringify({ "@odata.context": "c", value: rs }, null, 1),
  "NDJSON": (rs: object[]) => rs.map((r) => JSON.stringify(r)).join("\n") + "\n",
};

describe.each(Object.entries(layouts))("%s", (_name, layout) => {
  test("records equal JSON.parse's, in any chunking", () => {
    fc.assert(fc.property(fc.array(record, { maxLength: 8 }), fc.array(fc.integer({ min: 1, max: 400 }), { minLength: 1, maxLength: 5 }), (rs, sizes) => {
      expect(split(layout(rs), sizes)).toEqual(JSON.parse(JSON.stringify(rs)));
    }), { numRuns: 150 * SCALE });
  });
});

test("mutated bytes: records or a SyntaxError, nothing else", () => {
  fc.assert(fc.property(fc.array(record, { minLength: 1, maxLength: 5 }), fc.nat(), fc.integer({ min: 0, max: 255 }), fc.array(fc.integer({ min: 1, max: 300 }), { minLength: 1, maxLength: 3 }), (rs, pos, byte, sizes) => {
    const b = Buffer.from(JSON.stringify(rs, null, pos % 2 ? 2 : undefined), "utf8");
    b[pos % b.length] = byte;
    try {
      split(b.toString("latin1"), sizes);
    } catch (e) {
      expect(e).toBeInstanceOf(SyntaxError);
    }
  }), { numRuns: 300 * SCALE });
});
