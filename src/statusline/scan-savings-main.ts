// The background "context clean would save" scan (background-scan.ts starts it): scans the session's
// transcript to its end without a time budget, leaves the answer beside the statusline's other files,
// and releases the lock. Prints nothing; a failure leaves the lock to go stale.

import { rmSync } from 'node:fs'
import { scanEnv } from './background-scan.ts'
import { cleaningSavings } from './cleaning-savings.ts'
import { savingsPaths } from './line-cache.ts'

const transcript = process.env[scanEnv.transcript]
const base = process.env[scanEnv.base]
if (transcript && base) {
  try {
    for (let i = 0; i < 1000 && cleaningSavings(transcript, base, Date.now(), () => 60_000).behind; i++) {}
  } finally {
    rmSync(savingsPaths(base).lock, { force: true })
  }
}
