/** The smart-configuration URL of a FHIR base URL (a trailing slash is ignored). */
export function smartConfigurationUrl(fhirBaseUrl: string): string {
  return `${fhirBaseUrl.replace(/\/+$/, "")}/.well-known/smart-configuration`;
}
