import { expect, test } from 'bun:test'
import { Secret } from './secret.ts'

test('a secret shows as <hidden> however it is printed, and reveals its value on request', () => {
  const secret = new Secret('s3cret-token')
  expect([String(secret), `${secret}`, JSON.stringify({ secret }), Bun.inspect(secret)]).toEqual([
    '<hidden>',
    '<hidden>',
    '{"secret":"<hidden>"}',
    '<hidden>',
  ])
  expect(secret.reveal()).toBe('s3cret-token')
})
