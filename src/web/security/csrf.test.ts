import { describe, expect, it } from 'bun:test'
import { createCsrfToken, isValidCsrfToken } from './csrf.ts'

describe('csrf tokens', () => {
  it('are long, random and URL-safe', () => {
    const a = createCsrfToken()
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(createCsrfToken()).not.toBe(a)
  })

  it.each([
    ['the same token', 'token-1234', true],
    ['another token', 'token-1235', false],
    ['a prefix', 'token-123', false],
    ['nothing', undefined, false],
    ['a number', 1234, false],
  ])('accepts %s: %p', (_, given, valid) => {
    expect(isValidCsrfToken('token-1234', given)).toBe(valid)
  })
})
