// Which zone names are known. The names of UTC among IANA zones are answered without asking Intl (config
// accepts them, the calendar does their arithmetic with plain Dates): the first Intl formatter of a
// process loads ICU's zone data.

const utcZones = new Set([
  'UTC',
  'Etc/UTC',
  'UCT',
  'Etc/UCT',
  'GMT',
  'Etc/GMT',
  'GMT0',
  'Etc/GMT0',
  'GMT+0',
  'Etc/GMT+0',
  'GMT-0',
  'Etc/GMT-0',
  'Greenwich',
  'Etc/Greenwich',
  'Universal',
  'Etc/Universal',
  'Zulu',
  'Etc/Zulu',
])

/** Whether a zone name is an alias of UTC (no offset, ever). */
export function isUtcZone(timeZone: string): boolean {
  return utcZones.has(timeZone)
}

/** Whether Intl knows the zone (UTC's names without asking it). */
export function isKnownTimeZone(timeZone: string): boolean {
  if (isUtcZone(timeZone)) return true
  try {
    new Intl.DateTimeFormat('en-US', { timeZone })
    return true
  } catch {
    return false
  }
}
