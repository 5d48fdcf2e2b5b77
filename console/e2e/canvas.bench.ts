import { expect, test } from '@playwright/test';

// Canvas smoothness with 100 nodes (a benchmark, not a test: docs/benchmarks.md). Against a running
// gateway: SWITCHBOARD_URL=http://127.0.0.1:8080 SWITCHBOARD_ADMIN_PASSWORD=... npm run bench:canvas
// Prints frame times (requestAnimationFrame deltas) while panning the canvas and dragging a node.

const PASSWORD = process.env.SWITCHBOARD_ADMIN_PASSWORD ?? 'test-admin-password';

test('frame time with 100 nodes', async ({ page, request, baseURL }) => {
  test.setTimeout(300_000);
  const login = await request.post('/admin/v1/auth/login', { data: { username: 'admin', password: PASSWORD } });
  const { token, expiresAt } = await login.json();
  const nodes = [
    { id: 'start', type: 'start', config: { inputs: [{ name: 'query', type: 'string', required: true }] } },
    ...Array.from({ length: 98 }, (_, i) => ({ id: `code${i + 1}`, type: 'code', config: { code: 'function main(i) { return { result: i }; }', inputs: {}, outputs: [{ name: 'result', type: 'object' }] } })),
    { id: 'end', type: 'end', config: { outputs: [{ name: 'answer', value: 'start.query' }] } },
  ];
  // Ten lanes of ten, wired lane by lane.
  const edges = [];
  for (let i = 1; i <= 98; i++) edges.push({ from: i <= 10 ? 'start' : `code${i - 10}`, to: `code${i}` });
  for (let i = 89; i <= 98; i++) edges.push({ from: `code${i}`, to: 'end' });
  const created = await request.post('/admin/v1/workflows', { headers: { authorization: `Bearer ${token}` }, data: { name: 'Hundred nodes', graph: { nodes, edges } } });
  const workflow = await created.json();
  await page.goto(`${baseURL}/console/login`);
  await page.evaluate(([t, e]) => localStorage.setItem('switchboard.session', JSON.stringify({ token: t, username: 'admin', expiresAt: e })), [token, expiresAt]);
  await page.goto(`${baseURL}/console/workflows/${workflow.id}`);
  await expect(page.locator('.react-flow__node')).toHaveCount(100);
  const pane = (await page.locator('.react-flow__pane').boundingBox())!;

  async function measure(action: () => Promise<void>) {
    await page.evaluate(() => {
      const w = window as unknown as { frames_: number[]; stop_: boolean };
      w.frames_ = [];
      w.stop_ = false;
      let last = performance.now();
      const tick = (now: number) => {
        w.frames_.push(now - last);
        last = now;
        if (!w.stop_) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
    });
    await action();
    const frames = await page.evaluate(() => {
      const w = window as unknown as { frames_: number[]; stop_: boolean };
      w.stop_ = true;
      return w.frames_.slice(1);
    });
    const sorted = [...frames].sort((a, b) => a - b);
    const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))].toFixed(1);
    return { frames: frames.length, p50: at(50), p95: at(95), max: sorted.at(-1)!.toFixed(1) };
  }

  const pan = await measure(async () => {
    await page.mouse.move(pane.x + pane.width / 2, pane.y + pane.height / 2);
    await page.mouse.down();
    for (let i = 0; i < 120; i++) await page.mouse.move(pane.x + pane.width / 2 + Math.sin(i / 10) * 200, pane.y + pane.height / 2 + Math.cos(i / 10) * 120);
    await page.mouse.up();
  });
  const node = (await page.locator('.react-flow__node[data-id="code45"]').boundingBox())!;
  const drag = await measure(async () => {
    await page.mouse.move(node.x + 40, node.y + 15);
    await page.mouse.down();
    for (let i = 0; i < 120; i++) await page.mouse.move(node.x + 40 + i * 2, node.y + 15 + Math.sin(i / 8) * 60);
    await page.mouse.up();
  });
  console.log(`100 nodes — pan: ${JSON.stringify(pan)} ms; drag a node: ${JSON.stringify(drag)} ms`);
});
