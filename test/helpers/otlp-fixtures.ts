// Genuine Claude Code OTLP payloads (test/fixtures/otlp), decoded, and a narrowing helper for results.

import { expect } from 'bun:test'
import { join } from 'node:path'
import type { Normalized } from '../../src/otlp/normalize-common.ts'
import { decodeProtobuf, type OtlpSignal } from '../../src/otlp/otlp-protobuf.ts'

const dir = join(import.meta.dir, '..', 'fixtures', 'otlp')

export const otlpFixtures = {
  json: async (signal: OtlpSignal): Promise<unknown> =>
    JSON.parse(await Bun.file(join(dir, `${signal}.json`)).text()),
  protobuf: async (signal: OtlpSignal): Promise<unknown> => {
    const decoded = decodeProtobuf(signal, await Bun.file(join(dir, `${signal}.pb`)).bytes())
    expect(decoded.ok).toBe(true)
    return (decoded as Extract<typeof decoded, { ok: true }>).value
  },
}

/** Asserts the request was accepted as a whole and returns it narrowed. */
export function accepted(result: Normalized): Extract<Normalized, { ok: true }> {
  expect(result).toMatchObject({ ok: true })
  return result as Extract<Normalized, { ok: true }>
}
