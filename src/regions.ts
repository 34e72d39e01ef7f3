/**
 * Guidewire Cloud regions: Database API base URL and Guidewire Hub (Okta) token URL
 * (docs/api.md, "Regions"). SWITZERLAND is a Guidewire Hub region with no published Database API
 * URL: it presets the token URL only.
 */
export interface Region {
  baseUrl?: string
  tokenUrl: string
}

const HUB_AMER = 'https://guidewire-hub.okta.com/oauth2/aus11vix3uKEpIfSI357/v1/token'
const HUB_EMEA = 'https://guidewire-hub-eu.okta.com/oauth2/ausc2q01c40dNZII0416/v1/token'
const HUB_APAC = 'https://guidewire-hub-apac.okta.com/oauth2/ausbg05gfcTZQ7bpH3l6/v1/token'
const databaseApi = (planet: string): string =>
  `https://databaseservice.api.${planet}.guidewire.net`

export const REGIONS: Readonly<Record<string, Region>> = {
  AMER: { baseUrl: databaseApi('omega2-andromeda'), tokenUrl: HUB_AMER },
  CANADA: { baseUrl: databaseApi('omega2-butterfly'), tokenUrl: HUB_AMER },
  EMEA: { baseUrl: databaseApi('omega2-cartwheel'), tokenUrl: HUB_EMEA },
  APAC: { baseUrl: databaseApi('omega2-circinus'), tokenUrl: HUB_APAC },
  JAPAN: { baseUrl: databaseApi('omega2-milkyway'), tokenUrl: HUB_APAC },
  SWITZERLAND: { tokenUrl: HUB_EMEA }
}
