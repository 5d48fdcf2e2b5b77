import { describe, expect, it } from 'vitest';
import { detectLanguage } from './index';
import en from './en';
import zhCN from './zh-CN';

describe('detectLanguage', () => {
  it('follows the browser and prefers a stored choice', () => {
    expect(detectLanguage(null, ['zh-TW', 'en'])).toBe('zh-CN');
    expect(detectLanguage(null, ['en-GB'])).toBe('en');
    expect(detectLanguage(null, ['fr-FR', 'zh'])).toBe('zh-CN');
    expect(detectLanguage(null, ['fr-FR'])).toBe('en');
    expect(detectLanguage('en', ['zh-CN'])).toBe('en');
  });
});

function keys(value: unknown, prefix = ''): string[] {
  if (typeof value !== 'object' || value === null) return [prefix];
  return Object.entries(value).flatMap(([k, v]) => keys(v, prefix ? `${prefix}.${k}` : k));
}

describe('dictionaries', () => {
  it('have the same keys and no empty strings', () => {
    expect(keys(zhCN).sort()).toEqual(keys(en).sort());
    for (const key of keys(zhCN)) {
      const value = key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown>)[k], zhCN);
      expect(value, key).not.toBe('');
    }
  });
});
