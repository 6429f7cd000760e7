// Its own module so the CLI's entry can test for it without loading node:path and node:url (a few
// milliseconds of every command's start, measured by bench/startup-vs-bun.ts).

/** The first CLI argument that runs an internal entry instead of a command (never shown in --help). */
export const internalEntryFlag = '--internal-entry'
