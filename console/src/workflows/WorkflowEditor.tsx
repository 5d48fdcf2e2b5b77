import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  applyEdgeChanges,
  applyNodeChanges,
  useReactFlow,
  type Connection,
  type EdgeChange,
  type NodeChange,
} from '@xyflow/react';
import '@xyflow/react/dist/style.css';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App as AntApp, Button, Input, Modal, Result, Space, Spin, Tag, Tooltip } from 'antd';
import {
  ApartmentOutlined,
  ArrowLeftOutlined,
  CaretRightOutlined,
  CheckCircleOutlined,
  CloudUploadOutlined,
  DownloadOutlined,
  RedoOutlined,
  SaveOutlined,
  UndoOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useBlocker, useParams } from 'react-router';
import { api, call } from '../api/client';
import { ApiError, messageOf, type ValidationProblem } from '../api/errors';
import { FlowNode } from './canvas/FlowNode';
import { DRAG_TYPE, Palette } from './canvas/Palette';
import { SidePanel } from './canvas/SidePanel';
import { DebugRunDialog } from './DebugRunDialog';
import { copy, paste, type Clip } from './model/clipboard';
import { edgeId, FLOW_NODE, nextId, toApi, toCanvas, type Canvas, type CanvasNode } from './model/graph';
import { record, redo, start, undo, type History } from './model/history';
import { autoLayout } from './model/layout';
import { placeProblems, withProblems } from './model/problems';
import { nodeType } from './nodes';
import { useWorkflow, workflowKeys, type Workflow, type WorkflowRun } from './queries';

const NODE_TYPES = { [FLOW_NODE]: FlowNode };

export default function WorkflowEditor() {
  const { workflowId = '' } = useParams();
  const { t } = useTranslation();
  const workflow = useWorkflow(workflowId);
  if (workflow.isLoading) return <Spin style={{ display: 'block', margin: 64 }} />;
  if (!workflow.data) return <Result status="warning" title={messageOf(workflow.error)} extra={<Link to="/workflows">{t('common.back')}</Link>} />;
  return (
    <ReactFlowProvider>
      <Editor workflow={workflow.data} />
    </ReactFlowProvider>
  );
}

/** The graph without what only the canvas shows, for undo steps and for "unsaved" detection. */
function snapshot(canvas: Canvas): string {
  return JSON.stringify(toApi(canvas));
}

