// The per-user secrets kept in the run directory (0700, ours): the dashboard's access token, which
// `run` and `status --json` put in the dashboard URL and the dashboard exchanges for a cookie, and the
// token a collector bound beyond loopback requires when none is configured. Each file is 0600 and
// written once, whole: whoever comes first links it into place, the others read theirs.

import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { prepareRunDir } from './run-dir.ts'

const tokenFiles = { dashboard: 'dashboard-token', collector: 'collector-token' } as const
type TokenKind = keyof typeof tokenFiles

export function accessTokenPath(runDir: string, kind: TokenKind): string {
  return join(runDir, tokenFiles[kind])
}

/** The token, or null when none was made yet (or the file is not a token). */
export function readAccessToken(runDir: string, kind: TokenKind): string | null {
  try {
    const text = readFileSync(accessTokenPath(runDir, kind), 'utf8').trim()
    return /^[A-Za-z0-9_-]{32,}$/.test(text) ? text : null
  } catch {
    return null
  }
}

export function ensureAccessToken(runDir: string, kind: TokenKind): string {
  prepareRunDir(runDir)
  const existing = readAccessToken(runDir, kind)
  if (existing !== null) return existing
  const path = accessTokenPath(runDir, kind)
  const tmp = `${path}.${process.pid}.tmp`
  writeFileSync(tmp, `${Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')}\n`, {
    mode: 0o600,
  })
  try {
    // link(2) fails when the name exists: two services starting together end up with one token.
    linkSync(tmp, path)
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
  } finally {
    rmSync(tmp, { force: true })
  }
  const token = readAccessToken(runDir, kind)
  if (token === null) throw new Error(`${path} does not hold an access token; remove it and start again`)
  return token
}
