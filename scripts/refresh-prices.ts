// Regenerates src/model/prices-snapshot.json from the price data bundled in the npm package
// @pydantic/genai-prices (a devDependency: only this script imports it, so run time never depends on it).
//
//   bun scripts/refresh-prices.ts
//
// No network: the data is whatever the installed package version ships. To take newer prices, bump the
// devDependency, run this, and review the JSON diff like code — it changes what every report says.

import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import {
  type ConditionalPrice,
  findProvider,
  type MatchLogic,
  type ModelInfo,
  type ModelPrice as UpstreamPrice,
} from '@pydantic/genai-prices'

const sourcePackage = '@pydantic/genai-prices'
const outputPath = fileURLToPath(new URL('../src/model/prices-snapshot.json', import.meta.url))

const rateKeys = ['input', 'output', 'cacheWrite5m', 'cacheWrite1h', 'cacheRead'] as const
type RateKey = (typeof rateKeys)[number]
type Rates = Record<RateKey, number>

const upstreamKeys = {
  input: 'input_mtok',
  output: 'output_mtok',
  cacheWrite5m: 'cache_write_mtok',
  cacheWrite1h: 'cache_write_1h_mtok',
  cacheRead: 'cache_read_mtok',
} as const satisfies Record<RateKey, string>

// Anthropic's documented prompt-caching multipliers of the base input rate. Upstream states cache rates
// explicitly (and some models deviate, e.g. cheaper cache hits), so these fill gaps only — in practice
// models that predate prompt caching, where the rate can never be charged anyway.
const cacheMultipliers = { cacheWrite5m: 1.25, cacheWrite1h: 2, cacheRead: 0.1 } as const

// Anthropic priced Sonnet 4 and Sonnet 4.5 identically above 200k input tokens ($6/$22.50 per MTok with
// the 1M-context beta), but upstream carries the tier only for 4.5. Copied only while upstream lacks it,
// so a fixed upstream wins; listed in the snapshot's `notes` so the table never hides a local edit.
const longContextSupplements = [{ model: 'claude-sonnet-4-0', copyFrom: 'claude-sonnet-4-5' }] as const

type SnapshotMatch =
  | { equals: string }
  | { startsWith: string }
  | { endsWith: string }
  | { contains: string }
  | { regex: string }
  | { or: SnapshotMatch[] }
  | { and: SnapshotMatch[] }

interface SnapshotPrice extends Rates {
  longContext?: Rates & { thresholdTokens: number }
}

interface SnapshotPeriod {
  from?: string
  price: SnapshotPrice
}

interface SnapshotModel {
  id: string
  match: SnapshotMatch
  periods: SnapshotPeriod[]
}

interface TierField {
  base: number
  long: number
  threshold: number
}

function convertMatch(match: MatchLogic): SnapshotMatch {
  if ('equals' in match) return { equals: match.equals }
  if ('starts_with' in match) return { startsWith: match.starts_with }
  if ('ends_with' in match) return { endsWith: match.ends_with }
  if ('contains' in match) return { contains: match.contains }
  if ('regex' in match) return { regex: match.regex }
  if ('or' in match) return { or: match.or.map(convertMatch) }
  return { and: match.and.map(convertMatch) }
}

function readField(price: UpstreamPrice, key: string, where: string): TierField | number | undefined {
  const value = price[key]
  if (value === undefined || typeof value === 'number') return value
  // Our table models one long-context step, which is all Anthropic has ever published; anything richer
  // must be looked at by a person rather than silently flattened.
  const [tier, ...rest] = value.tiers
  if (tier === undefined || rest.length > 0)
    throw new Error(`${where}: ${key} has ${value.tiers.length} tiers`)
  return { base: value.base, long: tier.price, threshold: tier.start }
}

type CacheKey = keyof typeof cacheMultipliers
type Field = TierField | number

