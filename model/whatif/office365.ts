/**
 * Members of the `Office365` app group of Conditional Access (Graph `conditionalAccessApplications`
 * refers to "Apps included in Conditional Access Office 365 app suite"). This is the subset of
 * well-known first-party app ids the kit is sure of; extend it as data when you need more.
 */
export const OFFICE365_APPS: Readonly<Record<string, string>> = {
  "00000002-0000-0ff1-ce00-000000000000": "Office 365 Exchange Online",
  "00000003-0000-0ff1-ce00-000000000000": "Office 365 SharePoint Online",
  "00000004-0000-0ff1-ce00-000000000000": "Skype for Business Online",
  "00000005-0000-0ff1-ce00-000000000000": "Yammer",
  "cc15fd57-2c6c-4117-a88c-83b1d56b4bbe": "Microsoft Teams Services",
  "4765445b-32c6-49b0-83e6-1d93765276ca": "OfficeHome",
};

export function isOffice365App(appId: string): boolean {
  return appId.toLowerCase() in OFFICE365_APPS;
}
