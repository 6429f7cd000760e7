// What each kind of context content is called, alike in the terminal and on the dashboard.

import type { ContentKind } from './context-types.ts'

export const kindLabels = {
  'system-and-tools': 'System prompt and tools',
  'user-prompt': 'User prompts',
  attachment: 'Attachments and reminders',
  'assistant-text': 'Assistant text',
  thinking: 'Thinking',
  'tool-use': 'Tool calls',
  'tool-result': 'Tool results',
  'compact-summary': 'Compaction summaries',
} as const satisfies Record<ContentKind, string>
