import { useQuery } from '@tanstack/react-query';
import { Form, Input, Select, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { api, call } from '../../api/client';
import { defineFeature } from './feature';

/** The shared keyword lists an app may name. */
function useSharedLists() {
  return useQuery({
    queryKey: ['moderation', 'lists', 'shared'],
    queryFn: () => call(api.GET('/admin/v1/moderation/lists', {})),
  });
}

/** Content moderation: on sets the defaults (block input, mask output), off sets null (none). */
function ModerationForm() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const moderation = Form.useWatch('moderation', { form, preserve: true });
  const shared = useSharedLists();
  const options = (shared.data?.lists ?? []).map((list) => ({
    value: list.id ?? '',
    label: `${list.name ?? list.id} (${list.words ?? 0})`,
  }));
  return (
    <>
      <Form.Item label={t('features.moderationOn')}>
        <Switch
          aria-label={t('features.moderationOn')}
          checked={!!moderation}
          onChange={(on) =>
            form.setFieldValue('moderation', on ? { input: 'block', output: 'mask', lists: [] } : null)
          }
        />
      </Form.Item>
      {moderation ? (
        <>
          <Form.Item name={['moderation', 'input']} label={t('features.moderationInput')}>
            <Select
              options={[
                { value: 'block', label: t('features.moderationBlock') },
                { value: 'mask', label: t('features.moderationMask') },
                { value: 'off', label: t('features.moderationOff') },
              ]}
            />
          </Form.Item>
          <Form.Item name={['moderation', 'output']} label={t('features.moderationOutput')}>
            <Select
              options={[
                { value: 'mask', label: t('features.moderationMask') },
                { value: 'replace', label: t('features.moderationReplace') },
                { value: 'off', label: t('features.moderationOff') },
              ]}
            />
          </Form.Item>
          <Form.Item name={['moderation', 'lists']} label={t('features.moderationLists')}>
            <Select mode="multiple" options={options} loading={shared.isLoading} allowClear />
          </Form.Item>
          <Form.Item name={['moderation', 'presetReply']} label={t('features.moderationPreset')}>
            <Input.TextArea autoSize={{ minRows: 1, maxRows: 4 }} maxLength={2000} />
          </Form.Item>
        </>
      ) : null}
    </>
  );
}

export default defineFeature({
  key: 'moderation',
  order: 17,
  fields: ['moderation'],
  title: 'features.moderation',
  help: 'features.moderationHelp',
  Form: ModerationForm,
  active: (draft) => draft.moderation != null,
});
