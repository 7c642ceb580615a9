/**
 * Textual forms Graph and Azure accept, checked strictly: what JavaScript's lenient parsers take
 * (`0xcb.0.113.0`, `3405803776`, `2026-02-30`) would be sent verbatim or silently shifted.
 */
import * as ipaddr from "ipaddr.js";

const OCTET = "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4_CIDR = new RegExp(`^${OCTET}(\\.${OCTET}){3}/(3[0-2]|[12]?\\d)$`);
const IPV6_PREFIX = /\/(12[0-8]|1[01]\d|[1-9]?\d)$/;

/** Why `s` is not a CIDR range in the canonical textual form, or undefined when it is. */
export function cidrProblem(s: string): string | undefined {
  if (s.includes(":")) {
    const [addr] = s.split("/");
    if (!IPV6_PREFIX.test(s) || s.split("/").length !== 2 || addr.includes("%") || !ipaddr.IPv6.isValid(addr)) {
      return `'${s}' is not an IPv6 CIDR range such as 2001:db8::/48 (no zone id, prefix 0-128 without leading zeros)`;
    }
    return undefined;
  }
  if (!IPV4_CIDR.test(s)) return `'${s}' is not a CIDR range such as 203.0.113.0/24 (four decimal octets, prefix 0-32 without leading zeros)`;
  return undefined;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(T(\d{2}):(\d{2})(:(\d{2})(\.\d+)?)?(Z|[+-](\d{2}):(\d{2})))?$/;

/** YYYY-MM-DD or an ISO date-time with zone, and a real calendar day and time (no 2026-02-30, no 25:00). */
export function isCalendarDate(s: string): boolean {
  const m = ISO_DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const day = new Date(Date.UTC(y, mo - 1, d));
  if (day.getUTCFullYear() !== y || day.getUTCMonth() !== mo - 1 || day.getUTCDate() !== d) return false;
  if (m[4] && (Number(m[5]) > 23 || Number(m[6]) > 59 || Number(m[8] ?? 0) > 59 || Number(m[11] ?? 0) > 23 || Number(m[12] ?? 0) > 59)) return false;
  return !Number.isNaN(Date.parse(s));
}
