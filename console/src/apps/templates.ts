import type { AppConfig } from './queries';

/**
 * Starting points for a new app. Until the admin API serves an app square (issue 11), the console
 * ships these; each is a complete draft the API accepts. The model is left unset (offline mode) so a
 * template works before any provider exists.
 */
export interface AppTemplate {
  key: string;
  category: 'assistant' | 'service' | 'text';
  icon: string;
  config: (t: (key: string) => string) => AppConfig;
}

export const TEMPLATES: AppTemplate[] = [
  {
    key: 'customerService',
    category: 'service',
    icon: '🎧',
    config: (t) => ({
      name: t('templates.customerService.name'),
      systemPrompt: t('templates.customerService.prompt'),
      variables: { company: 'Acme' },
      openingStatement: t('templates.customerService.opening'),
      suggestedQuestions: [t('templates.customerService.q1'), t('templates.customerService.q2')],
      memory: { lastMessages: 10, tokenBudget: 2000 },
    }),
  },
  {
    key: 'translator',
    category: 'text',
    icon: '🌐',
    config: (t) => ({
      name: t('templates.translator.name'),
      systemPrompt: t('templates.translator.prompt'),
      variables: { target: 'English' },
      memory: { lastMessages: 0, tokenBudget: 0 },
    }),
  },
  {
    key: 'extractor',
    category: 'text',
    icon: '🧾',
    config: (t) => ({
      name: t('templates.extractor.name'),
      systemPrompt: t('templates.extractor.prompt'),
      variables: { fields: 'name, phone, email' },
      memory: { lastMessages: 0, tokenBudget: 0 },
    }),
  },
  {
    key: 'assistant',
    category: 'assistant',
    icon: '✨',
    config: (t) => ({
      name: t('templates.assistant.name'),
      systemPrompt: t('templates.assistant.prompt'),
      openingStatement: t('templates.assistant.opening'),
      skills: { tools: ['builtin/current_datetime', 'builtin/calculator'] },
    }),
  },
];
