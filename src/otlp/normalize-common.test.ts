import { expect, test } from 'bun:test'
import { defaultNormalizeLimits } from './normalize-common.ts'
import { normalizeLogs } from './normalize-logs.ts'
import { normalizeMetrics } from './normalize-metrics.ts'

const opts = { ...defaultNormalizeLimits, storePrompts: false, now: 0 }

// Both signals walk the same envelope: each malformed level names the signal's own field.
test.each([
  ['x', 'Expected an ExportLogsServiceRequest object', 'Expected an ExportMetricsServiceRequest object'],
  [{ R: {} }, 'Expected `resourceLogs` to be an array', 'Expected `resourceMetrics` to be an array'],
  [
    { R: [7] },
    'Expected each of `resourceLogs` to be an object',
    'Expected each of `resourceMetrics` to be an object',
  ],
  [{ R: [{ resource: 5 }] }, 'Invalid resource attributes', 'Invalid resource attributes'],
  [{ R: [{ S: 3 }] }, 'Expected `scopeLogs` to be an array', 'Expected `scopeMetrics` to be an array'],
  [
    { R: [{ S: [null] }] },
    'Expected each of `scopeLogs` to be an object',
    'Expected each of `scopeMetrics` to be an object',
  ],
  [
    { R: [{ S: [{ scope: { name: 9 } }] }] },
    'Invalid instrumentation scope',
    'Invalid instrumentation scope',
  ],
  [
    { R: [{ S: [{ I: 'no' }] }] },
    'Expected `logRecords` to be an array',
    'Expected `metrics` to be an array',
  ],
  // A later resource's malformed envelope rejects the request even after good items.
  [
    { R: [{ S: [{ I: [] }] }, { S: 'no' }] },
    'Expected `scopeLogs` to be an array',
    'Expected `scopeMetrics` to be an array',
  ],
])('the envelope %j is refused with its message', (shape, logsMessage, metricsMessage) => {
  const as = (r: string, s: string, i: string) =>
    JSON.parse(
      JSON.stringify(shape)
        .replaceAll('"R"', `"${r}"`)
        .replaceAll('"S"', `"${s}"`)
        .replaceAll('"I"', `"${i}"`),
    )
  expect(normalizeLogs(as('resourceLogs', 'scopeLogs', 'logRecords'), opts)).toEqual({
    ok: false,
    message: logsMessage,
  })
  expect(normalizeMetrics(as('resourceMetrics', 'scopeMetrics', 'metrics'), opts)).toEqual({
    ok: false,
    message: metricsMessage,
  })
})
