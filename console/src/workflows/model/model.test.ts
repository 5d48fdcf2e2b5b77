import { describe, expect, it } from 'vitest';
import { copy, paste } from './clipboard';
import { nextId, toApi, toCanvas, type ApiGraph, type Canvas } from './graph';
import { record, redo, start, undo } from './history';
import { autoLayout } from './layout';
import { fieldRoot, placeProblems, withProblems } from './problems';
import { references, upstream, variablesFor, type Output } from './variables';

const GRAPH: ApiGraph = {
  description: 'Answers or escalates',
  nodes: [
    { id: 'start', type: 'start', title: 'Start', config: { inputs: [{ name: 'query', type: 'string', required: true }] }, position: { x: 0, y: 0 } },
    { id: 'check', type: 'if-else', title: 'Urgent?', config: { cases: [{ id: 'urgent', logic: 'and', conditions: [{ variable: 'start.query', operator: 'contains', value: 'now' }] }] }, position: { x: 300, y: 0 } },
    { id: 'llm1', type: 'llm', title: 'Answer', config: { prompt: '{{start.query}}' }, onError: { mode: 'retry', retries: 2 }, position: { x: 600, y: -80 } },
    { id: 'code1', type: 'code', title: 'Escalate', config: { code: 'x' }, position: { x: 600, y: 80 } },
    { id: 'end', type: 'end', title: 'End', config: { outputs: [{ name: 'answer', value: 'llm1.text' }] }, position: { x: 900, y: 0 } },
  ],
  edges: [
    { from: 'start', to: 'check' },
    { from: 'check', to: 'code1', branch: 'urgent' },
    { from: 'check', to: 'llm1', branch: 'else' },
    { from: 'llm1', to: 'end' },
    { from: 'code1', to: 'end' },
  ],
};

const OUTPUTS: Record<string, Output[]> = {
  start: [{ name: 'query', type: 'string' }],
  'if-else': [{ name: 'branch', type: 'string' }],
  llm: [{ name: 'text', type: 'string' }],
  code: [{ name: 'result', type: 'object' }],
  end: [],
};
const outputsOf = (node: Canvas['nodes'][number]) => OUTPUTS[node.data.type] ?? [];

describe('graph ↔ API JSON', () => {
  it('round-trips every node, branch, error policy and position', () => {
    const canvas = toCanvas(GRAPH, autoLayout);
    expect(canvas.edges.find((e) => e.target === 'code1')?.sourceHandle).toBe('urgent');
    expect(toApi(canvas, GRAPH.description ?? undefined)).toEqual(GRAPH);
  });

  it('lays out a graph that has no positions, left to right', () => {
    const bare: ApiGraph = { ...GRAPH, nodes: GRAPH.nodes!.map(({ position: _p, ...node }) => node) };
    const canvas = toCanvas(bare, autoLayout);
    const x = Object.fromEntries(canvas.nodes.map((n) => [n.id, n.position.x]));
    expect(canvas.nodes.every((n) => Number.isFinite(n.position.x) && Number.isFinite(n.position.y))).toBe(true);
    expect(x.start).toBeLessThan(x.check);
    expect(x.check).toBeLessThan(x.llm1);
    expect(x.llm1).toBeLessThan(x.end);
  });

  it('names new nodes after their type with the next free number', () => {
    expect(nextId('llm', ['llm1', 'llm2'])).toBe('llm3');
    expect(nextId('if-else', [])).toBe('ifelse1');
  });
});

describe('variable picker', () => {
  const canvas = toCanvas(GRAPH, autoLayout);

  it('offers only the outputs of upstream nodes', () => {
    expect(upstream(canvas, 'llm1').sort()).toEqual(['check', 'start']);
    expect(variablesFor(canvas, 'llm1', outputsOf).map((v) => v.selector)).toEqual(['check.branch', 'start.query']);
    const atEnd = variablesFor(canvas, 'end', outputsOf).map((v) => v.selector);
    expect(atEnd).toContain('llm1.text');
    expect(atEnd).toContain('code1.result');
    expect(atEnd).not.toContain('end.answer');
  });

  it('never offers the node itself, a downstream node or an unconnected one', () => {
    const withLoose: Canvas = { ...canvas, nodes: [...canvas.nodes, { id: 'loose', position: { x: 0, y: 0 }, data: { type: 'llm', title: 'Loose', config: {} } }] };
    const offered = variablesFor(withLoose, 'llm1', outputsOf).map((v) => v.nodeId);
    expect(offered).not.toContain('llm1');
    expect(offered).not.toContain('end');
    expect(offered).not.toContain('loose');
  });

  it('filters by type and reads template references', () => {
    expect(variablesFor(canvas, 'end', outputsOf, ['object']).map((v) => v.selector)).toEqual(['code1.result']);
    expect(references('Hi {{ start.query }} and {{llm1.text}}')).toEqual([
      { nodeId: 'start', field: 'query' },
      { nodeId: 'llm1', field: 'text' },
    ]);
  });
});

