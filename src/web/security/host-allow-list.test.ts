import { describe, expect, it } from 'bun:test'
import { allowedHostNames, isAllowedHost } from './host-allow-list.ts'

describe('isAllowedHost', () => {
  const names = allowedHostNames('127.0.0.1')

  it.each([
    ['localhost:8110', true],
    ['127.0.0.1:8110', true],
    ['[::1]:8110', true],
    ['LOCALHOST:8110', true],
    ['localhost:8111', false],
    ['localhost', false],
    ['evil.example:8110', false],
    ['localhost.evil.example:8110', false],
    ['127.0.0.1.nip.io:8110', false],
    ['127.0.0.1:8110@evil', false],
    ['', false],
  ])('%s → %p', (host, allowed) => {
    expect(isAllowedHost(host, names, 8110)).toBe(allowed)
  })

  it('refuses a missing Host', () => {
    expect(isAllowedHost(null, names, 8110)).toBe(false)
  })

  it('treats a Host without a port as port 80', () => {
    expect(isAllowedHost('localhost', names, 80)).toBe(true)
  })
})

describe('allowedHostNames', () => {
  it.each([
    ['127.0.0.1', ['localhost', '127.0.0.1', '[::1]']],
    ['0.0.0.0', ['localhost', '127.0.0.1', '[::1]']],
    ['192.168.1.20', ['localhost', '127.0.0.1', '[::1]', '192.168.1.20']],
    ['fe80::1', ['localhost', '127.0.0.1', '[::1]', '[fe80::1]']],
    ['dash.lan', ['localhost', '127.0.0.1', '[::1]', 'dash.lan']],
  ])('bound to %s accepts %p', (bind, expected) => {
    expect(allowedHostNames(bind)).toEqual(expected)
  })
})
