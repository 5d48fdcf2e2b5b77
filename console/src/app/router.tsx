import { lazy, Suspense, type ComponentType, type LazyExoticComponent } from 'react';
import { Spin } from 'antd';
import { createBrowserRouter, Navigate } from 'react-router';
import { Shell } from './Shell';
import { RequireSession } from '../auth/RequireSession';
import { LoginPage } from '../auth/LoginPage';
import { RouteError } from './RouteError';

// Every screen is its own chunk: the first load carries only the shell and the login page.
function page(component: LazyExoticComponent<ComponentType>) {
  const Page = component;
  return (
    <Suspense fallback={<Spin style={{ display: 'block', margin: 64 }} />}>
      <Page />
    </Suspense>
  );
}

const AppsPage = lazy(() => import('../apps/AppsPage'));
const AppEditor = lazy(() => import('../apps/AppEditor'));
const ProvidersPage = lazy(() => import('../providers/ProvidersPage'));
const ModerationPage = lazy(() => import('../moderation/ModerationPage'));
const KnowledgePage = lazy(() => import('../knowledge/KnowledgePage'));
const KnowledgeBasePage = lazy(() => import('../knowledge/KnowledgeBasePage'));
const ToolsPage = lazy(() => import('../tools/ToolsPage'));
const WorkflowsPage = lazy(() => import('../workflows/WorkflowsPage'));
const WorkflowEditor = lazy(() => import('../workflows/WorkflowEditor'));
const MembersPage = lazy(() => import('../workspaces/MembersPage'));
const InvitePage = lazy(() => import('../workspaces/InvitePage'));

export const router = createBrowserRouter(
  [
    { path: '/login', element: <LoginPage />, errorElement: <RouteError /> },
    { path: '/invite', element: page(InvitePage), errorElement: <RouteError /> },
    {
      path: '/',
      element: (
        <RequireSession>
          <Shell />
        </RequireSession>
      ),
      errorElement: <RouteError />,
      children: [
        { index: true, element: <Navigate to="/apps" replace /> },
        { path: 'apps', element: page(AppsPage) },
        { path: 'apps/:appId/:tab?', element: page(AppEditor) },
        { path: 'workflows', element: page(WorkflowsPage) },
        { path: 'workflows/:workflowId', element: page(WorkflowEditor) },
        { path: 'knowledge', element: page(KnowledgePage) },
        { path: 'knowledge/:kbId', element: page(KnowledgeBasePage) },
        { path: 'tools', element: page(ToolsPage) },
        { path: 'providers', element: page(ProvidersPage) },
        { path: 'moderation', element: page(ModerationPage) },
        { path: 'members', element: page(MembersPage) },
        { path: '*', element: <Navigate to="/apps" replace /> },
      ],
    },
  ],
  { basename: '/console' },
);