function Editor({ workflow }: { workflow: Workflow }) {
  const { t } = useTranslation();
  const { message } = AntApp.useApp();
  const client = useQueryClient();
  const flow = useReactFlow();
  const [name, setName] = useState(workflow.name ?? '');
  const [canvas, setCanvas] = useState<Canvas>(() => {
    const initial = toCanvas(workflow.draft ?? {}, autoLayout);
    return withProblems(initial, placeProblems(initial, workflow.errors ?? []));
  });
  const [graphProblems, setGraphProblems] = useState<string[]>(() => placeProblems(canvas, workflow.errors ?? []).graph);
  const history = useRef<History<Canvas>>(start(canvas));
  const [revision, setRevision] = useState(0);
  const [saved, setSaved] = useState(() => snapshot(canvas) + '\u0000' + (workflow.name ?? ''));
  const [run, setRun] = useState<WorkflowRun | null>(null);
  const [running, setRunning] = useState(false);
  const [busy, setBusy] = useState<string | null>(null);
  const clipboard = useRef<Clip | null>(null);
  const pending = useRef<number | undefined>(undefined);
  const wrapper = useRef<HTMLDivElement>(null);
  const dirty = snapshot(canvas) + '\u0000' + name !== saved;

  /** Makes `next` the canvas and an undo step (at once, or after a pause for typing). */
  const commit = useCallback((next: Canvas, later = false) => {
    setCanvas(next);
    window.clearTimeout(pending.current);
    const push = () => {
      history.current = record(history.current, next, (a, b) => snapshot(a) === snapshot(b));
    };
    if (later) pending.current = window.setTimeout(push, 400);
    else push();
  }, []);

  const restore = (target: History<Canvas>) => {
    history.current = target;
    setCanvas(target.present);
    setRevision((r) => r + 1);
  };

  const onNodesChange = useCallback(
    (changes: NodeChange[]) => {
      setCanvas((current) => {
        const next = { ...current, nodes: applyNodeChanges(changes, current.nodes as never) as unknown as CanvasNode[] };
        const structural = changes.some((c) => c.type === 'remove' || c.type === 'add' || (c.type === 'position' && c.dragging === false));
        if (structural) queueMicrotask(() => commit(next));
        return next;
      });
    },
    [commit],
  );
  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      setCanvas((current) => {
        const next = { ...current, edges: applyEdgeChanges(changes, current.edges as never) as unknown as Canvas['edges'] };
        if (changes.some((c) => c.type === 'remove')) queueMicrotask(() => commit(next));
        return next;
      });
    },
    [commit],
  );
  const onConnect = useCallback(
    (connection: Connection) => {
      if (connection.source === connection.target) return;
      const id = edgeId(connection.source, connection.target, connection.sourceHandle);
      if (canvas.edges.some((edge) => edge.id === id)) return;
      commit({ ...canvas, edges: [...canvas.edges, { id, source: connection.source, target: connection.target, sourceHandle: connection.sourceHandle ?? null }] });
    },
    [canvas, commit],
  );

  function addNode(type: string, position?: { x: number; y: number }) {
    const def = nodeType(type);
    const id = nextId(type, canvas.nodes.map((n) => n.id));
    const at = position ?? (() => {
      const box = wrapper.current!.getBoundingClientRect();
      return flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 });
    })();
    const node: CanvasNode = { id, type: FLOW_NODE, position: at, selected: true, data: { type, title: t(def.title as 'workflow.types.llm', { defaultValue: type }), config: def.defaults() } };
    commit({ ...canvas, nodes: [...canvas.nodes.map((n) => ({ ...n, selected: false })), node] });
  }

  const updateConfig = (nodeId: string, config: Record<string, unknown>) =>
    commit({ ...canvas, nodes: canvas.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, config } } : n)) }, true);
  const updateMeta = (nodeId: string, meta: Partial<Pick<CanvasNode['data'], 'title' | 'onError'>>) =>
    commit({ ...canvas, nodes: canvas.nodes.map((n) => (n.id === nodeId ? { ...n, data: { ...n.data, ...meta } } : n)) }, true);

  function showProblems(errors: ValidationProblem[]) {
    const problems = placeProblems(canvas, errors);
    setCanvas((current) => withProblems(current, problems));
    setGraphProblems(problems.graph);
    return problems;
  }

  async function save(): Promise<Workflow | null> {
    setBusy('save');
    try {
      const body = { name, graph: toApi(canvas, workflow.draft?.description ?? undefined) };
      const updated = await call(api.PUT('/admin/v1/workflows/{id}', { params: { path: { id: workflow.id! } }, body }));
      client.setQueryData(workflowKeys.one(workflow.id!), updated);
      void client.invalidateQueries({ queryKey: workflowKeys.all });
      setSaved(snapshot(canvas) + '\u0000' + name);
      showProblems(updated.errors ?? []);
      message.success(updated.errors?.length ? t('workflow.savedWithProblems', { count: updated.errors.length }) : t('workflow.saved'));
      return updated;
    } catch (failure) {
      message.error(messageOf(failure));
      return null;
    } finally {
      setBusy(null);
    }
  }

  async function validate() {
    if (dirty && !(await save())) return;
    const result = await call(api.POST('/admin/v1/workflows/{id}/validate', { params: { path: { id: workflow.id! } } }));
    showProblems(result.errors ?? []);
    if (result.valid) message.success(t('workflow.valid'));
  }

  async function publish() {
    if (dirty && !(await save())) return;
    setBusy('publish');
    try {
      const version = await call(api.POST('/admin/v1/workflows/{id}/publish', { params: { path: { id: workflow.id! } } }));
      void client.invalidateQueries({ queryKey: workflowKeys.all });
      void client.invalidateQueries({ queryKey: workflowKeys.one(workflow.id!) });
      showProblems([]);
      message.success(t('workflow.published', { version: version.version }));
    } catch (failure) {
      if (failure instanceof ApiError && failure.problems.length) showProblems(failure.problems);
      message.error(messageOf(failure));
    } finally {
      setBusy(null);
    }
  }

  function showRun(result: WorkflowRun) {
    setRun(result);
    const traces = new Map((result.nodes ?? []).map((trace) => [trace.nodeId, trace]));
    setCanvas((current) => ({ ...current, nodes: current.nodes.map((n) => ({ ...n, selected: false, data: { ...n.data, trace: traces.get(n.id) } })) }));
  }

  function exportJson() {
    const blob = new Blob([JSON.stringify({ name, graph: toApi(canvas, workflow.draft?.description ?? undefined) }, null, 2)], { type: 'application/json' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = `${workflow.id}.workflow.json`;
    link.click();
    URL.revokeObjectURL(link.href);
  }

  const keyboard = useCallback(
    (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (target.closest('input, textarea, [contenteditable=true], .side-form')) return;
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key.toLowerCase() === 'z' && !event.shiftKey) {
        event.preventDefault();
        restore(undo(history.current));
      } else if (mod && (event.key.toLowerCase() === 'y' || (event.key.toLowerCase() === 'z' && event.shiftKey))) {
        event.preventDefault();
        restore(redo(history.current));
      } else if (mod && event.key.toLowerCase() === 'c') {
        clipboard.current = copy(canvas);
      } else if (mod && event.key.toLowerCase() === 'v' && clipboard.current) {
        event.preventDefault();
        commit(paste(canvas, clipboard.current));
      } else if (mod && event.key.toLowerCase() === 's') {
        event.preventDefault();
        void save();
      }
    },
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [canvas, name],
  );
  useEffect(() => {
    window.addEventListener('keydown', keyboard);
    return () => window.removeEventListener('keydown', keyboard);
  }, [keyboard]);
  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);
  const blocker = useBlocker(({ currentLocation, nextLocation }) => dirty && currentLocation.pathname !== nextLocation.pathname);

  const selected = useMemo(() => {
    const chosen = canvas.nodes.filter((n) => n.selected);
    return chosen.length === 1 ? chosen[0] : null;
  }, [canvas.nodes]);
  const start_ = canvas.nodes.find((n) => n.data.type === 'start');

  return (
    <>
      <div className="page-header">
        <Space wrap>
          <Link to="/workflows" aria-label={t('common.back')}>
            <ArrowLeftOutlined />
          </Link>
          <Input value={name} onChange={(e) => setName(e.target.value)} aria-label={t('common.name')} style={{ width: 240, fontWeight: 600 }} />
          {workflow.publishedVersion ? <Tag color="green">v{workflow.publishedVersion}</Tag> : <Tag>{t('apps.unpublished')}</Tag>}
          {dirty && <Tag color="orange">{t('editor.unsaved')}</Tag>}
        </Space>
        <Space wrap>
          <Tooltip title={t('workflow.undo')}>
            <Button icon={<UndoOutlined />} aria-label={t('workflow.undo')} disabled={history.current.past.length === 0} onClick={() => restore(undo(history.current))} />
          </Tooltip>
          <Tooltip title={t('workflow.redo')}>
            <Button icon={<RedoOutlined />} aria-label={t('workflow.redo')} disabled={history.current.future.length === 0} onClick={() => restore(redo(history.current))} />
          </Tooltip>
          <Button icon={<ApartmentOutlined />} onClick={() => { commit(autoLayout(canvas)); setTimeout(() => void flow.fitView({ duration: 200 })); }}>
            {t('workflow.autoLayout')}
          </Button>
          <Button icon={<SaveOutlined />} onClick={() => void save()} loading={busy === 'save'} disabled={!dirty}>
            {t('common.save')}
          </Button>
          <Button icon={<CheckCircleOutlined />} onClick={() => void validate()}>
            {t('workflow.validate')}
          </Button>
          <Button icon={<CaretRightOutlined />} onClick={() => setRunning(true)}>
            {t('workflow.debugRun')}
          </Button>
          <Button icon={<DownloadOutlined />} onClick={exportJson} aria-label={t('workflow.export')}>
            {t('workflow.export')}
          </Button>
          <Button type="primary" icon={<CloudUploadOutlined />} onClick={() => void publish()} loading={busy === 'publish'}>
            {t('editor.publish')}
          </Button>
        </Space>
      </div>
      {graphProblems.length > 0 && <Alert type="error" showIcon title={graphProblems.join(' · ')} style={{ marginBottom: 8 }} data-testid="graph-problems" />}
      <div className="canvas-wrap">
        <Palette onAdd={(type) => addNode(type)} />
        <div
          ref={wrapper}
          style={{ position: 'relative', minWidth: 0 }}
          onDragOver={(event) => {
            if (event.dataTransfer.types.includes(DRAG_TYPE)) {
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
            }
          }}
          onDrop={(event) => {
            const type = event.dataTransfer.getData(DRAG_TYPE);
            if (!type) return;
            event.preventDefault();
            addNode(type, flow.screenToFlowPosition({ x: event.clientX - 90, y: event.clientY - 30 }));
          }}
          data-testid="canvas"
        >
          <ReactFlow
            nodes={canvas.nodes as never}
            edges={canvas.edges as never}
            nodeTypes={NODE_TYPES}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={onConnect}
            deleteKeyCode={['Backspace', 'Delete']}
            fitView
            minZoom={0.2}
            maxZoom={2}
            defaultEdgeOptions={{ type: 'smoothstep' }}
            aria-label={t('workflow.canvas')}
          >
            <Background gap={16} />
            <Controls showInteractive={false} />
            <MiniMap pannable zoomable style={{ width: 140, height: 90 }} />
          </ReactFlow>
        </div>
        <SidePanel key={`${selected?.id ?? 'run'}:${revision}`} canvas={canvas} node={selected} run={run} onConfig={updateConfig} onMeta={updateMeta} />
      </div>
      {running && (
        <DebugRunDialog
          workflowId={workflow.id!}
          startNode={start_ ?? null}
          beforeRun={async () => !dirty || (await save()) !== null}
          onRun={showRun}
          onProblems={(errors) => showProblems(errors)}
          onClose={() => setRunning(false)}
        />
      )}
      <Modal open={blocker.state === 'blocked'} title={t('editor.leaveTitle')} okText={t('editor.leave')} cancelText={t('editor.stay')} okButtonProps={{ danger: true }} onOk={() => blocker.proceed?.()} onCancel={() => blocker.reset?.()}>
        {t('editor.leaveBody')}
      </Modal>
    </>
  );
}
