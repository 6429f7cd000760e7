// Reads a request body within limits: the declared length, the bytes actually received, what gzip
// expands to, and a budget shared by every request in flight, so a flood or a gzip bomb cannot grow
// memory without bound (a client that sends slowly holds only the bytes it has sent).

export interface BodyLimits {
  /** Bytes on the wire. @default 16 MiB */
  maxBodyBytes: number
  /** Bytes after gzip. @default 32 MiB */
  maxDecodedBytes: number
}

/** Bytes held by bodies being read, across requests. */
export interface BodyBudget {
  used: number
  max: number
}

/** `held` bytes stay counted in the budget until the caller is done with the body and releases them. */
export type BodyResult =
  | { ok: true; bytes: Uint8Array; held: number }
  | { ok: false; status: 400 | 413 | 415 | 503; message: string }

const supportedEncodings = ['identity', 'gzip'] as const

export async function readBody(
  request: Request,
  limits: BodyLimits,
  budget: BodyBudget,
): Promise<BodyResult> {
  const encoding = (request.headers.get('content-encoding') ?? 'identity').trim().toLowerCase() || 'identity'
  if (!(supportedEncodings as readonly string[]).includes(encoding))
    return {
      ok: false,
      status: 415,
      message: `Unsupported Content-Encoding \`${encoding}\` (use gzip or none)`,
    }
  const declared = Number(request.headers.get('content-length') ?? Number.NaN)
  if (declared > limits.maxBodyBytes) return tooLarge(limits.maxBodyBytes)
  if (!request.body) return { ok: true, bytes: new Uint8Array(0), held: 0 }

  const raw = await readLimited(request.body, limits.maxBodyBytes, budget)
  if (!(raw instanceof Uint8Array)) return raw === 'too-large' ? tooLarge(limits.maxBodyBytes) : failure(raw)
  if (encoding === 'identity') return { ok: true, bytes: raw, held: raw.length }
  try {
    const inflated = new Blob([raw]).stream().pipeThrough(new DecompressionStream('gzip'))
    const bytes = await readLimited(inflated, limits.maxDecodedBytes, budget, raw.length)
    if (bytes instanceof Uint8Array) return { ok: true, bytes, held: bytes.length }
    return bytes === 'too-large'
      ? { ok: false, status: 413, message: `Body expands to more than ${limits.maxDecodedBytes} bytes` }
      : failure(bytes)
  } finally {
    budget.used -= raw.length
  }
}

type ReadFailure = 'too-large' | 'busy' | 'broken'

/**
 * Reads a stream whole; on success its bytes stay counted in the budget, on failure they are released.
 * Only other requests' bytes make it busy: one request within its own limits always gets through.
 */
async function readLimited(
  stream: ReadableStream<Uint8Array>,
  max: number,
  budget: BodyBudget,
  alreadyHeld = 0,
): Promise<Uint8Array | ReadFailure> {
  const reader = stream.getReader()
  const chunks: Uint8Array[] = []
  let size = 0
  let failed: ReadFailure | null = null
  try {
    for (;;) {
      const { done, value } = await reader.read()
      if (done) break
      size += value.length
      budget.used += value.length
      if (size > max) failed = 'too-large'
      else if (budget.used > budget.max && budget.used > size + alreadyHeld) failed = 'busy'
      if (failed) break
      chunks.push(value)
    }
  } catch {
    failed = 'broken'
  }
  if (failed) {
    budget.used -= size
    reader.cancel().catch(() => {})
    return failed
  }
  return Buffer.concat(chunks, size)
}

function tooLarge(max: number): BodyResult {
  return { ok: false, status: 413, message: `Body larger than ${max} bytes` }
}

function failure(reason: 'busy' | 'broken'): BodyResult {
  return reason === 'busy'
    ? { ok: false, status: 503, message: 'The collector is receiving too much at once; retry later' }
    : { ok: false, status: 400, message: 'The body could not be read (truncated or corrupt)' }
}
