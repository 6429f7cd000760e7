// The background "context clean would save" scan (background-scan.ts starts it): scans the session's
// transcript to its end in one pass, with no time budget and no byte limit, leaves the answer beside
// the statusline's other files, and releases the lock. Prints nothing; a failure leaves the lock to go
// stale.

import { rmSync } from 'node:fs'
import { scanEnv } from './background-scan.ts'
import { backgroundSavings } from './cleaning-savings.ts'
import { savingsPaths } from './line-cache.ts'

const transcript = process.env[scanEnv.transcript]
const base = process.env[scanEnv.base]
if (transcript && base) {
  try {
    backgroundSavings(transcript, base, Date.now())
  } finally {
    rmSync(savingsPaths(base).lock, { force: true })
  }
}
