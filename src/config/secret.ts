// A value that must not reach a terminal or a log by accident: printing, logging or serializing it
// shows `<hidden>`; only `reveal()` gives the text (pydantic's SecretStr, for the same reason).

const hidden = '<hidden>'

export class Secret {
  readonly #value: string

  constructor(value: string) {
    this.#value = value
  }

  reveal(): string {
    return this.#value
  }

  toString(): string {
    return hidden
  }

  toJSON(): string {
    return hidden
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return hidden
  }
}
