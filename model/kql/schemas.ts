/**
 * Column schemas of the Entra Log Analytics tables (copied from shared/reference/la-schemas with
 * their source note, schemas/SOURCE.md): the database the KQL checker analyses queries against.
 */
import AADManagedIdentitySignInLogs from "./schemas/AADManagedIdentitySignInLogs.json";
import AADNonInteractiveUserSignInLogs from "./schemas/AADNonInteractiveUserSignInLogs.json";
import AADProvisioningLogs from "./schemas/AADProvisioningLogs.json";
import AADRiskyServicePrincipals from "./schemas/AADRiskyServicePrincipals.json";
import AADRiskyUsers from "./schemas/AADRiskyUsers.json";
import AADServicePrincipalRiskEvents from "./schemas/AADServicePrincipalRiskEvents.json";
import AADServicePrincipalSignInLogs from "./schemas/AADServicePrincipalSignInLogs.json";
import AADUserRiskEvents from "./schemas/AADUserRiskEvents.json";
import ADFSSignInLogs from "./schemas/ADFSSignInLogs.json";
import AuditLogs from "./schemas/AuditLogs.json";
import MicrosoftGraphActivityLogs from "./schemas/MicrosoftGraphActivityLogs.json";
import SigninLogs from "./schemas/SigninLogs.json";

export interface TableSchema {
  table: string;
  source: string;
  columns: { name: string; type: string }[];
}

export const TABLE_SCHEMAS: readonly TableSchema[] = [AADManagedIdentitySignInLogs, AADNonInteractiveUserSignInLogs, AADProvisioningLogs, AADRiskyServicePrincipals, AADRiskyUsers, AADServicePrincipalRiskEvents, AADServicePrincipalSignInLogs, AADUserRiskEvents, ADFSSignInLogs, AuditLogs, MicrosoftGraphActivityLogs, SigninLogs];
