// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { workflowNodeTypeValues } from '../../api/schema';
import en from '../../i18n/en';
import { initI18n } from '../../i18n';
import { SidePanel } from '../canvas/SidePanel';
import type { Canvas, CanvasNode } from '../model/graph';
import { NODE_TYPES, nodeType } from './index';

function lookup(key: string): unknown {
  return key.split('.').reduce<unknown>((o, k) => (o as Record<string, unknown> | undefined)?.[k], en);
}

describe('node types', () => {
  it('give every node type the API knows a form of its own, titled and described in the dictionary', () => {
    for (const type of workflowNodeTypeValues) {
      const def = nodeType(type);
      expect(def.description, type).not.toBe('workflow.genericHelp');
      expect(lookup(def.title), `${type} title`).toBeTypeOf('string');
      expect(lookup(def.description), `${type} description`).toBeTypeOf('string');
    }
    expect(new Set(NODE_TYPES.map((def) => def.order)).size).toBe(NODE_TYPES.length);
  });

  it('offer the branches the engine routes on', () => {
    const classes = { classes: [{ id: 'booking', name: 'Booking' }, { id: 'other', name: '' }] };
    expect(nodeType('question-classifier').branches?.(classes)).toEqual([
      { id: 'booking', label: 'Booking' },
      { id: 'other', label: 'other' },
    ]);
    const review = { actions: [{ id: 'approve', label: 'Send' }, { id: 'reject' }] };
    expect(nodeType('human-input').branches?.(review).map((b) => b.id)).toEqual(['approve', 'reject']);
    expect(nodeType('human-input').branches?.({ ...review, timeoutSeconds: 60 }).map((b) => b.id)).toEqual(['approve', 'reject', 'timeout']);
  });

  it('declare the outputs later nodes may read', () => {
    const names = (type: string, config: Record<string, unknown>) => nodeType(type).outputs(config).map((o) => `${o.name}:${o.type}`);
    expect(names('parameter-extractor', { parameters: [{ name: 'city', type: 'string' }, { name: 'nights', type: 'number' }] })).toEqual([
      'city:string',
      'nights:number',
      'ok:boolean',
      'error:string',
    ]);
    expect(names('loop', { variables: [{ name: 'total', type: 'number' }] })).toEqual(['total:number', 'rounds:number']);
    expect(names('iteration', {})).toEqual(['output:array', 'errors:array']);
    expect(names('variable-assigner', { assignments: [{ variable: 'conversation.topics' }, { variable: 'conversation.' }] })).toEqual(['topics:any']);
    expect(names('list-operator', {})).toContain('count:number');
  });

  it('start new nodes with configs that name what they need', () => {
    expect(nodeType('iteration').defaults()).toMatchObject({ mode: 'sequential', body: { nodes: [{ type: 'start' }, { type: 'end' }] } });
    expect(nodeType('human-input').defaults().actions).toHaveLength(2);
  });
});

// The first antd render takes seconds on a loaded machine: a generous limit, not a timing assertion.
describe('side forms', { timeout: 60_000 }, () => {
  beforeAll(() => {
    initI18n();
  });
  afterEach(cleanup);

  function panel(type: string, config: Record<string, unknown>) {
    const node: CanvasNode = { id: 'review', position: { x: 0, y: 0 }, data: { type, title: 'Review', config } };
    const start: CanvasNode = { id: 'start', position: { x: 0, y: 0 }, data: { type: 'start', title: 'Start', config: { inputs: [{ name: 'q', type: 'string' }] } } };
    const canvas: Canvas = { nodes: [start, node], edges: [{ id: 'e1', source: 'start', target: 'review' }] } as Canvas;
    const changes: Record<string, unknown>[] = [];
    render(
      <QueryClientProvider client={new QueryClient()}>
        <SidePanel canvas={canvas} node={node} run={null} onConfig={(_, next) => changes.push(next)} onMeta={() => {}} />
      </QueryClientProvider>,
    );
    return changes;
  }

  it('edit the human-input node: its prompt, actions and the staff member to notify', async () => {
    const changes = panel('human-input', {
      prompt: 'Send {{start.q}}?',
      actions: [{ id: 'approve', label: 'Send' }],
      notify: { bindingId: 'b-1', recipient: '' },
    });
    expect(screen.getByDisplayValue('Send {{start.q}}?')).toBeTruthy();
    expect(screen.getByDisplayValue('approve')).toBeTruthy();
    expect(screen.getByText('Staff member')).toBeTruthy();
    const recipient = screen.getAllByRole('textbox').find((box) => (box as HTMLInputElement).id.endsWith('notify_recipient'));
    expect(recipient, 'the recipient input').toBeTruthy();
    await act(async () => {
      fireEvent.change(recipient!, { target: { value: '7001' } });
    });
    expect(changes.at(-1)).toMatchObject({ notify: { bindingId: 'b-1', recipient: '7001' }, actions: [{ id: 'approve', label: 'Send' }] });
  });

  it('edit the list operator: a filter row and the limit', async () => {
    const changes = panel('list-operator', { variable: 'start.q', filter: [{ field: 'score', operator: 'gt', value: '3' }], limit: 5 });
    expect(screen.getByDisplayValue('score')).toBeTruthy();
    expect(screen.getByDisplayValue('5')).toBeTruthy();
    await act(async () => {
      fireEvent.change(screen.getByDisplayValue('score'), { target: { value: 'rank' } });
    });
    expect(changes.at(-1)).toMatchObject({ filter: [{ field: 'rank', operator: 'gt', value: '3' }], limit: 5 });
  });
});
