/**
 * Sign-in error codes a responder meets, in words, and what each means for triage. Source: Microsoft
 * Entra authentication and authorization error codes (entra-docs `reference-error-codes`), as listed
 * in shared/reference/signin-logs.md "Error codes worth naming".
 */
export interface ErrorCodeInfo {
  text: string;
  /** `credential`: a wrong or locked credential (an attempt that failed); `interrupt`: the user was asked for more (MFA, consent); `policy`: Conditional Access or security defaults refused it. */
  kind: "credential" | "interrupt" | "policy" | "other";
}

export const ERROR_CODES: Readonly<Record<number, ErrorCodeInfo>> = {
  50126: { text: "invalid username or password", kind: "credential" },
  50053: { text: "account locked (too many attempts) or sign-in from a malicious IP blocked", kind: "credential" },
  50055: { text: "password expired", kind: "credential" },
  50057: { text: "user account is disabled", kind: "credential" },
  50074: { text: "strong authentication required (MFA prompt)", kind: "interrupt" },
  50076: { text: "strong authentication required (MFA prompt, e.g. new location)", kind: "interrupt" },
  50079: { text: "user must register for MFA", kind: "interrupt" },
  50140: { text: "\"keep me signed in\" interrupt", kind: "interrupt" },
  50158: { text: "external security challenge not satisfied", kind: "interrupt" },
  500121: { text: "MFA failed (denied, timed out or not answered)", kind: "credential" },
  53000: { text: "device not compliant (Conditional Access)", kind: "policy" },
  53003: { text: "blocked by Conditional Access", kind: "policy" },
  530032: { text: "blocked by security defaults or policy", kind: "policy" },
  70044: { text: "session expired or revoked; sign in again", kind: "other" },
};

export function explainError(code: number | undefined): string {
  if (code === undefined || code === 0) return "success";
  return ERROR_CODES[code] ? `${code} ${ERROR_CODES[code].text}` : `${code} (see Microsoft Entra error codes)`;
}

/** An attempt that failed on the credential itself: what a spray or a guess produces (MFA prompts are not failures). */
export function isFailedAttempt(code: number | undefined): boolean {
  return code !== undefined && code !== 0 && ERROR_CODES[code]?.kind !== "interrupt" && ERROR_CODES[code]?.kind !== "policy";
}
