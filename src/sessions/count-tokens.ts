// Exact token counts from Anthropic's token-counting endpoint (POST /v1/messages/count_tokens). Opt-in
// only: it sends content to the API. Requests are spaced to stay under a rate limit, answers are appended
// to a cache file as they arrive, so an interrupted run resumes where it stopped and a repeated run
// sends nothing it has counted before.

import { appendFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { ContextError } from './context-error.ts'

export interface CountTokensConfig {
  apiKey: string
  /** @default https://api.anthropic.com (or ANTHROPIC_BASE_URL, read by the caller) */
  baseUrl: string
  model: string
  cachePath: string
  /** @default 50 */
  requestsPerMinute?: number
  /** @default 5 */
  maxRetries?: number
  fetch?: (url: string, init: RequestInit) => Promise<Response>
  sleep?: (ms: number) => Promise<void>
  now?: () => number
  onProgress?: (done: number, total: number) => void
}

/** Text counted as one user message, or the system prompt and tools of a request. */
export type CountItem = { key: string; text: string } | { key: string; system: unknown; tools: unknown[] }

export interface CountOutcome {
  counts: Map<string, number>
  fromCache: number
  requested: number
}

// Counted alongside every item and subtracted, so each count is the item's own tokens.
const PROBE = '.'

export async function countExactTokens(
  items: readonly CountItem[],
  config: CountTokensConfig,
): Promise<CountOutcome> {
  const cache = loadCache(config.cachePath)
  const spacing = 60_000 / Math.max(1, config.requestsPerMinute ?? 50)
  const sleep = config.sleep ?? ((ms: number) => Bun.sleep(ms))
  const now = config.now ?? Date.now
  const doFetch = config.fetch ?? ((url: string, init: RequestInit) => fetch(url, init))
  let nextAt = 0
  let requested = 0
  let fromCache = 0

  const count = async (body: Record<string, unknown>): Promise<number> => {
    const key = cacheKey(config.model, body)
    const cached = cache.get(key)
    if (cached !== undefined) {
      fromCache++
      return cached
    }
    const tokens = await post({ ...body, model: config.model })
    cache.set(key, tokens)
    appendFileSync(config.cachePath, `${JSON.stringify({ k: key, t: tokens })}\n`)
    return tokens
  }

  const post = async (body: Record<string, unknown>): Promise<number> => {
    const url = `${config.baseUrl.replace(/\/+$/, '')}/v1/messages/count_tokens`
    for (let attempt = 0; ; attempt++) {
      const wait = nextAt - now()
      if (wait > 0) await sleep(wait)
      nextAt = Math.max(now(), nextAt) + spacing
      requested++
      const response = await doFetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'x-api-key': config.apiKey,
          'anthropic-version': '2023-06-01',
        },
        body: JSON.stringify(body),
      })
      if (response.ok) {
        const value = (await response.json()) as { input_tokens?: unknown }
        if (typeof value.input_tokens === 'number') return value.input_tokens
        throw new ContextError(
          'count-tokens-failed',
          'The token-counting endpoint answered without input_tokens',
        )
      }
      const retryable = response.status === 429 || response.status >= 500
      if (!retryable || attempt >= (config.maxRetries ?? 5)) {
        const detail = (await response.text()).slice(0, 300)
        throw new ContextError(
          'count-tokens-failed',
          `Token counting failed (HTTP ${response.status}): ${detail}`,
        )
      }
      const retryAfter = Number(response.headers.get('retry-after'))
      await sleep(Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter * 1000 : 1000 * 2 ** attempt)
    }
  }

  const probe = await count({ messages: [{ role: 'user', content: PROBE }] })
  const counts = new Map<string, number>()
  let done = 0
  for (const item of items) {
    const body =
      'text' in item
        ? { messages: [{ role: 'user', content: item.text }] }
        : { system: item.system, tools: item.tools, messages: [{ role: 'user', content: PROBE }] }
    const total = await count(body)
    counts.set(item.key, Math.max(0, 'text' in item ? total - probe + 1 : total - probe))
    config.onProgress?.(++done, items.length)
  }
  return { counts, fromCache, requested }
}

function cacheKey(model: string, body: Record<string, unknown>): string {
  return new Bun.CryptoHasher('sha256').update(model).update('\0').update(JSON.stringify(body)).digest('hex')
}

function loadCache(path: string): Map<string, number> {
  const cache = new Map<string, number>()
  if (!existsSync(path)) {
    mkdirSync(dirname(path), { recursive: true })
    return cache
  }
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    if (line === '') continue
    try {
      const entry = JSON.parse(line) as { k?: unknown; t?: unknown }
      if (typeof entry.k === 'string' && typeof entry.t === 'number') cache.set(entry.k, entry.t)
    } catch {
      // A line cut short by an interrupted run: that count is simply asked for again.
    }
  }
  return cache
}
