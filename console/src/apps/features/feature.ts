import type { ComponentType } from 'react';
import type { AppConfig } from '../queries';

/**
 * One section of the app editor's features panel. A feature is a file `<name>.feature.tsx` in this
 * folder whose default export is a `Feature`: the panel picks it up by itself. `fields` names the
 * draft settings it edits — typed against the generated API schema, so a feature can only be added
 * once the admin API's AppConfig has its fields.
 */
export interface Feature {
  key: string;
  /** Position in the panel, lower first. */
  order: number;
  fields: readonly (keyof AppConfig)[];
  /** i18n keys of the title and the one-line help. */
  title: string;
  help: string;
  /** The form items; they live inside the editor's form (names are draft paths). */
  Form: ComponentType;
  /** True when the feature is switched on in this draft (shown as a badge when collapsed). */
  active?: (draft: Partial<AppConfig>) => boolean;
}

export function defineFeature(feature: Feature): Feature {
  return feature;
}
