// ClickHouse before 19.x has no server-side query parameters (`param_x` is an "Unknown setting"). For
// those servers the store's `{name:Type}` placeholders are bound here, each value checked against its
// declared type and rendered as a literal by one escaper; newer servers get them as real parameters.

export type QueryParams = Record<string, string | number | readonly string[]>

const placeholder = /\{([A-Za-z_][A-Za-z0-9_]*):([A-Za-z0-9]+|Array\(String\))\}/g
const integerTypes = new Set(['Int8', 'Int16', 'Int32', 'Int64', 'UInt8', 'UInt16', 'UInt32', 'UInt64'])

export function bindParams(sql: string, params: QueryParams): string {
  return sql.replace(placeholder, (_, name: string, type: string) => {
    if (!Object.hasOwn(params, name)) throw new Error(`No value for query parameter {${name}:${type}}`)
    return literal(params[name]!, type, name)
  })
}

function literal(value: string | number | readonly string[], type: string, name: string): string {
  if (type === 'Array(String)') {
    if (!Array.isArray(value) || !value.every((v) => typeof v === 'string'))
      throw new Error(`Query parameter ${name} must be a list of strings`)
    return `[${value.map((v: string) => literal(v, 'String', name)).join(', ')}]`
  }
  if (Array.isArray(value)) throw new Error(`Query parameter ${name} must be a single value for ${type}`)
  if (integerTypes.has(type)) {
    if (typeof value !== 'number' || !Number.isSafeInteger(value))
      throw new Error(`Query parameter ${name} must be an integer for ${type}`)
    return `to${type}(${value})`
  }
  if (type === 'Float64') {
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new Error(`Query parameter ${name} must be a finite number for Float64`)
    return `toFloat64(${value})`
  }
  if (type === 'String') {
    if (typeof value !== 'string') throw new Error(`Query parameter ${name} must be a string`)
    return `'${value.replace(/[\\']/g, (c) => `\\${c}`)}'`
  }
  throw new Error(`Unsupported query parameter type ${type} for ${name}`)
}
