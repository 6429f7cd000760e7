// Claude model prices, from a dated snapshot checked in next to this file (prices-snapshot.json).
//
// The snapshot is generated from the data bundled in the npm package @pydantic/genai-prices (maintained
// from Anthropic's published prices) by `bun scripts/refresh-prices.ts`; its header records the package
// version and generation time, and `notes` lists every value not taken verbatim from the source. Run time
// never touches the network or that package: what the table says is exactly what was reviewed in git.
//
// Rates are Anthropic's first-party API prices. Bedrock/Vertex ids resolve to the same model and are
// priced alike (regional-endpoint surcharges on those platforms are not modelled).

import snapshot from './prices-snapshot.json' with { type: 'json' }

/** The five per-token rates Anthropic bills, in USD per million tokens. */
export interface TokenRates {
  input: number
  output: number
  /** Cache write with the default 5-minute TTL (1.25x input on current models). */
  cacheWrite5m: number
  /** Cache write with the 1-hour TTL (2x input). */
  cacheWrite1h: number
  /** Cache hit (0.1x input on most models). */
  cacheRead: number
}

/** Rates charged to a whole request once its input exceeds `thresholdTokens`. */
export interface LongContextPrice extends TokenRates {
  thresholdTokens: number
}

export interface ModelPrice extends TokenRates {
  longContext?: LongContextPrice
}

export type MatchRule =
  | { readonly equals: string }
  | { readonly startsWith: string }
  | { readonly endsWith: string }
  | { readonly contains: string }
  | { readonly regex: string }
  | { readonly or: readonly MatchRule[] }
  | { readonly and: readonly MatchRule[] }

export interface PricePeriod {
  /** First UTC day (YYYY-MM-DD) this price applies; absent on the first period, which has no start. */
  from?: string
  price: ModelPrice
}

export interface PricedModel {
  /** Canonical id from the source (e.g. `claude-sonnet-4-5`), what reports group by. */
  id: string
  match: MatchRule
  /** Oldest first; prices changed over time for some models (e.g. a long-context tier was dropped). */
  periods: readonly [PricePeriod, ...PricePeriod[]]
}

export interface PriceTable {
  generatedAt: string
  source: string
  sourceVersion: string
  /** Source order matters: a model id resolves to the first entry whose rule matches. */
  models: readonly PricedModel[]
}

/**
 * Claude Code writes `<synthetic>` as the model of messages it makes up locally (API errors, interrupted
 * turns) with all-zero usage: no API call happened. It is free by definition — known to cost $0 — which
 * is not the same as unpriced (cost unknown), so it resolves to an all-zero price instead of undefined.
 */
export const syntheticModel = '<synthetic>'

const zeroRates = { input: 0, output: 0, cacheWrite5m: 0, cacheWrite1h: 0, cacheRead: 0 } as const

const syntheticPricedModel: PricedModel = {
  id: syntheticModel,
  match: { equals: syntheticModel },
  periods: [{ price: zeroRates }],
}

/** Validates raw snapshot JSON; throws on anything malformed so bad data fails at load, not as wrong costs. */
export function parsePriceTable(raw: unknown): PriceTable {
  const root = asRecord(raw, 'price table')
  const models = asArray(root.models, 'models').map((m, i) => parseModel(m, `models[${i}]`))
  return {
    generatedAt: asString(root.generatedAt, 'generatedAt'),
    source: asString(root.source, 'source'),
    sourceVersion: asString(root.sourceVersion, 'sourceVersion'),
    models,
  }
}

/**
 * The checked-in snapshot. It is validated by its test (parsePriceTable accepts it and returns it
 * unchanged), not on every run: validating 23 models took 2 ms of a 45 ms warm report.
 */
export function bundledPriceTable(): PriceTable {
  return snapshot as unknown as PriceTable
}

/**
 * The id as the source's match rules expect it: lower-case, without the wrappers Claude Code, Bedrock
 * and Vertex put around Anthropic's model ids.
 */
