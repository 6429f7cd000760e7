// Reads the memory and CPU time of a set of processes: /proc on Linux (two small reads a process),
// one `ps` for all of them elsewhere (macOS). A process that is gone is simply missing from the answer.

import { existsSync, readFileSync } from 'node:fs'
import {
  cpuSecondsFromStat,
  type ProcessReading,
  readingsFromPs,
  rssBytesFromStatus,
} from './resource-readings.ts'

const hasProc = existsSync('/proc/self/stat')

export async function readProcesses(pids: readonly number[]): Promise<Map<number, ProcessReading>> {
  if (pids.length === 0) return new Map()
  return hasProc ? fromProc(pids) : fromPs(pids)
}

function fromProc(pids: readonly number[]): Map<number, ProcessReading> {
  const readings = new Map<number, ProcessReading>()
  for (const pid of pids) {
    try {
      const cpuSeconds = cpuSecondsFromStat(readFileSync(`/proc/${pid}/stat`, 'utf8'))
      const rssBytes = rssBytesFromStatus(readFileSync(`/proc/${pid}/status`, 'utf8'))
      if (cpuSeconds !== null && rssBytes !== null) readings.set(pid, { rssBytes, cpuSeconds })
    } catch {
      // Exited between the listing and the read.
    }
  }
  return readings
}

async function fromPs(pids: readonly number[]): Promise<Map<number, ProcessReading>> {
  try {
    const ps = Bun.spawn(['ps', '-o', 'pid=,rss=,time=', '-p', pids.join(',')], {
      stdin: 'ignore',
      stdout: 'pipe',
      stderr: 'ignore',
    })
    const text = await new Response(ps.stdout).text()
    await ps.exited
    return readingsFromPs(text)
  } catch {
    return new Map()
  }
}
