// The transcript tree's directory listings, kept between runs. Every import (so every report) walks the
// whole tree, and at a few thousand transcripts reading each directory was most of a warm report's time
// (1 GB history: 762 directories, 19 ms of readdir against 2.5 ms to stat them). A listing is reused
// while its directory's mtime is unchanged: creating, removing or renaming an entry sets it. A file
// that only grows leaves the listing as it was, and the importer stats every file anyway.

import { type Dirent, readdirSync, readFileSync, type Stats, statSync } from 'node:fs'
import { join } from 'node:path'
import { writeStateFile } from '../runtime/write-state-file.ts'

export interface Listing {
  /** Sub-directories (symlinks are not followed: they can loop, and Claude Code never writes them). */
  dirs: string[]
  /** `.jsonl` files. */
  files: string[]
}

interface CachedListing extends Listing {
  mtimeMs: number
}

/**
 * A directory changed within this long before it was listed is listed again next time: mtimes come
 * from a coarse clock (a few ms on Linux, more elsewhere), so an entry made in the same tick as the
 * listing would leave the mtime it was cached under ("racily clean", as git calls it).
 */
const RACY_MS = 2000
const VERSION = 1

/** Where the listings of a data directory's imports are kept. */
export function listingCachePath(dataDir: string): string {
  return join(dataDir, 'transcript-dirs.json')
}

export function listDirectory(dir: string): Listing {
  const listing: Listing = { dirs: [], files: [] }
  for (const entry of readdirSync(dir, { withFileTypes: true }) as Dirent[]) {
    if (entry.isDirectory()) listing.dirs.push(entry.name)
    else if (entry.isFile() && entry.name.endsWith('.jsonl')) listing.files.push(entry.name)
  }
  return listing
}

export interface ListingCache {
  /** The directory's entries, from the cache when its mtime says nothing changed; throws as readdir does. */
  list(dir: string): Listing
  /**
   * Ends a walk: writes the listings of the directories it went through, if any changed, and keeps them
   * for the next walk. A process that walks again and again (the ingest service) keeps one cache and
   * reads the file once.
   */
  save(): void
}

export function openListingCache(path: string, now: () => number = Date.now): ListingCache {
  let before = readCache(path)
  let after = new Map<string, CachedListing>()
  let changed = false
  return {
    list(dir) {
      const stat: Stats = statSync(dir)
      const cached = before.get(dir)
      if (cached && cached.mtimeMs === stat.mtimeMs) {
        after.set(dir, cached)
        return cached
      }
      const listedAt = now()
      const listing = listDirectory(dir)
      changed = true
      if (stat.mtimeMs < listedAt - RACY_MS) after.set(dir, { ...listing, mtimeMs: stat.mtimeMs })
      return listing
    },
    save() {
      // Directories gone since the last walk drop out; an unchanged tree is not written again.
      const write = changed || after.size !== before.size
      before = after
      after = new Map()
      changed = false
      if (!write) return
      try {
        writeStateFile(path, { version: VERSION, dirs: Object.fromEntries(before) })
      } catch {
        // A cache that cannot be written costs the next run a full walk, nothing more.
      }
    },
  }
}

function readCache(path: string): Map<string, CachedListing> {
  let value: unknown
  try {
    value = JSON.parse(readFileSync(path, 'utf8'))
  } catch {
    return new Map()
  }
  const dirs = isRecord(value) && value.version === VERSION && isRecord(value.dirs) ? value.dirs : {}
  const cache = new Map<string, CachedListing>()
  for (const [dir, entry] of Object.entries(dirs)) if (isCachedListing(entry)) cache.set(dir, entry)
  return cache
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function isCachedListing(value: unknown): value is CachedListing {
  return (
    isRecord(value) &&
    typeof value.mtimeMs === 'number' &&
    isStringArray(value.dirs) &&
    isStringArray(value.files)
  )
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === 'string')
}
