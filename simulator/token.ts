/** The simulated Guidewire Hub token endpoint: OAuth2 client credentials, form-encoded. */
import { randomBytes } from 'node:crypto'

export const TOKEN_PATH = '/oauth2/default/v1/token'

export interface OAuthClient {
  clientId: string
  clientSecret: string
  /** Scopes this client may request; `tenant.*` grants every tenant scope. */
  scopes: string[]
}

interface IssuedToken {
  scopes: string[]
  expiresAt: number
}

export class TokenEndpoint {
  /** Every access token issued, with what it allows. */
  readonly issued = new Map<string, IssuedToken>()

  constructor(
    private readonly clients: () => OAuthClient[],
    private readonly lifetimeSeconds: () => number,
    private readonly now: () => number
  ) {}

  /** Answers one token request; `echo` puts the request body in error answers (a careless server). */
  answer(body: string, echo: boolean): [number, unknown] {
    const form = new URLSearchParams(body)
    const refuse = (status: number, error: string, description: string): [number, unknown] => [
      status,
      { error, error_description: echo ? `${description} (request: ${body})` : description }
    ]
    if (form.get('grant_type') !== 'client_credentials') {
      return refuse(400, 'unsupported_grant_type', 'Use client_credentials.')
    }
    const client = this.clients().find(
      candidate =>
        candidate.clientId === form.get('client_id') &&
        candidate.clientSecret === form.get('client_secret')
    )
    if (!client) return refuse(401, 'invalid_client', 'Client authentication failed.')
    const requested = (form.get('scope') ?? '').split(/\s+/).filter(Boolean)
    const allowed = (scope: string): boolean =>
      client.scopes.includes(scope) ||
      (scope.startsWith('tenant.') && client.scopes.includes('tenant.*'))
    const refused = requested.filter(scope => !allowed(scope))
    if (requested.length === 0 || refused.length > 0) {
      return refuse(
        400,
        'invalid_scope',
        `One or more scopes are not configured for the client: ${refused.join(' ') || '(none requested)'}`
      )
    }
    const accessToken = `sim-${randomBytes(16).toString('hex')}`
    const lifetime = this.lifetimeSeconds()
    this.issued.set(accessToken, { scopes: requested, expiresAt: this.now() + lifetime * 1000 })
    return [
      200,
      {
        token_type: 'Bearer',
        expires_in: lifetime,
        access_token: accessToken,
        scope: requested.join(' ')
      }
    ]
  }
}
