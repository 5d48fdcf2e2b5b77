import { describe, expect, it } from 'vitest';
import { fromForm, mergePatch, placeholders, segments, toForm } from './draftForm';

describe('draft form', () => {
  const draft = {
    name: 'Guide',
    systemPrompt: 'You are the {{company}} assistant for {{ product }}.',
    variables: { company: 'Acme', product: 'Switchboard' },
    qaPairs: [{ question: 'q', answer: 'a' }],
    someFutureSetting: { on: true },
  } as never;

  it('round-trips the draft and keeps settings the form does not hold', () => {
    const form = toForm(draft);
    expect(form.variables).toEqual([
      { name: 'company', value: 'Acme' },
      { name: 'product', value: 'Switchboard' },
    ]);
    const { qaPairs: _dropped, ...partial } = form;
    expect(fromForm(partial, draft)).toEqual(draft);
  });

  it('saves only complete fallback rows and none for an offline app', () => {
    const withModel = { name: 'G', variables: {}, model: { providerId: 'a', modelName: 'm' }, fallbacks: [] } as never;
    const rows = [
      { providerId: 'b', modelName: 'm2' },
      { providerId: 'c', modelName: '' },
    ];
    expect(fromForm({ ...toForm(withModel), fallbacks: rows }, withModel).fallbacks).toEqual([{ providerId: 'b', modelName: 'm2' }]);
    expect(fromForm({ ...toForm(withModel), model: null, fallbacks: rows }, withModel).fallbacks).toEqual([]);
  });

  it('shows no knowledge as an empty pick and saves an empty pick as no knowledge', () => {
    const linked = { name: 'G', variables: {}, knowledge: { knowledgeBaseIds: ['kb_1'], topK: 2, scoreThreshold: 0.4, mode: 'vector' } } as never;
    const form = toForm({ name: 'G', knowledge: null } as never);
    expect(form.knowledge).toEqual({ knowledgeBaseIds: [], topK: 4, scoreThreshold: 0.5, mode: 'hybrid' });
    expect(fromForm(form, { name: 'G', knowledge: null } as never).knowledge).toBeNull();
    expect(fromForm(toForm(linked), linked)).toEqual(linked);
    const unlinked = fromForm({ ...toForm(linked), knowledge: { ...toForm(linked).knowledge!, knowledgeBaseIds: [] } }, linked);
    expect(unlinked.knowledge).toBeNull();
    expect(mergePatch(linked, unlinked)).toEqual({ knowledge: null });
  });

  it('drops blank variable rows and trims names', () => {
    const saved = fromForm({ variables: [{ name: ' a ', value: '1' }, { name: '', value: 'x' }] }, draft);
    expect(saved.variables).toEqual({ a: '1' });
  });

  it('finds placeholders and splits the prompt for highlighting', () => {
    expect(placeholders('{{a}} {{ b }} {{a}} {b}')).toEqual(['a', 'b']);
    expect(segments('Hi {{name}}!')).toEqual([{ text: 'Hi ' }, { text: '{{name}}', variable: 'name' }, { text: '!' }]);
    expect(segments('').length).toBe(0);
  });
});

describe('mergePatch', () => {
  it('sends only what changed, null for removed members, arrays whole', () => {
    const before = { name: 'a', memory: { lastMessages: 10, tokenBudget: 2000 }, suggestedQuestions: ['x'], model: { providerId: 'p' } };
    const after = { name: 'a', memory: { lastMessages: 5, tokenBudget: 2000 }, suggestedQuestions: ['x', 'y'] };
    expect(mergePatch(before, after)).toEqual({ memory: { lastMessages: 5 }, suggestedQuestions: ['x', 'y'], model: null });
    expect(mergePatch(after, after)).toEqual({});
  });
});
