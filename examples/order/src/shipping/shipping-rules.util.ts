/** ISO 3166 codes the carrier does not deliver to. */
export const UnservedCountries: ReadonlySet<string> = new Set(['AQ']);

/** Whether shipments to `country` (ISO 3166 alpha-2, any case) can be created. */
export function isDestinationServed(country: string): boolean {
  return !UnservedCountries.has(country.toUpperCase());
}
