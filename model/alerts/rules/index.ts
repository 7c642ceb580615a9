import type { AlertRuleDefinition } from "../types";
import { breakGlassDirectoryChange } from "./breakGlassDirectoryChange";
import { breakGlassSignIn } from "./breakGlassSignIn";
import { caPolicyChange } from "./caPolicyChange";
import { leakedCredentialBurst } from "./leakedCredentialBurst";
import { lockoutStorm } from "./lockoutStorm";
import { mfaMethodRemoved } from "./mfaMethodRemoved";
import { refreshTokenRevocationStorm } from "./refreshTokenRevocationStorm";
import { riskSpike } from "./riskSpike";

export const ALERT_RULES: readonly AlertRuleDefinition[] = [
  breakGlassSignIn,
  breakGlassDirectoryChange,
  riskSpike,
  leakedCredentialBurst,
  lockoutStorm,
  caPolicyChange,
  refreshTokenRevocationStorm,
  mfaMethodRemoved,
];
