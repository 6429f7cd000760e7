// citty keeps only the last value of a flag given twice; a repeatable flag reads them all from the raw
// arguments instead (`--memory-limit a=1 --memory-limit=b=2`).

/** Every value of `--<name>`, in order, joined with commas; undefined when the flag is absent. */
export function repeatedFlag(rawArgs: readonly string[], name: string): string | undefined {
  const values: string[] = []
  const flag = `--${name}`
  for (let i = 0; i < rawArgs.length; i++) {
    const arg = rawArgs[i] ?? ''
    if (arg === '--') break
    if (arg.startsWith(`${flag}=`)) values.push(arg.slice(flag.length + 1))
    else if (arg === flag && i + 1 < rawArgs.length) values.push(rawArgs[++i] ?? '')
  }
  return values.length === 0 ? undefined : values.join(',')
}
