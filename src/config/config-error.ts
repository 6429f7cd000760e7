export const configErrorCodes = ['invalid-setting', 'invalid-config-file'] as const
export type ConfigErrorCode = (typeof configErrorCodes)[number]

export class ConfigError extends Error {
  constructor(
    readonly code: ConfigErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'ConfigError'
  }
}
