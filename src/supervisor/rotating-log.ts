// Service output goes to <logs>/<service>.log; when a file passes `maxBytes` it becomes .1, .1 becomes
// .2 and so on, keeping `keep` old files, so a chatty service cannot fill the disk.

import {
  closeSync,
  existsSync,
  fstatSync,
  mkdirSync,
  openSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs'
import { dirname } from 'node:path'

export interface RotationOptions {
  /** @default 5 MiB */
  maxBytes: number
  /** Rotated files kept next to the live one. @default 3 */
  keep: number
}

export const defaultRotation: RotationOptions = { maxBytes: 5 * 1024 * 1024, keep: 3 }

/** The renames that rotate `path`, oldest first so nothing is overwritten before it moves. */
export function rotationRenames(path: string, keep: number): Array<[from: string, to: string]> {
  const renames: Array<[string, string]> = []
  for (let n = keep - 1; n >= 1; n--) renames.push([`${path}.${n}`, `${path}.${n + 1}`])
  if (keep >= 1) renames.push([path, `${path}.1`])
  return renames
}

function rotate(path: string, keep: number): void {
  if (keep < 1) {
    rmSync(path, { force: true })
    return
  }
  for (const [from, to] of rotationRenames(path, keep)) if (existsSync(from)) renameSync(from, to)
}

/** Rotates a log another process writes to (the supervisor's own) before it is reopened. */
export function rotateIfLarger(path: string, options: RotationOptions = defaultRotation): void {
  if (existsSync(path) && statSync(path).size >= options.maxBytes) rotate(path, options.keep)
}

export class RotatingLog {
  #fd: number
  #size: number
  #closed = false

  constructor(
    readonly path: string,
    private readonly options: RotationOptions = defaultRotation,
  ) {
    mkdirSync(dirname(path), { recursive: true })
    this.#fd = openSync(path, 'a', 0o600)
    this.#size = fstatSync(this.#fd).size
  }

  write(text: string): void {
    // A late line from a child that is being reaped after shutdown is dropped, not a crash.
    if (this.#closed) return
    const bytes = Buffer.from(text)
    if (this.#size > 0 && this.#size + bytes.length > this.options.maxBytes) {
      closeSync(this.#fd)
      rotate(this.path, this.options.keep)
      this.#fd = openSync(this.path, 'a', 0o600)
      this.#size = 0
    }
    writeSync(this.#fd, bytes)
    this.#size += bytes.length
  }

  /** One line, stamped with the time, as `logs` shows it. */
  line(text: string, at: Date = new Date()): void {
    this.write(`${at.toISOString()} ${text}\n`)
  }

  close(): void {
    if (this.#closed) return
    this.#closed = true
    closeSync(this.#fd)
  }
}
