// Pure: the collector's bearer-token check and the warning for a collector anyone on the network can
// write to. The comparison takes the same time whatever the token sent, right or wrong.

import { createHash, timingSafeEqual } from 'node:crypto'

/** `Bearer <token>`, the scheme in any case (RFC 6750, section 2.1). */
const BEARER = /^bearer +(\S+)\s*$/i

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest()
}

/**
 * Whether an Authorization header carries `token`. Both sides are hashed first so that
 * timingSafeEqual compares equal lengths and the time taken says nothing about the token's length.
 */
export function createBearerCheck(token: string): (authorization: string | null) => boolean {
  const expected = digest(token)
  return (authorization) => {
    const sent = BEARER.exec(authorization ?? '')?.[1] ?? ''
    // Compared even when nothing usable was sent, so a missing header takes as long as a wrong one.
    const same = timingSafeEqual(digest(sent), expected)
    return same && sent !== ''
  }
}

export function isLoopbackHost(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase()
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h)
}

/**
 * The token the collector requires: the configured one; for a collector bound beyond this machine
 * without one, `generated()` (a token of its own in the run directory), so that it is never open to
 * anyone on the network by default; none for a loopback collector.
 */
export function requiredCollectorToken(
  host: string,
  configured: string | null,
  generated: () => string,
): string | null {
  if (configured !== null) return configured
  return isLoopbackHost(host) ? null : generated()
}
