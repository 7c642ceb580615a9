/**
 * A blast-radius scenario: sign-in conditions applied to a whole population, with variants
 * (client apps, platforms, locations) multiplied out per user.
 */
import { z } from "zod";

const risk = z.enum(["none", "low", "medium", "high"]);

export const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  description: z.string().default(""),
  /** Which users: everyone in the directory, or members of these group ids. */
  population: z.union([z.literal("all"), z.strictObject({ groups: z.array(z.string().min(1)).min(1) })]).default("all"),
  signIn: z.strictObject({
    applications: z.array(z.string().min(1)).min(1),
    userRiskLevel: risk.optional(),
    signInRiskLevel: risk.optional(),
    authenticationFlow: z.string().optional(),
  }),
  variants: z.strictObject({
    clientAppType: z.array(z.enum(["browser", "mobileAppsAndDesktopClients", "exchangeActiveSync", "other"])).min(1).default(["browser"]),
    devicePlatform: z.array(z.enum(["android", "iOS", "windows", "macOS", "linux"])).min(1).default(["windows"]),
    location: z.array(z.strictObject({ name: z.string().min(1), ipAddress: z.string().optional(), country: z.string().length(2).optional() })).min(1),
  }),
});
export type Scenario = z.output<typeof scenarioSchema>;
