import { lazy, Suspense } from 'react';
import { Spin } from 'antd';
import type { App } from '../apps/queries';
import type { AppTab } from '../apps/tabs';

// The charts library is large: it loads when the tab opens, not with the editor.
const AnalyticsView = lazy(() => import('./AnalyticsView'));

function AnalyticsTab({ app }: { app: App }) {
  return (
    <Suspense fallback={<Spin />}>
      <AnalyticsView appId={app.id!} />
    </Suspense>
  );
}

export default { key: 'analytics', order: 40, title: 'editor.tabs.analytics', Tab: AnalyticsTab } satisfies AppTab;
