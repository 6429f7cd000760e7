import { describe, expect, it } from 'bun:test'
import { createBearerCheck, isLoopbackHost, requiredCollectorToken } from './collector-auth.ts'

describe('createBearerCheck', () => {
  const check = createBearerCheck('0123456789abcdef-token')

  it.each<[string | null, boolean]>([
    ['Bearer 0123456789abcdef-token', true],
    ['bearer 0123456789abcdef-token', true],
    ['BEARER   0123456789abcdef-token ', true],
    [null, false],
    ['', false],
    ['Bearer', false],
    ['Bearer ', false],
    ['Bearer 0123456789abcdef-tokeN', false],
    ['Bearer 0123456789abcdef-token2', false],
    ['Bearer 0123456789abcdef', false],
    ['Basic 0123456789abcdef-token', false],
    ['0123456789abcdef-token', false],
    ['Bearer 0123456789abcdef-token extra', false],
  ])('Authorization %p is %p', (header, accepted) => {
    expect(check(header)).toBe(accepted)
  })
})

it.each<[string, boolean]>([
  ['127.0.0.1', true],
  ['127.1.2.3', true],
  ['localhost', true],
  ['::1', true],
  ['[::1]', true],
  ['0.0.0.0', false],
  ['::', false],
  ['192.168.1.10', false],
  ['collector.example.com', false],
])('isLoopbackHost(%p) is %p', (host, loopback) => {
  expect(isLoopbackHost(host)).toBe(loopback)
})

it.each([
  ['a loopback collector without a token', '127.0.0.1', null, null],
  ['a loopback collector with a token', '127.0.0.1', 'configured-token', 'configured-token'],
  ['a collector beyond loopback with a token', '0.0.0.0', 'configured-token', 'configured-token'],
  ['a collector beyond loopback without a token', '0.0.0.0', null, 'generated-token'],
  ['a collector on a LAN address without a token', '192.168.1.20', null, 'generated-token'],
])('%s requires %p', (_, host, configured, required) => {
  expect(requiredCollectorToken(host, configured, () => 'generated-token')).toBe(required)
})
