// The hard ceiling under a service's watched memory limit, so that a runaway growing faster than the
// watchdog samples cannot take the machine. Where util-linux's `prlimit` is installed (Linux), the
// service runs as `prlimit --as=<bytes> -- <command>`: prlimit sets RLIMIT_AS and execs the command,
// so the PID is the service's. Elsewhere (macOS) there is no ceiling; the watched limit still applies.
//
// Measured on Bun 1.4.5 (x64): a Bun process reserves about 6 GB of address space when idle, yet starts
// and runs within a smaller RLIMIT_AS: every service started under 512 MiB; with 1 GiB an allocating loop
// stopped at ~590 MB resident with "out of memory" (exit 1), with 512 MiB at ~185 MB; under 256 MiB Bun
// cannot start at all. Bun also aborts at start-up (SIGABRT, 15 ms in) with a limit just above 1 GiB or
// 2 GiB (1136-1248 and 2160-2272 MiB; none seen from 2304 MiB to 8.3 GiB), so no ceiling is set
// below 2.5 GiB. BUN_JSC_forceRAMSize only makes the garbage collector work harder (a 600 MB
// allocation went through), so it is no ceiling.

const MiB = 2 ** 20
/** Address space a Bun service needs beyond what it keeps resident (see the measurements above). */
const headroomBytes = 768 * MiB
/** Clear of the limits Bun cannot start under. */
const floorBytes = 2560 * MiB

const prlimit = process.platform === 'linux' ? Bun.which('prlimit') : null

/** The address-space ceiling for a watched limit: twice the limit plus what Bun reserves, at least 2.5 GiB. */
export function addressSpaceCeiling(limitBytes: number): number {
  return Math.max(floorBytes, 2 * limitBytes + headroomBytes)
}

/** The words to put before a service's command, or none where no ceiling can be set. */
export function ceilingPrefix(limitBytes: number | null, tool: string | null = prlimit): string[] {
  if (limitBytes === null || tool === null) return []
  return [tool, `--as=${addressSpaceCeiling(limitBytes)}`, '--']
}
