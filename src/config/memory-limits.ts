// The memory limit of each service: the `memory_limit` setting (`collector=512,dashboard=384`, MB),
// validated, with defaults for the services it does not name.

import { type ServiceName, serviceNames } from '../services/service-names.ts'
import { ConfigError } from './config-error.ts'

/** MB (2^20 bytes) per service; null is no limit. */
export type MemoryLimits = Record<ServiceName, number | null>

/**
 * Several times what each service was measured to use (`bun bench/footprint.ts`: idle 50-70 MB each;
 * the collector ~130 MB under a 10,000-request flood and ~250 MB under 8 senders at full speed; the
 * dashboard ~100 MB rendering every page): room for real work, still well short of taking the machine.
 */
export const defaultMemoryLimits: MemoryLimits = { ingest: 384, collector: 512, dashboard: 384 }

const maxMb = 1024 * 1024

/** `off` (no limit for any service) or comma-separated `<service>=<MB|off>`; unnamed services keep their default. */
export function parseMemoryLimits(text: string): MemoryLimits {
  const limits = { ...defaultMemoryLimits }
  if (/^(off|none)$/i.test(text.trim())) {
    for (const name of serviceNames) limits[name] = null
    return limits
  }
  for (const entry of text.split(',').map((e) => e.trim())) {
    if (entry === '') continue
    const [name, mb] = entry.split('=').map((p) => p.trim())
    const service = serviceNames.find((s) => s === name)
    const value = mb === undefined ? Number.NaN : /^(off|none)$/i.test(mb) ? null : Number(mb)
    if (!service || (value !== null && (!/^\d+$/.test(mb ?? '') || value < 1 || value > maxMb))) {
      throw new ConfigError(
        'invalid-setting',
        `Expected \`--memory-limit\` to be <service>=<MB> (service: ${serviceNames.join(', ')}; MB: 1-${maxMb} or off), got \`${entry}\``,
      )
    }
    limits[service] = value
  }
  return limits
}

/** The setting's text form, as `config` prints it and the supervisor's environment carries it. */
export function formatMemoryLimits(limits: MemoryLimits): string {
  return serviceNames.map((name) => `${name}=${limits[name] ?? 'off'}`).join(',')
}
