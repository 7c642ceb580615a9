import type { GuardrailRule } from "../framework/types";
import { alertsOnAlertableTables } from "./alertsOnAlertableTables";
import { blockNeedsLongerSoak } from "./blockNeedsLongerSoak";
import { breakGlassAlertPresent } from "./breakGlassAlertPresent";
import { breakGlassExcluded } from "./breakGlassExcluded";
import { breakGlassGroupSize } from "./breakGlassGroupSize";
import { breakGlassNeverBlocked } from "./breakGlassNeverBlocked";
import { canaryScope } from "./canaryScope";
import { incidentExpired } from "./incidentExpired";
import { incidentProfileValid } from "./incidentProfileValid";
import { maintenanceWindow } from "./maintenanceWindow";
import { newPolicyReportOnly } from "./newPolicyReportOnly";
import { promotionEvidence } from "./promotionEvidence";
import { protectedInProduction } from "./protectedInProduction";
import { referencesAreGuids } from "./referencesAreGuids";
import { requiredLogCategories } from "./requiredLogCategories";
import { riskRemediationOverBlock } from "./riskRemediationOverBlock";
import { rolloutOrder } from "./rolloutOrder";
import { staleReportOnly } from "./staleReportOnly";

/** Every rule of the pack, in the order the README lists them. */
export const RULES: readonly GuardrailRule[] = [
  breakGlassExcluded,
  breakGlassNeverBlocked,
  breakGlassGroupSize,
  rolloutOrder,
  newPolicyReportOnly,
  promotionEvidence,
  canaryScope,
  blockNeedsLongerSoak,
  maintenanceWindow,
  staleReportOnly,
  referencesAreGuids,
  requiredLogCategories,
  alertsOnAlertableTables,
  breakGlassAlertPresent,
  protectedInProduction,
  riskRemediationOverBlock,
  incidentProfileValid,
  incidentExpired,
];
