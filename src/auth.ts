/**
 * Where bearer tokens come from: a token given as an input, or OAuth2 client credentials against
 * Guidewire Hub — chosen in one place (`tokenSource`) — and what a JWT says of itself.
 */
import type { Clock } from './clock.js'
import { ApiError } from './errors.js'
import type { Secrets } from './secrets.js'
import { UNREACHABLE, type TokenSource, type Transport } from './api/transport.js'

export interface ClientCredentials {
  tokenUrl: string
  clientId: string
  clientSecret: string
  scope: string
}

export type Authentication =
  { kind: 'token'; accessToken: string } | ({ kind: 'client-credentials' } & ClientCredentials)

/** What a client-credentials token source works with. */
export interface TokenDependencies {
  transport: Transport
  secrets: Secrets
  clock: Clock
}

/** The token source for `auth`; with client credentials, for `scope` when given (check's probes). */
export function tokenSource(
  auth: Authentication,
  dependencies: TokenDependencies,
  scope?: string
): TokenSource {
  if (auth.kind === 'token') return new StaticToken(auth.accessToken)
  return new ClientCredentialsToken({ ...auth, scope: scope ?? auth.scope }, dependencies)
}

/** Shorter than any real OAuth2 access token; what a token endpoint issues must be longer. */
const MIN_ISSUED_TOKEN_LENGTH = 16

/** A bearer token given as an input: it cannot be renewed. */
class StaticToken implements TokenSource {
  constructor(private readonly accessToken: string) {}

  async token(): Promise<string> {
    return this.accessToken
  }

  renew(): boolean {
    return false
  }
}

/**
 * OAuth2 client credentials against Guidewire Hub: a token is reused while it is valid and replaced
 * ahead of its expiry (a minute early, or a fifth of its lifetime when that is shorter), so that a
 * wait of many hours never meets an expired token.
 */
class ClientCredentialsToken implements TokenSource {
  private current: { value: string; renewAt: number } | undefined
  private pending: Promise<string> | undefined
  /** A refusal that asking again will not change (a wrong secret, a scope not granted). */
  private refused: unknown

  constructor(
    private readonly credentials: ClientCredentials,
    private readonly dependencies: TokenDependencies
  ) {}

  token(deadline?: number): Promise<string> {
    if (this.refused) return Promise.reject(this.refused)
    if (this.current && this.dependencies.clock.now() < this.current.renewAt) {
      return Promise.resolve(this.current.value)
    }
    // Concurrent requests (prune) share one token request.
    this.pending ??= this.fetch(deadline)
      .catch((error: unknown) => {
        if (!(error instanceof ApiError && error.transient)) this.refused = error
        throw error
      })
      .finally(() => (this.pending = undefined))
    return this.pending
  }

  renew(): boolean {
    this.current = undefined
    this.refused = undefined
    return true
  }

  private async fetch(deadline: number | undefined): Promise<string> {
    const { transport, secrets, clock } = this.dependencies
    const { tokenUrl, clientId, clientSecret, scope } = this.credentials
    const requestedAt = clock.now()
    const reply = await transport.send({
      method: 'POST',
      url: tokenUrl,
      task: `get an access token from ${tokenUrl} (scope "${scope}")`,
      form: {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope
      },
      deadline,
      adviceFor: (status, reason) =>
        status === undefined && UNREACHABLE.test(reason)
          ? `Nothing answered at ${new URL(tokenUrl).origin}: check tokenUrl (or region).`
          : undefined
    })
    const body = (reply.body ?? {}) as { access_token?: unknown; expires_in?: unknown }
    if (typeof body.access_token !== 'string' || !body.access_token) {
      throw new Error(`The token endpoint ${tokenUrl} answered without an access_token`)
    }
    // Masking a short string ("id") would blank it in every answer and break what it parses.
    if (body.access_token.length < MIN_ISSUED_TOKEN_LENGTH) {
      throw new Error(
        `The token endpoint ${tokenUrl} answered an access_token of ${body.access_token.length} ` +
          `characters: a real one has at least ${MIN_ISSUED_TOKEN_LENGTH}, so the action refuses it.`
      )
    }
    const value = secrets.add(body.access_token)
    const lifetimeMs = (Number(body.expires_in) > 0 ? Number(body.expires_in) : 3600) * 1000
    this.current = { value, renewAt: requestedAt + lifetimeMs - Math.min(60_000, lifetimeMs / 5) }
    return value
  }
}

/** The claims of a JWT, read but not verified; undefined for an opaque token. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.')
  if (parts.length !== 3) return undefined
  try {
    const claims = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as unknown
    return typeof claims === 'object' && claims !== null
      ? (claims as Record<string, unknown>)
      : undefined
  } catch {
    return undefined
  }
}

/** A JWT's scopes: Okta puts them in `scp` (a list); others in `scope` (space-separated). */
export function scopesOf(claims: Record<string, unknown>): string[] | undefined {
  if (Array.isArray(claims.scp)) return claims.scp.map(String)
  if (typeof claims.scope === 'string') return claims.scope.split(/\s+/).filter(Boolean)
  return undefined
}
