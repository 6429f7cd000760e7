// State-changing routes need a token only our own pages carry. Other sites cannot read our pages
// (same-origin policy, and the Host allow-list stops DNS rebinding), so a per-process secret suffices.

import { timingSafeEqual } from 'node:crypto'

export function createCsrfToken(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url')
}

export function isValidCsrfToken(expected: string, given: unknown): boolean {
  if (typeof given !== 'string') return false
  const a = Buffer.from(expected)
  const b = Buffer.from(given)
  return a.length === b.length && timingSafeEqual(a, b)
}
