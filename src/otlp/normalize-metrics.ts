// Pure: an ExportMetricsServiceRequest (OTLP/JSON shapes) to raw metric points. Temporality is
// recorded per point; the store turns cumulative points into increments against the series' history.

import {
  emptyTelemetryBatch,
  type MetricKind,
  type RawMetricPoint,
  type Temporality,
} from '../model/telemetry-records.ts'
import {
  type EnvelopeFields,
  type Normalized,
  type NormalizeLimits,
  type ResourceInfo,
  rejection,
  scopedItems,
} from './normalize-common.ts'
import { arrayField, attributes, has, isObject, nanosToMs, otlpDouble, otlpInt, str } from './otlp-values.ts'

const kinds = ['sum', 'gauge', 'histogram', 'exponentialHistogram', 'summary'] as const satisfies MetricKind[]

const metricsEnvelope: EnvelopeFields = {
  request: 'ExportMetricsServiceRequest',
  resources: 'resourceMetrics',
  scopes: 'scopeMetrics',
  items: 'metrics',
}

export function normalizeMetrics(doc: unknown, limits: NormalizeLimits): Normalized {
  const batch = emptyTelemetryBatch()
  const rejected = rejection()
  let accepted = 0

  for (const group of scopedItems(doc, metricsEnvelope, limits)) {
    if (typeof group === 'string') return { ok: false, message: group }
    for (const metric of group.items) {
      const shape = metricShape(metric)
      if (typeof shape === 'string') return { ok: false, message: shape }
      for (const dp of shape.points) {
        const point = toPoint(dp, shape, group.resource, group.scope, limits)
        if (typeof point === 'string') rejected.add(point)
        else {
          batch.metrics.push(point)
          accepted++
        }
      }
    }
  }
  return { ok: true, batch, accepted, rejected: rejected.count, errorMessage: rejected.message() }
}

interface MetricShape {
  /** Null when the metric is malformed: each of its points is then rejected. */
  name: string | null
  unit: string | null
  kind: MetricKind
  temporality: Temporality | null | 'invalid'
  monotonic: boolean
  points: unknown[]
}

/** The metric's name and data; a string when even its points cannot be found (malformed request). */
function metricShape(metric: unknown): MetricShape | string {
  if (!isObject(metric)) return 'Expected each metric to be an object'
  const kind = kinds.find((k) => isObject(metric[k]))
  // A metric with no data (or a kind this schema does not know) has no points to store.
  if (!kind) return { name: null, unit: null, kind: 'gauge', temporality: null, monotonic: false, points: [] }
  const data = metric[kind] as Record<string, unknown>
  const points = arrayField(data.dataPoints)
  if (!points) return 'Expected `dataPoints` to be an array'
  const name = typeof metric.name === 'string' && metric.name !== '' ? metric.name : null
  const unit = typeof metric.unit === 'string' && metric.unit !== '' ? metric.unit : null
  const temporality =
    kind === 'gauge' || kind === 'summary' ? null : temporalityOf(data.aggregationTemporality)
  return { name, unit, kind, temporality, monotonic: data.isMonotonic === true, points }
}

function temporalityOf(v: unknown): Temporality | 'invalid' {
  if (v === 1 || v === 'AGGREGATION_TEMPORALITY_DELTA') return 'delta'
  if (v === 2 || v === 'AGGREGATION_TEMPORALITY_CUMULATIVE') return 'cumulative'
  return 'invalid'
}

function toPoint(
  dp: unknown,
  shape: MetricShape,
  resource: ResourceInfo,
  scope: string | null,
  limits: NormalizeLimits,
): RawMetricPoint | string {
  if (shape.name === null) return 'metric without a name'
  if (shape.temporality === 'invalid') return 'unspecified aggregation temporality'
  if (!isObject(dp)) return 'data point is not an object'
  const attrs = attributes(dp.attributes, limits.maxAttributes)
  if (!attrs) return 'malformed or too many data point attributes'
  const time = nanosToMs(dp.timeUnixNano)
  const start = nanosToMs(dp.startTimeUnixNano)
  if (time === undefined || time === null || start === undefined) return 'missing or malformed timestamp'
  const measured = measure(dp, shape.kind)
  if (typeof measured === 'string') return measured
  // Keys sorted so that one series has one identity whatever order an exporter lists them in.
  const json = JSON.stringify(
    Object.fromEntries(
      Object.keys(attrs)
        .sort()
        .map((k) => [k, attrs[k]]),
    ),
  )
  if (json.length > limits.maxRecordBytes) return `attributes larger than ${limits.maxRecordBytes} bytes`
  const pick = (key: string) => str(attrs, key) ?? str(resource.attrs, key)
  return {
    series: Bun.hash(`${shape.name}|${shape.unit}|${shape.kind}|${scope}|${resource.hash}|${json}`).toString(
      36,
    ),
    name: shape.name,
    unit: shape.unit,
    kind: shape.kind,
    temporality: shape.temporality,
    monotonic: shape.monotonic,
    startTimestamp: start,
    timestamp: time,
    value: measured.value,
    count: measured.count,
    sessionId: pick('session.id'),
    model: pick('model'),
    type: pick('type'),
    userId: pick('user.id'),
    organizationId: pick('organization.id'),
    attributes: json,
    resource: resource.json,
    scope,
  }
}

function measure(
  dp: Record<string, unknown>,
  kind: MetricKind,
): { value: number; count: number | null } | string {
  if (kind === 'sum' || kind === 'gauge') {
    const raw = has(dp, 'asDouble')
      ? otlpDouble(dp.asDouble)
      : has(dp, 'asInt')
        ? otlpInt(dp.asInt)
        : undefined
    if (raw === undefined) return 'data point value missing or not a number'
    if (!Number.isFinite(raw)) return 'data point value is not finite'
    return { value: raw, count: null }
  }
  const n = otlpInt(dp.count)
  if (n === undefined || n < 0) return 'histogram count missing or not an integer'
  const sum = dp.sum === undefined || dp.sum === null ? 0 : otlpDouble(dp.sum)
  if (sum === undefined || !Number.isFinite(sum)) return 'histogram sum is not a finite number'
  return { value: sum, count: n }
}
