// The names of UTC among IANA zones. Config accepts them without asking Intl, and the calendar answers
// them with plain Date arithmetic: the first Intl formatter of a process loads ICU's zone data.

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