export function normalizeModelId(model: string): string {
  return (
    model
      .trim()
      .toLowerCase()
      // Claude Code's context-window marker (`claude-sonnet-4-5[1m]`); not part of the API id.
      .replace(/\[[^\]]*\]$/, '')
      // Gateway prefixes (`anthropic/…`, `bedrock/…`) and Bedrock ARNs (`…:inference-profile/us.anthropic.…`).
      .replace(/^.*\//, '')
      // Bedrock: `anthropic.` plus an optional cross-region profile (`us.`, `eu.`, `apac.`, `global.`, `us-gov.`).
      .replace(/^(?:[a-z]+(?:-[a-z]+)?\.)?anthropic\./, '')
      // Bedrock version suffix (`-v1:0`, `-v2:0`).
      .replace(/-v\d+(?::\d+)?$/, '')
      // Vertex pins a version after `@` (`claude-sonnet-4-5@20250929`); the name before it is the model.
      .replace(/@.*$/, '')
  )
}

// Dated snapshots (`-20250929`) and `-latest` aliases name the same model as the bare id; the source's
// rules cover most but not all of those forms, so the bare id is tried second. Claude Code's own aliases
// (`sonnet`, `opus`) are never priced: they move to newer models over time, and the API always reports
// the concrete id in usage records anyway.
function candidateIds(model: string): string[] {
  const id = normalizeModelId(model)
  const bare = id.replace(/-(?:\d{8}|latest)$/, '')
  return bare === id ? [id] : [id, bare]
}

const resolutionCache = new WeakMap<PriceTable, Map<string, PricedModel | null>>()

/** The table entry a (possibly provider-decorated) model id refers to; undefined when unknown. */
export function findPricedModel(table: PriceTable, model: string): PricedModel | undefined {
  if (model.trim() === syntheticModel) return syntheticPricedModel
  let cache = resolutionCache.get(table)
  if (cache === undefined) {
    cache = new Map()
    resolutionCache.set(table, cache)
  }
  let found = cache.get(model)
  if (found === undefined) {
    found = resolve(table, model) ?? null
    cache.set(model, found)
  }
  return found ?? undefined
}

function resolve(table: PriceTable, model: string): PricedModel | undefined {
  for (const id of candidateIds(model)) {
    if (id === '') continue
    const entry = table.models.find((m) => matches(m.match, id))
    if (entry !== undefined) return entry
  }
  return undefined
}

function matches(rule: MatchRule, id: string): boolean {
  if ('equals' in rule) return id === rule.equals.toLowerCase()
  if ('startsWith' in rule) return id.startsWith(rule.startsWith.toLowerCase())
  if ('endsWith' in rule) return id.endsWith(rule.endsWith.toLowerCase())
  if ('contains' in rule) return id.includes(rule.contains.toLowerCase())
  if ('regex' in rule) return new RegExp(rule.regex).test(id)
  if ('or' in rule) return rule.or.some((r) => matches(r, id))
  return rule.and.every((r) => matches(r, id))
}

/** The price in force at `at` (a Date or epoch milliseconds), periods starting at 00:00 UTC. */
export function priceAt(model: PricedModel, at: Date | number): ModelPrice {
  const time = typeof at === 'number' ? at : at.getTime()
  if (!Number.isFinite(time)) throw new RangeError(`invalid time for ${model.id} price: ${String(at)}`)
  let current = model.periods[0].price
  for (const period of model.periods) {
    if (period.from === undefined || Date.parse(`${period.from}T00:00:00Z`) <= time) current = period.price
  }
  return current
}

/**
 * The price for `model` at `at` (default now; pass the request's timestamp for historical usage), or
 * undefined when the model is unknown — callers must report that as unpriced, never as $0.
 */
export function findModelPrice(
  table: PriceTable,
  model: string,
  at: Date | number = Date.now(),
): ModelPrice | undefined {
  const entry = findPricedModel(table, model)
  return entry === undefined ? undefined : priceAt(entry, at)
}

