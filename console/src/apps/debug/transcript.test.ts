import { describe, expect, it } from 'vitest';
import { transcript, type Turn } from './transcript';

describe('debug chat transcript', () => {
  it('streams deltas into the turn and settles it on done', () => {
    let turns: Turn[] = [];
    turns = transcript(turns, { type: 'ask', id: 1, question: 'hi' });
    turns = transcript(turns, { type: 'delta', id: 1, text: 'He' });
    turns = transcript(turns, { type: 'delta', id: 1, text: 'llo' });
    expect(turns[0]).toMatchObject({ answer: 'Hello', streaming: true });
    turns = transcript(turns, { type: 'done', id: 1, done: { text: 'Hello', usage: { inputTokens: 3, outputTokens: 2 } } });
    expect(turns[0]).toMatchObject({ answer: 'Hello', streaming: false, done: { usage: { outputTokens: 2 } } });
  });

  it('keeps what streamed when the turn fails, and resets', () => {
    let turns = transcript([], { type: 'ask', id: 7, question: 'q' });
    turns = transcript(turns, { type: 'delta', id: 7, text: 'par' });
    turns = transcript(turns, { type: 'error', id: 7, message: 'model timed out' });
    expect(turns[0]).toMatchObject({ answer: 'par', streaming: false, error: 'model timed out' });
    expect(transcript(turns, { type: 'reset' })).toEqual([]);
  });
});
