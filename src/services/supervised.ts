// How a service knows its supervisor is gone. The supervisor spawns each service with its stdin a pipe
// whose other end only the supervisor holds; when the supervisor dies, even by `kill -9`, the kernel
// closes that end and the service reads end-of-file. Linux's PR_SET_PDEATHSIG would do the same but is
// out of reach from Bun, and polling the parent PID is slower and not portable; a pipe works on every Unix.

/** Set by the supervisor in a service's environment: stdin is the supervisor's lifeline. */
export const supervisedEnv = 'CONTEXT_CLEANER_SUPERVISED'

/** Calls `gone` once, when the supervisor that spawned this process has exited; never when run by hand. */
export function whenSupervisorGone(gone: () => void): void {
  if (process.env[supervisedEnv] !== '1') return
  void (async () => {
    try {
      // Nothing is ever written; the loop ends at end-of-file.
      for await (const _ of Bun.stdin.stream()) {
      }
    } catch {
      // A read error means the pipe is broken: the supervisor is gone all the same.
    }
    gone()
  })()
}
