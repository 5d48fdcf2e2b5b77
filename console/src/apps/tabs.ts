import type { ComponentType } from 'react';
import type { App } from './queries';

/**
 * The app editor's tabs after "Orchestrate" and "Versions": channels, API keys, logs, analytics and
 * whatever comes next. Each is a `*.tab.tsx` file anywhere under `src/` whose default export is an
 * `AppTab`; the editor picks it up by itself.
 */
export interface AppTab {
  key: string;
  order: number;
  /** i18n key of the tab's label. */
  title: string;
  Tab: ComponentType<{ app: App }>;
}

const modules = import.meta.glob<{ default: AppTab }>('../**/*.tab.tsx', { eager: true });

export const APP_TABS: AppTab[] = Object.values(modules)
  .map((module) => module.default)
  .sort((a, b) => a.order - b.order);