function convertPrice(price: UpstreamPrice, where: string, derived: string[]): SnapshotPrice {
  const read = (key: RateKey): Field | undefined => readField(price, upstreamKeys[key], where)
  const input = read('input')
  const output = read('output')
  if (input === undefined || output === undefined) throw new Error(`${where}: no input/output rate`)
  const cache = (key: CacheKey): Field => {
    const field = read(key)
    if (field !== undefined) return field
    derived.push(`${where}.${key}`)
    return scale(input, cacheMultipliers[key])
  }
  const fields = {
    input,
    output,
    cacheWrite5m: cache('cacheWrite5m'),
    cacheWrite1h: cache('cacheWrite1h'),
    cacheRead: cache('cacheRead'),
  } satisfies Record<RateKey, Field>

  const thresholds = new Set(
    Object.values(fields).flatMap((f) => (typeof f === 'number' ? [] : [f.threshold])),
  )
  if (thresholds.size > 1) throw new Error(`${where}: tiers start at different token counts`)
  const [threshold] = thresholds

  const rates = (pick: (field: Field) => number): Rates => ({
    input: pick(fields.input),
    output: pick(fields.output),
    cacheWrite5m: pick(fields.cacheWrite5m),
    cacheWrite1h: pick(fields.cacheWrite1h),
    cacheRead: pick(fields.cacheRead),
  })
  // A rate that upstream leaves flat keeps its base value above the threshold.
  const base = rates((f) => (typeof f === 'number' ? f : f.base))
  if (threshold === undefined) return base
  return {
    ...base,
    longContext: { thresholdTokens: threshold, ...rates((f) => (typeof f === 'number' ? f : f.long)) },
  }
}

function scale(field: Field, multiplier: number): Field {
  if (typeof field === 'number') return field * multiplier
  return { ...field, base: field.base * multiplier, long: field.long * multiplier }
}

function convertPeriods(model: ModelInfo, derived: string[]): SnapshotPeriod[] {
  if (!Array.isArray(model.prices)) return [{ price: convertPrice(model.prices, model.id, derived) }]
  return model.prices.map((period: ConditionalPrice, i) => {
    const where = `${model.id}[${i}]`
    const price = convertPrice(period.prices, where, derived)
    const constraint = period.constraint
    if (constraint === undefined) {
      if (i > 0) throw new Error(`${where}: unconstrained price after the first period`)
      return { price }
    }
    // Time-of-day pricing (off-peak discounts) has no Anthropic precedent; fail loudly if it appears.
    if (constraint.type !== 'start_date')
      throw new Error(`${where}: unsupported ${constraint.type} constraint`)
    if (i === 0) throw new Error(`${where}: first period must be open-ended`)
    return { from: constraint.start_date, price }
  })
}

function applySupplements(models: SnapshotModel[]): string[] {
  const notes: string[] = []
  for (const { model, copyFrom } of longContextSupplements) {
    const target = models.find((m) => m.id === model)
    const donor = models.find((m) => m.id === copyFrom)
    const longContext = donor?.periods.at(-1)?.price.longContext
    if (target === undefined || longContext === undefined) {
      throw new Error(`supplement ${model} <- ${copyFrom} no longer applies; update longContextSupplements`)
    }
    for (const period of target.periods) {
      if (period.price.longContext !== undefined) continue
      period.price.longContext = { ...longContext }
      notes.push(`${model}: longContext copied from ${copyFrom} (Anthropic prices both alike above 200k)`)
    }
  }
  return notes
}

async function sourceVersion(): Promise<string> {
  // The package's exports map hides package.json, so walk up from its resolved entry point.
  const entry = fileURLToPath(import.meta.resolve(sourcePackage))
  const manifestPath = entry.replace(/\/dist\/[^/]+$/, '/package.json')
  const manifest: unknown = JSON.parse(await readFile(manifestPath, 'utf8'))
  if (typeof manifest !== 'object' || manifest === null || !('version' in manifest)) {
    throw new Error(`no version in ${manifestPath}`)
  }
  return String(manifest.version)
}

async function main(): Promise<void> {
  const provider = findProvider({ providerId: 'anthropic' })
  if (provider === undefined) throw new Error(`${sourcePackage} has no anthropic provider`)

  const derived: string[] = []
  // Upstream resolves a model id to the first entry whose rule matches, so order is kept as-is.
  const models: SnapshotModel[] = provider.models.map((model) => ({
    id: model.id,
    match: convertMatch(model.match),
    periods: convertPeriods(model, derived),
  }))
  const notes = [
    ...applySupplements(models),
    ...derived.map((field) => `${field}: not in source, derived from input by Anthropic's multiplier`),
  ]

  const snapshot = {
    generatedAt: new Date().toISOString(),
    source: sourcePackage,
    sourceVersion: await sourceVersion(),
    provider: provider.id,
    unit: 'USD per million tokens',
    notes,
    models,
  }
  await mkdir(dirname(outputPath), { recursive: true })
  await writeFile(outputPath, `${JSON.stringify(snapshot, null, 2)}\n`)
  process.stdout.write(
    `wrote ${models.length} models from ${snapshot.source}@${snapshot.sourceVersion} to ${outputPath}\n`,
  )
}

await main()
