import { Form, InputNumber, Switch } from 'antd';
import { useTranslation } from 'react-i18next';
import { defineFeature } from './feature';

/** Follow-up suggestions: on sets {count: 3}, off sets null (the API's "none"). */
function FollowUpsForm() {
  const { t } = useTranslation();
  const form = Form.useFormInstance();
  const followUps = Form.useWatch('followUps', { form, preserve: true });
  return (
    <>
      <Form.Item label={t('features.followUpsOn')}>
        <Switch
          aria-label={t('features.followUpsOn')}
          checked={!!followUps}
          onChange={(on) => form.setFieldValue('followUps', on ? { count: 3 } : null)}
        />
      </Form.Item>
      {followUps ? (
        <Form.Item name={['followUps', 'count']} label={t('features.followUpsCount')}>
          <InputNumber min={1} max={5} />
        </Form.Item>
      ) : null}
    </>
  );
}

export default defineFeature({
  key: 'followUps',
  order: 15,
  fields: ['followUps'],
  title: 'features.followUps',
  help: 'features.followUpsHelp',
  Form: FollowUpsForm,
  active: (draft) => draft.followUps != null,
});
