// The form field a state-changing form carries its CSRF token in; src/web/security/csrf.ts checks it.

export const CSRF_FIELD = '_csrf'
