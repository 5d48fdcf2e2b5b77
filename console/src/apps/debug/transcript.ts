import type { Schemas } from '../../api/client';

export type DebugDone = Schemas['DebugDone'];

export interface Turn {
  id: number;
  question: string;
  answer: string;
  streaming: boolean;
  done?: DebugDone;
  error?: string;
}

export type TranscriptEvent =
  | { type: 'ask'; id: number; question: string }
  | { type: 'delta'; id: number; text: string }
  | { type: 'done'; id: number; done: DebugDone }
  | { type: 'error'; id: number; message: string }
  | { type: 'reset' };

/** The debug chat's turns as the stream events arrive (pure, so it is tested without a browser). */
export function transcript(turns: Turn[], event: TranscriptEvent): Turn[] {
  switch (event.type) {
    case 'reset':
      return [];
    case 'ask':
      return [...turns, { id: event.id, question: event.question, answer: '', streaming: true }];
    case 'delta':
      return turns.map((turn) => (turn.id === event.id ? { ...turn, answer: turn.answer + event.text } : turn));
    case 'done':
      return turns.map((turn) =>
        turn.id === event.id ? { ...turn, answer: event.done.text ?? turn.answer, streaming: false, done: event.done } : turn,
      );
    case 'error':
      return turns.map((turn) => (turn.id === event.id ? { ...turn, streaming: false, error: event.message } : turn));
  }
}
