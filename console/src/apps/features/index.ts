import type { Feature } from './feature';

// Every `*.feature.tsx` beside this file is a feature of the panel, ordered by `order`.
const modules = import.meta.glob<{ default: Feature }>('./*.feature.tsx', { eager: true });

export const FEATURES: Feature[] = Object.values(modules)
  .map((module) => module.default)
  .sort((a, b) => a.order - b.order);
