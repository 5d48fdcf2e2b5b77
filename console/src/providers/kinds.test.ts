import { describe, expect, it } from 'vitest';
import { kindForms, optionsFor } from './kinds';

describe('optionsFor', () => {
  it('keeps only the options the kind takes', () => {
    const options = { maxTokens: 2048, apiVersion: '2024-10-21', safetySettings: { HARM_CATEGORY_HARASSMENT: 'BLOCK_NONE' as const } };
    expect(optionsFor('OPENAI_COMPATIBLE', options)).toBeUndefined();
    expect(optionsFor('AZURE_OPENAI', options)).toEqual({ maxTokens: 2048, apiVersion: '2024-10-21' });
    expect(optionsFor('GEMINI', options)).toEqual({ maxTokens: 2048, safetySettings: { HARM_CATEGORY_HARASSMENT: 'BLOCK_NONE' } });
    expect(optionsFor('ANTHROPIC', options)).toEqual({ maxTokens: 2048, apiVersion: '2024-10-21' });
  });

  it('drops categories left without a threshold and blank versions', () => {
    expect(
      optionsFor('GEMINI', { safetySettings: { HARM_CATEGORY_HARASSMENT: undefined as never, HARM_CATEGORY_HATE_SPEECH: 'BLOCK_ONLY_HIGH' } }),
    ).toEqual({ safetySettings: { HARM_CATEGORY_HATE_SPEECH: 'BLOCK_ONLY_HIGH' } });
    expect(optionsFor('ANTHROPIC', { apiVersion: '  ' })).toBeUndefined();
    expect(optionsFor('GEMINI', null)).toBeUndefined();
  });

  it('names an example endpoint for every kind', () => {
    expect(Object.values(kindForms).every((form) => form.baseUrl.startsWith('http'))).toBe(true);
    expect(kindForms.AZURE_OPENAI.apiVersion).toBe('required');
    expect(kindForms.DASHSCOPE.apiVersion).toBeNull();
  });
});
