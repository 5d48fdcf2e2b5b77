import { useState } from 'react';
import type { FormInstance } from 'antd';
import { ApiError, messageOf, namePath } from '../api/errors';

/**
 * Submits a form through the admin API and puts an error where it belongs: next to the field the
 * API's message names when the form has that field, else above the form (`formError`).
 */
export function useApiForm<V>(form: FormInstance, action: (values: V) => Promise<unknown>, prefix: (string | number)[] = []) {
  const [busy, setBusy] = useState(false);
  const [formError, setFormError] = useState<string | null>(null);
  async function submit(values: V) {
    setBusy(true);
    setFormError(null);
    try {
      await action(values);
    } catch (failure) {
      if (!placeOnField(form, failure, prefix)) setFormError(messageOf(failure));
    } finally {
      setBusy(false);
    }
  }
  return { submit, busy, formError, setFormError };
}

/** Shows an API error on the form field it names; false when the form has no such field. */
export function placeOnField(form: FormInstance, failure: unknown, prefix: (string | number)[] = []): boolean {
  if (!(failure instanceof ApiError) || !failure.field) return false;
  const path = [...prefix, ...namePath(failure.field)];
  const registered = form.getFieldsError().map((field) => field.name.join('\u0000'));
  // Try the full path, then shorter ones: "model.providerId" may be shown on the "model" picker.
  for (let length = path.length; length > prefix.length; length--) {
    const candidate = path.slice(0, length);
    if (registered.includes(candidate.join('\u0000'))) {
      form.setFields([{ name: candidate, errors: [failure.message] }]);
      form.scrollToField(candidate, { block: 'center' });
      return true;
    }
  }
  return false;
}