function parseModel(raw: unknown, path: string): PricedModel {
  const model = asRecord(raw, path)
  const periods = asArray(model.periods, `${path}.periods`).map((p, i) =>
    parsePeriod(p, `${path}.periods[${i}]`),
  )
  const [first, ...rest] = periods
  if (first === undefined) fail(`${path}.periods: empty`)
  if (first.from !== undefined) fail(`${path}.periods[0]: first period must have no start`)
  const starts = rest.map((p, i) => p.from ?? fail(`${path}.periods[${i + 1}]: missing from`))
  if (starts.some((s, i) => i > 0 && s <= starts[i - 1]!)) fail(`${path}.periods: not ascending`)
  return {
    id: asString(model.id, `${path}.id`),
    match: parseMatch(model.match, `${path}.match`),
    periods: [first, ...rest],
  }
}

function parsePeriod(raw: unknown, path: string): PricePeriod {
  const period = asRecord(raw, path)
  const price = parsePrice(period.price, `${path}.price`)
  if (period.from === undefined) return { price }
  const from = asString(period.from, `${path}.from`)
  if (!/^\d{4}-\d{2}-\d{2}$/.test(from) || Number.isNaN(Date.parse(from))) fail(`${path}.from: not a date`)
  return { from, price }
}

function parsePrice(raw: unknown, path: string): ModelPrice {
  const price = asRecord(raw, path)
  const rates = parseRates(price, path)
  if (price.longContext === undefined) return rates
  const long = asRecord(price.longContext, `${path}.longContext`)
  return {
    ...rates,
    longContext: {
      thresholdTokens: asRate(long.thresholdTokens, `${path}.longContext.thresholdTokens`),
      ...parseRates(long, `${path}.longContext`),
    },
  }
}

function parseRates(record: Record<string, unknown>, path: string): TokenRates {
  return {
    input: asRate(record.input, `${path}.input`),
    output: asRate(record.output, `${path}.output`),
    cacheWrite5m: asRate(record.cacheWrite5m, `${path}.cacheWrite5m`),
    cacheWrite1h: asRate(record.cacheWrite1h, `${path}.cacheWrite1h`),
    cacheRead: asRate(record.cacheRead, `${path}.cacheRead`),
  }
}

function parseMatch(raw: unknown, path: string): MatchRule {
  const rule = asRecord(raw, path)
  const [key, ...extra] = Object.keys(rule)
  if (extra.length > 0) fail(`${path}: more than one rule`)
  switch (key) {
    case 'equals':
      return { equals: asString(rule.equals, `${path}.equals`) }
    case 'startsWith':
      return { startsWith: asString(rule.startsWith, `${path}.startsWith`) }
    case 'endsWith':
      return { endsWith: asString(rule.endsWith, `${path}.endsWith`) }
    case 'contains':
      return { contains: asString(rule.contains, `${path}.contains`) }
    case 'regex': {
      const regex = asString(rule.regex, `${path}.regex`)
      new RegExp(regex) // compile once here so a bad pattern fails at load, not mid-report
      return { regex }
    }
    case 'or':
      return { or: asArray(rule.or, `${path}.or`).map((r, i) => parseMatch(r, `${path}.or[${i}]`)) }
    case 'and':
      return { and: asArray(rule.and, `${path}.and`).map((r, i) => parseMatch(r, `${path}.and[${i}]`)) }
    default:
      return fail(`${path}: unknown rule ${String(key)}`)
  }
}

function asRecord(value: unknown, path: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return fail(`${path}: not an object`)
  return Object.fromEntries(Object.entries(value))
}

function asArray(value: unknown, path: string): unknown[] {
  return Array.isArray(value) ? value : fail(`${path}: not an array`)
}

function asString(value: unknown, path: string): string {
  return typeof value === 'string' ? value : fail(`${path}: not a string`)
}

function asRate(value: unknown, path: string): number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0
    ? value
    : fail(`${path}: not a rate`)
}

function fail(message: string): never {
  throw new Error(`invalid price table: ${message}`)
}
