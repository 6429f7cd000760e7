// What the operating system says about a process's memory and CPU, parsed: Linux's /proc files and the
// `ps` output used where there is no /proc (macOS). Pure; resource-sampler.ts reads the text.

export interface ProcessReading {
  /** Resident memory. */
  rssBytes: number
  /** CPU time (user + system) used since the process started. */
  cpuSeconds: number
}

// /proc reports CPU time in USER_HZ ticks, which the kernel fixes at 100 on every architecture a
// Bun build exists for (whatever the kernel's own HZ), so no sysconf call is needed.
const USER_HZ = 100

/** CPU seconds from /proc/<pid>/stat; null when the text is not a stat line. */
export function cpuSecondsFromStat(stat: string): number | null {
  // The command name in parentheses may contain spaces and `)`; the fields follow the last `)`.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(fields[11])
  const stime = Number(fields[12])
  if (!Number.isFinite(utime) || !Number.isFinite(stime) || fields.length < 13) return null
  return (utime + stime) / USER_HZ
}

/** Resident memory from /proc/<pid>/status (`VmRSS`, in kB); null when absent (a zombie has none). */
export function rssBytesFromStatus(status: string): number | null {
  const kb = /^VmRSS:\s+(\d+) kB/m.exec(status)?.[1]
  return kb === undefined ? null : Number(kb) * 1024
}

/**
 * `ps -o pid=,rss=,time= -p …` (BSD and procps alike): RSS in KiB, CPU time as [[dd-]hh:]mm:ss[.cc].
 * Lines that do not parse are left out.
 */
export function readingsFromPs(text: string): Map<number, ProcessReading> {
  const readings = new Map<number, ProcessReading>()
  for (const line of text.split('\n')) {
    const [pid, rss, time] = line.trim().split(/\s+/)
    const cpuSeconds = time === undefined ? null : parseCpuTime(time)
    if (!pid || !/^\d+$/.test(pid) || !rss || !/^\d+$/.test(rss) || cpuSeconds === null) continue
    readings.set(Number(pid), { rssBytes: Number(rss) * 1024, cpuSeconds })
  }
  return readings
}

function parseCpuTime(text: string): number | null {
  const match = /^(?:(\d+)-)?(?:(\d+):)?(\d+):(\d+(?:\.\d+)?)$/.exec(text)
  if (!match) return null
  const [, days = '0', hours = '0', minutes = '0', seconds = '0'] = match
  return ((Number(days) * 24 + Number(hours)) * 60 + Number(minutes)) * 60 + Number(seconds)
}
