// Pure: whether a transcript comes from a Claude Code whose format the cleaner knows. Records carry the
// writing version (`version`, e.g. `2.1.331`); a major version beyond the newest known one may have
// changed how messages chain or pair, so a copy could not be trusted to resume.

/** The newest Claude Code major version whose transcripts the cleaner was checked against. */
export const NEWEST_KNOWN_MAJOR = 2

export type FormatCheck = { known: true } | { known: false; reason: string }

export function checkFormatVersion(version: string | null): FormatCheck {
  // Old transcripts (and hand-made ones) name no version: their format is the one known.
  if (version === null) return { known: true }
  const match = /^(\d+)\.\d+(?:\.\d+)?(?:[-+].*)?$/.exec(version.trim())
  if (match === null)
    return {
      known: false,
      reason: `its records name Claude Code version \`${version}\`, which is not a version number`,
    }
  const major = Number(match[1])
  if (major > NEWEST_KNOWN_MAJOR)
    return {
      known: false,
      reason: `it was written by Claude Code ${version}, a format newer than this cleaner knows (up to ${NEWEST_KNOWN_MAJOR}.x); update Context Cleaner`,
    }
  return { known: true }
}
