// A small seeded PRNG (sfc32, seeded through splitmix32) and the draws the generator needs. Same seed,
// same history, byte for byte: benchmark figures and expected totals are reproducible.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number
  /** Integer in [lo, hi], both included. */
  int(lo: number, hi: number): number
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** Index drawn with the given (non-negative) weights. */
  weighted(weights: readonly number[]): number
  normal(mean: number, sd: number): number
  /** Log-normal draw with the given median and shape (sigma of the underlying normal). */
  logNormal(median: number, sigma: number): number
  /** `n` lower-case hex digits. */
  hex(n: number): string
  uuid(): string
  /** Base62 text of length `n` (ids like `msg_01…`, `req_011C…`). */
  base62(n: number): string
}

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
const HEX = '0123456789abcdef'

function splitmix32(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s + 0x9e3779b9) >>> 0
    let z = s
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0
    return (z ^ (z >>> 16)) >>> 0
  }
}

/** A generator for `seed`, optionally forked by `stream` so independent parts stay independent. */
export function createRandom(seed: number, stream = 0): Random {
  const init = splitmix32((seed ^ Math.imul(stream + 1, 0x27d4eb2d)) >>> 0)
  let a = init()
  let b = init()
  let c = init()
  let d = init()
  const u32 = () => {
    const t = (((a + b) >>> 0) + d) >>> 0
    d = (d + 1) >>> 0
    a = b ^ (b >>> 9)
    b = (c + (c << 3)) >>> 0
    c = ((c << 21) | (c >>> 11)) >>> 0
    c = (c + t) >>> 0
    return t
  }
  for (let i = 0; i < 12; i++) u32()
  const next = () => u32() / 4294967296
  const int = (lo: number, hi: number) => lo + Math.floor(next() * (hi - lo + 1))
  // Box-Muller; 1 - next() keeps the logarithm finite.
  const gaussian = () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next())
  const chars = (alphabet: string, n: number) => {
    let out = ''
    for (let i = 0; i < n; i++) out += alphabet[u32() % alphabet.length]
    return out
  }
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick: <T>(items: readonly T[]): T => {
      const item = items[Math.floor(next() * items.length)]
      if (item === undefined) throw new RangeError('pick from an empty list')
      return item
    },
    weighted(weights) {
      const total = weights.reduce((s, w) => s + w, 0)
      let r = next() * total
      for (let i = 0; i < weights.length; i++) {
        r -= weights[i] ?? 0
        if (r < 0) return i
      }
      return weights.length - 1
    },
    normal: (mean, sd) => mean + sd * gaussian(),
    logNormal: (median, sigma) => median * Math.exp(sigma * gaussian()),
    hex: (n) => chars(HEX, n),
    uuid() {
      const h = chars(HEX, 32)
      const variant = HEX[8 + (u32() % 4)]
      return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20)}`
    },
    base62: (n) => chars(BASE62, n),
  }
}
