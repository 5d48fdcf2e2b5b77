import type { ProviderRequest } from './queries';

export type ProviderKind = NonNullable<ProviderRequest['kind']>;
export type ProviderOptions = NonNullable<ProviderRequest['options']>;

/** Gemini's harm categories and thresholds, as the admin API validates them. */
export const harmCategories = [
  'HARM_CATEGORY_HARASSMENT',
  'HARM_CATEGORY_HATE_SPEECH',
  'HARM_CATEGORY_SEXUALLY_EXPLICIT',
  'HARM_CATEGORY_DANGEROUS_CONTENT',
  'HARM_CATEGORY_CIVIC_INTEGRITY',
] as const;
export const harmThresholds = ['BLOCK_NONE', 'BLOCK_ONLY_HIGH', 'BLOCK_MEDIUM_AND_ABOVE', 'BLOCK_LOW_AND_ABOVE'] as const;

/** What the form shows for a kind: the base URL's example and which options the kind takes. */
export interface KindForm {
  baseUrl: string;
  maxTokens: boolean;
  apiVersion: 'required' | 'optional' | null;
  apiVersionExample?: string;
  safetySettings: boolean;
}

export const kindForms: Record<ProviderKind, KindForm> = {
  OPENAI_COMPATIBLE: { baseUrl: 'https://api.deepseek.com/v1', maxTokens: false, apiVersion: null, safetySettings: false },
  OLLAMA: { baseUrl: 'http://localhost:11434', maxTokens: false, apiVersion: null, safetySettings: false },
  ANTHROPIC: { baseUrl: 'https://api.anthropic.com/v1', maxTokens: true, apiVersion: 'optional', apiVersionExample: '2023-06-01', safetySettings: false },
  GEMINI: { baseUrl: 'https://generativelanguage.googleapis.com/v1beta', maxTokens: true, apiVersion: null, safetySettings: true },
  AZURE_OPENAI: { baseUrl: 'https://NAME.openai.azure.com', maxTokens: true, apiVersion: 'required', apiVersionExample: '2024-10-21', safetySettings: false },
  DASHSCOPE: { baseUrl: 'https://dashscope.aliyuncs.com/api/v1', maxTokens: true, apiVersion: null, safetySettings: false },
};

/**
 * The options to send for {@code kind}: only those the kind takes, without empty values (the API refuses
 * an option the kind does not take, and a category without a threshold); undefined when none is left.
 */
export function optionsFor(kind: ProviderKind, options: ProviderOptions | null | undefined): ProviderOptions | undefined {
  const form = kindForms[kind];
  if (!options || !form) return undefined;
  const out: ProviderOptions = {};
  if (form.maxTokens && typeof options.maxTokens === 'number') out.maxTokens = options.maxTokens;
  if (form.apiVersion && options.apiVersion && options.apiVersion.trim()) out.apiVersion = options.apiVersion.trim();
  if (form.safetySettings && options.safetySettings) {
    const settings = Object.fromEntries(Object.entries(options.safetySettings).filter(([, threshold]) => !!threshold));
    if (Object.keys(settings).length > 0) out.safetySettings = settings;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