describe('validation mapping', () => {
  it('puts each API error on its node and field, and the rest on the graph', () => {
    const canvas = toCanvas(GRAPH, autoLayout);
    const problems = placeProblems(canvas, [
      { node: 'llm1', field: 'config.model', message: 'model is required' },
      { node: 'llm1', field: 'config.prompt', message: 'prompt refers to code1, which does not run before llm1' },
      { node: 'check', field: 'cases[0].conditions[0].value', message: 'value is required' },
      { node: 'end', field: null, message: 'end is not reachable' },
      { node: null, field: null, message: 'the graph needs one start node' },
      { node: 'ghost', field: 'x', message: 'unknown node' },
    ]);
    expect(problems.byNode.get('llm1')).toEqual({ model: ['model is required'], prompt: ['prompt refers to code1, which does not run before llm1'] });
    expect(problems.byNode.get('check')).toEqual({ cases: ['value is required'] });
    expect(problems.byNode.get('end')).toEqual({ '': ['end is not reachable'] });
    expect(problems.graph).toEqual(['the graph needs one start node', 'ghost: unknown node']);
    const marked = withProblems(canvas, problems);
    expect(marked.nodes.find((n) => n.id === 'llm1')?.data.problems?.model).toHaveLength(1);
    expect(withProblems(marked, placeProblems(canvas, [])).nodes.every((n) => !n.data.problems)).toBe(true);
    expect(fieldRoot('inputs[0].name')).toBe('inputs');
  });

  it('names the inner node and field of an error inside an iteration or loop body', () => {
    const canvas = toCanvas(GRAPH, autoLayout);
    const problems = placeProblems(canvas, [
      { node: 'llm1', field: 'body.e.outputs[0].value', message: "references node 'ask', which does not exist" },
      { node: 'llm1', field: 'body', message: 'must be a graph {nodes, edges}' },
    ]);
    expect(problems.byNode.get('llm1')).toEqual({
      body: ["e.outputs[0].value: references node 'ask', which does not exist", 'must be a graph {nodes, edges}'],
    });
  });
});

describe('undo/redo', () => {
  it('steps back and forth and forgets the future on a new change', () => {
    let h = start(1);
    h = record(h, 2);
    h = record(h, 3);
    h = record(h, 3);
    expect(h.past).toEqual([1, 2]);
    h = undo(undo(h));
    expect(h.present).toBe(1);
    h = redo(h);
    expect(h.present).toBe(2);
    h = record(h, 9);
    expect(h.future).toEqual([]);
    expect(undo(start(0)).present).toBe(0);
  });
});

describe('copy/paste', () => {
  it('pastes the selection with fresh ids, its inner edges and renamed references', () => {
    const canvas = toCanvas(GRAPH, autoLayout);
    const selected: Canvas = { ...canvas, nodes: canvas.nodes.map((n) => ({ ...n, selected: n.id === 'llm1' || n.id === 'end' })) };
    const clip = copy(selected)!;
    expect(clip.edges).toEqual([expect.objectContaining({ source: 'llm1', target: 'end' })]);
    const pasted = paste(selected, clip);
    const added = pasted.nodes.slice(canvas.nodes.length);
    expect(added.map((n) => n.id)).toEqual(['llm2', 'end1']);
    expect(added.every((n) => n.selected)).toBe(true);
    expect(added[1].data.config).toEqual({ outputs: [{ name: 'answer', value: 'llm2.text' }] });
    expect(added[0].data.config).toEqual({ prompt: '{{start.query}}' });
    expect(pasted.edges.at(-1)).toMatchObject({ source: 'llm2', target: 'end1' });
    expect(added[0].position.x).toBe(canvas.nodes.find((n) => n.id === 'llm1')!.position.x + 40);
    expect(copy(canvas)).toBeNull();
  });
});
