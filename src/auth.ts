import { systemClock, type Clock } from './clock.js'
import type { Secrets } from './secrets.js'
import type { TokenSource, Transport } from './api/transport.js'

/** A bearer token given as an input: it cannot be renewed. */
export class StaticToken implements TokenSource {
  constructor(private readonly accessToken: string) {}

  async token(): Promise<string> {
    return this.accessToken
  }

  renew(): boolean {
    return false
  }
}

export interface ClientCredentials {
  tokenUrl: string
  clientId: string
  clientSecret: string
  scope: string
}

/**
 * OAuth2 client credentials against Guidewire Hub: a token is reused while it is valid and replaced
 * ahead of its expiry (a minute early, or a fifth of its lifetime when that is shorter), so that a
 * wait of many hours never meets an expired token.
 */
export class ClientCredentialsToken implements TokenSource {
  private current: { value: string; renewAt: number } | undefined
  private pending: Promise<string> | undefined

  constructor(
    private readonly credentials: ClientCredentials,
    private readonly transport: Transport,
    private readonly secrets: Secrets,
    private readonly clock: Clock = systemClock
  ) {}

  token(): Promise<string> {
    if (this.current && this.clock.now() < this.current.renewAt) {
      return Promise.resolve(this.current.value)
    }
    // Concurrent requests (prune) share one token request.
    this.pending ??= this.fetch().finally(() => (this.pending = undefined))
    return this.pending
  }

  renew(): boolean {
    this.current = undefined
    return true
  }

  private async fetch(): Promise<string> {
    const { tokenUrl, clientId, clientSecret, scope } = this.credentials
    const requestedAt = this.clock.now()
    const reply = await this.transport.send({
      method: 'POST',
      url: tokenUrl,
      task: `get an access token from ${tokenUrl} (scope "${scope}")`,
      form: {
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope
      }
    })
    const body = (reply.body ?? {}) as { access_token?: unknown; expires_in?: unknown }
    if (typeof body.access_token !== 'string' || !body.access_token) {
      throw new Error(`The token endpoint ${tokenUrl} answered without an access_token`)
    }
    const value = this.secrets.add(body.access_token)
    const lifetimeMs = (Number(body.expires_in) > 0 ? Number(body.expires_in) : 3600) * 1000
    this.current = { value, renewAt: requestedAt + lifetimeMs - Math.min(60_000, lifetimeMs / 5) }
    return value
  }
}
